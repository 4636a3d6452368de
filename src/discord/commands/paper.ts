import { SlashCommandBuilder } from 'discord.js';
import { truncate } from '../format/text.ts';
import { findPaper, paperKey, suggestPapers } from '../../papers/lookup.ts';
import type { PaperProfile } from '../../types.ts';
import { NO_PINGS } from '../client.ts';
import { LIMITS } from '../format/limits.ts';
import { paperEmbed, paperNotFoundText } from '../format/paper.ts';
import type { Command } from './command.ts';

export const paper: Command = {
  data: new SlashCommandBuilder()
    .setName('paper')
    .setDescription('Show a paper from the digest: titles, arXiv link, summary, key points')
    .setDescriptionLocalizations({ 'zh-CN': '查看一篇论文：标题、arXiv 链接、摘要和要点' })
    .addStringOption((option) =>
      option
        .setName('query')
        .setDescription('Title, alias, section number or arXiv id')
        .setDescriptionLocalizations({ 'zh-CN': '标题、别名、章节号或 arXiv 编号' })
        .setRequired(true)
        .setAutocomplete(true),
    ),

  async execute(interaction, context) {
    const query = interaction.options.getString('query', true);
    const result = findPaper(context.qa.papers, query);
    await interaction.reply(
      result.found
        ? { embeds: [paperEmbed(result.paper)], allowedMentions: NO_PINGS }
        : { content: paperNotFoundText(query, result.suggestions), allowedMentions: NO_PINGS },
    );
  },

  async autocomplete(interaction, context) {
    const typed = interaction.options.getFocused();
    await interaction.respond(suggestPapers(context.qa.papers, typed, LIMITS.choices).map(paperChoice));
  },
};

export function paperChoice(paper: PaperProfile): { name: string; value: string } {
  return {
    name: truncate(`§${paper.section} ${paper.headingZh} — ${paper.titleEn}`, LIMITS.choiceName),
    value: paperKey(paper),
  };
}
