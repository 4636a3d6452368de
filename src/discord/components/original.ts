import { ButtonBuilder, ButtonStyle, MessageFlags } from 'discord.js';
import { bilingual, t } from '../../messages/catalogue.ts';
import type { Language } from '../../types.ts';
import type { ComponentHandler } from '../commands/command.ts';
import { NO_PINGS } from '../client.ts';
import { originalSourceMessages } from '../format/answer.ts';
import { localeLanguage } from '../locale.ts';
import { papersIn } from '../scope.ts';

const PREFIX = 'original';

/**
 * "Show original" beside the feedback buttons of an answer whose sources an English reader sees in the digest's
 * English rendering. Its custom id is `original:<answerId>`: the feedback record of the answer keeps its citations,
 * Chinese originals included, so the button needs nothing else.
 */
export function originalButton(answerId: string, language: Language): ButtonBuilder {
  return new ButtonBuilder().setCustomId(`${PREFIX}:${answerId}`).setStyle(ButtonStyle.Secondary).setLabel(t(language, 'showOriginal'));
}

export function parseOriginalId(customId: string): string | undefined {
  return /^original:([\w-]{1,80})$/u.exec(customId)?.[1];
}

/** Shows whoever clicks, privately, the Chinese originals of the answer's sources, headed in their client's language. */
export const originalButtons: ComponentHandler = {
  prefix: PREFIX,
  async execute(interaction, context) {
    const answerId = parseOriginalId(interaction.customId);
    const citations = answerId === undefined ? undefined : context.feedback.citations(answerId);
    const messages = citations ? originalSourceMessages(citations, localeLanguage(interaction.locale), papersIn(context, interaction.guildId)) : [];
    const [first, ...rest] = messages;
    if (!first) {
      await interaction.reply({ content: bilingual('originalExpired'), flags: MessageFlags.Ephemeral, allowedMentions: NO_PINGS });
      return;
    }
    await interaction.reply({ embeds: first, flags: MessageFlags.Ephemeral, allowedMentions: NO_PINGS });
    for (const embeds of rest) await interaction.followUp({ embeds, flags: MessageFlags.Ephemeral, allowedMentions: NO_PINGS });
  },
};
