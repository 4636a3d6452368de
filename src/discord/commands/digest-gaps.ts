/**
 * `/digest gaps [days]`: the questions asked in this server that no digest answers (refused, or voted 👎), grouped by
 * topic with their counts and a bar chart, so the group sees what to add next. A subcommand of `/digest`: its
 * definition goes into that command's options and its handler is called with the subcommand's options.
 */
import { ApplicationCommandOptionType, AttachmentBuilder, type ChatInputCommandInteraction, MessageFlags } from 'discord.js';
import { coverageGaps, DEFAULT_GAP_DAYS, type GapReport, MAX_GAP_DAYS, SHOWN_TOPICS } from '../../gaps/gaps.ts';
import { t } from '../../messages/catalogue.ts';
import type { Language } from '../../types.ts';
import { QaBusyError } from '../../workers/qa-pool.ts';
import { BUSY_NOTICE } from '../answering.ts';
import { NO_PINGS } from '../client.ts';
import { memberMayManage } from '../components/digest.ts';
import type { BotContext } from '../context.ts';
import { LIMITS } from '../format/limits.ts';
import { truncate } from '../format/text.ts';
import { localeLanguage } from '../locale.ts';
import { quoteUserText } from '../mentions.ts';
import { described, type CommandDefinition, type SubcommandOptions } from './command.ts';

export const gapsSubcommand = {
  type: ApplicationCommandOptionType.Subcommand,
  name: 'gaps',
  ...described('digestGaps'),
  options: [
    {
      type: ApplicationCommandOptionType.Integer,
      name: 'days',
      ...described('digestGapsDaysOption'),
      required: false,
      min_value: 1,
      max_value: MAX_GAP_DAYS,
    },
  ],
} as const satisfies NonNullable<CommandDefinition['options']>[number];

/** The options `gaps` takes, read off its definition as the dispatcher's commands read theirs. */
export type GapsOptions = SubcommandOptions<{ name: 'digest'; description: string; options: readonly [typeof gapsSubcommand] }>['gaps'];

/** A question shown in the list: on one line, cut short, inert (its Markdown shown as typed, nothing pings). */
function listed(question: string, max: number): string {
  return quoteUserText(truncate(question.replace(/\s+/gu, ' ').trim(), max));
}

/** The topics as the reply lists them, numbered as the chart's bars, in the reader's language. */
export function gapsText(report: GapReport, language: Language): string {
  if (report.topics.length === 0) return t(language, 'gapsNone', { days: report.days });
  const lines = [t(language, 'gapsHeading', { days: report.days, questions: report.questions, topics: report.topics.length })];
  report.topics.slice(0, SHOWN_TOPICS).forEach((topic, i) => {
    lines.push(`**#${i + 1}** · ${topic.asked} (🟥 ${topic.refused} · 🟦 ${topic.downVoted}) — ${listed(topic.label, 90)}`);
    for (const example of topic.examples.slice(0, 1)) lines.push(`-# ↳ ${listed(example, 70)}`);
  });
  if (report.topics.length > SHOWN_TOPICS) lines.push(t(language, 'gapsMoreTopics', { count: report.topics.length - SHOWN_TOPICS }));
  if (report.leftOut > 0) lines.push(t(language, 'gapsLeftOut', { count: report.leftOut }));
  return truncate(lines.join('\n'), LIMITS.content);
}

/** Replies privately with the server's gaps and their chart; a member who may not manage digests is told so. */
export async function executeGaps(
  interaction: ChatInputCommandInteraction<'cached' | 'raw'>,
  context: BotContext,
  options: GapsOptions,
): Promise<void> {
  // The same members as manage the digests (Manage Server, or the role /digest-config sets): gaps list members' questions.
  if (!memberMayManage(interaction, context)) {
    await interaction.reply({
      content: t(localeLanguage(interaction.locale), 'digestMayNotManage'),
      flags: MessageFlags.Ephemeral,
      allowedMentions: NO_PINGS,
    });
    return;
  }
  if (!context.embedder) throw new Error('the bot was started without an embedder, so /digest gaps cannot group questions');
  // Embedding the questions waits for an answering worker: longer than the 3 s Discord waits for a reply.
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const days = options.days ?? DEFAULT_GAP_DAYS;
  let report: GapReport;
  try {
    report = await coverageGaps(context.db, context.embedder, { days, guildId: interaction.guildId });
  } catch (error) {
    if (!(error instanceof QaBusyError)) throw error;
    await interaction.editReply({ content: BUSY_NOTICE, allowedMentions: NO_PINGS });
    return;
  }
  const content = gapsText(report, localeLanguage(interaction.locale));
  if (report.topics.length === 0) {
    await interaction.editReply({ content, allowedMentions: NO_PINGS });
    return;
  }
  // Loaded on first use: the charting library and its native canvas stay out of the bot's start-up.
  const { gapsChartPng } = await import('../../gaps/chart.ts');
  const chart = new AttachmentBuilder(gapsChartPng(report.topics), { name: 'coverage-gaps.png' });
  await interaction.editReply({ content, files: [chart], allowedMentions: NO_PINGS });
}
