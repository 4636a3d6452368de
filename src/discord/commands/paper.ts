import { ApplicationCommandOptionType, ApplicationCommandType, MessageFlags } from 'discord.js';
import { truncate } from '../format/text.ts';
import { paperKey, samePaper } from '../../corpus/paper-ref.ts';
import { findPaper, suggestPapers } from '../../papers/lookup.ts';
import type { Language, PaperProfile } from '../../types.ts';
import { NO_PINGS } from '../client.ts';
import { LIMITS } from '../format/limits.ts';
import { paperEmbed, paperName, paperNotFoundText } from '../format/paper.ts';
import { localeLanguage } from '../locale.ts';
import { papersIn } from '../scope.ts';
import { argumentsOf, described, type Command, type CommandDefinition } from './command.ts';

const data = {
  type: ApplicationCommandType.ChatInput,
  name: 'paper',
  ...described('paperCommand'),
  options: [{ type: ApplicationCommandOptionType.String, name: 'query', ...described('paperQueryOption'), required: true, autocomplete: true }],
} as const satisfies CommandDefinition;

export const paper: Command = {
  data,

  async execute(interaction, context) {
    const { query } = argumentsOf(data, interaction);
    const language = localeLanguage(interaction.locale);
    const papers = papersIn(context, interaction.guildId);
    const result = findPaper(papers, query);
    if (result.found) {
      const elsewhere = papers.filter((other) => result.paper.alsoIn?.some((ref) => samePaper(ref, other)));
      await interaction.reply({ embeds: [paperEmbed(result.paper, language, elsewhere)], allowedMentions: NO_PINGS });
      return;
    }
    // The reply repeats the query: a link typed into it must not unfold into a preview.
    const content = paperNotFoundText(query, result.suggestions, language);
    await interaction.reply({ content, allowedMentions: NO_PINGS, flags: MessageFlags.SuppressEmbeds });
  },

  async autocomplete(interaction, context) {
    const typed = interaction.options.getFocused();
    const language = localeLanguage(interaction.locale);
    await interaction.respond(
      suggestPapers(papersIn(context, interaction.guildId), typed, LIMITS.choices).map((paper) => paperChoice(paper, language)),
    );
  },
};

/** An autocomplete choice: "§3 QLoRA:… — QLoRA: …", the English title first for an English client. */
export function paperChoice(paper: PaperProfile, language: Language = 'zh'): { name: string; value: string } {
  const name =
    language === 'en' ? `§${paper.section} ${paperName(paper, 'en')} — ${paper.heading}` : `§${paper.section} ${paper.heading} — ${paper.titleEn}`;
  return { name: truncate(name, LIMITS.choiceName), value: paperKey(paper).slice(-LIMITS.choiceValue) };
}
