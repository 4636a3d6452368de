import { ActionRowBuilder, ButtonBuilder, ButtonStyle, MessageFlags } from 'discord.js';
import type { Vote } from '../../storage/feedback.ts';
import { bilingual, t } from '../../messages/catalogue.ts';
import type { Language } from '../../types.ts';
import type { ComponentHandler } from '../commands/command.ts';
import { NO_PINGS } from '../client.ts';

const PREFIX = 'feedback';

/**
 * The 👍/👎 row under an answer, labelled in the answer's language; custom ids are `feedback:<vote>:<answerId>`
 * (well under the 100-char limit).
 */
export function feedbackRow(answerId: string, language: Language = 'zh'): ActionRowBuilder<ButtonBuilder> {
  const button = (vote: Vote, emoji: string, label: string) =>
    new ButtonBuilder().setCustomId(`${PREFIX}:${vote}:${answerId}`).setStyle(ButtonStyle.Secondary).setEmoji(emoji).setLabel(label);
  return new ActionRowBuilder<ButtonBuilder>().addComponents(
    button('up', '👍', t(language, 'feedbackHelpful')),
    button('down', '👎', t(language, 'feedbackNotHelpful')),
  );
}

export function parseFeedbackId(customId: string): { vote: Vote; answerId: string } | undefined {
  const match = /^feedback:(up|down):([\w-]{1,80})$/u.exec(customId);
  return match ? { vote: match[1] as Vote, answerId: match[2]! } : undefined;
}

export const feedbackButtons: ComponentHandler = {
  prefix: PREFIX,
  async execute(interaction, context) {
    const parsed = parseFeedbackId(interaction.customId);
    const stored = parsed !== undefined && context.feedback.vote(parsed.answerId, interaction.user.id, parsed.vote);
    await interaction.reply({
      content: bilingual(stored ? 'feedbackThanks' : 'feedbackExpired'),
      flags: MessageFlags.Ephemeral,
      allowedMentions: NO_PINGS,
    });
  },
};
