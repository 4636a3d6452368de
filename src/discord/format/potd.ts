import { type APIEmbed, channelMention, time, TimestampStyles } from 'discord.js';
import type { EffectiveSettings, TodayPaper } from '../../potd/scheduler.ts';
import { nextSlot } from '../../potd/schedule.ts';
import type { GuildOverrides } from '../../potd/store.ts';
import type { Language, PaperProfile } from '../../types.ts';
import { LIMITS } from './limits.ts';
import { paperLinksText, paperName, paperTitle, sameTitle, shownLanguage } from './paper.ts';
import { escapeMarkdown, shorten } from './text.ts';

/** The paper of the day on Discord: the settings /potd-config shows, and the embed of a post or of /potd. */

/**
 * A guild's paper-of-the-day settings as /potd-config shows them: each value says whether the server set it or it
 * is the bot's default, and the next post is a Discord timestamp, which every reader sees in their own time zone.
 */
export function potdSettingsText(settings: EffectiveSettings, now: Date, today?: TodayPaper): string {
  const origin = (key: keyof GuildOverrides) => (key in settings.overrides ? '（本服务器设置 · set here）' : '（默认 · default）');
  const next = settings.enabled && settings.channelId ? nextSlot(settings, now) : undefined;
  const lines = [
    '**每日论文设置 · Paper of the day settings**',
    `频道 · Channel: ${settings.channelId ? channelMention(settings.channelId) : '未设置 · not set'}${origin('channelId')}`,
    `时间 · Schedule: \`${settings.cron}\`${origin('cron')}`,
    `时区 · Time zone: ${settings.timeZone}${origin('timeZone')}`,
    `语言 · Language: ${LANGUAGE_NAMES[settings.language]}${origin('language')}`,
    `状态 · Status: ${status(settings)}${origin('enabled')}`,
    `下一次发布 · Next post: ${next ? `${time(next, TimestampStyles.FullDateShortTime)}（${time(next, TimestampStyles.RelativeTime)}）` : '—'}`,
  ];
  if (today) {
    const state = today.posted ? '已发布 · posted' : '尚未发布 · not posted yet';
    lines.push(`今日论文 · Today's paper: ${paperTitle(today.paper, settings.language)}（${state}）`);
  }
  return lines.join('\n');
}

const LANGUAGE_NAMES: Record<Language, string> = { zh: '中文 · Chinese (zh)', en: '英文 · English (en)' };

function status(settings: EffectiveSettings): string {
  if (!settings.enabled) return '已停用 · disabled';
  if (!settings.channelId) return '已启用，但没有频道，不会发布 · enabled, but nothing is posted until a channel is set';
  return '已启用 · enabled';
}

const TITLE_EN_MAX = 300;
/** English needs about 2.5 times the characters Chinese does for the same text. */
const SUMMARY_MAX = { zh: 360, en: 720 } as const;
/** Three key points and their bullets stay under the 1024-character field limit. */
const KEY_POINT_MAX = { zh: 300, en: 330 } as const;
/** Longer than any real arXiv address; anything longer is not shown rather than cut into a broken link. */
const LINK_MAX = 200;
const KEY_POINTS_SHOWN = 3;
/** Amber, to tell the daily post apart from /paper cards at a glance. */
const POTD_COLOR = 0xf59f00;

const TEXT = {
  zh: {
    author: '每日论文 · Paper of the day',
    keyPoints: '要点 · Key points',
    ask: '问问我 · Ask me about it',
    askHint: '用 `/ask` 问我关于这篇论文的问题，例如：',
  },
  en: {
    author: 'Paper of the day',
    keyPoints: 'Key points',
    ask: 'Ask me about it',
    askHint: 'Ask me anything about this paper with `/ask`, for example:',
  },
} as const;

/**
 * Builds the embed for `paper` in `language` (Chinese when the digest has no English rendering); `postedAt` shows as
 * the embed's timestamp in each reader's own time zone. Every piece is capped well inside Discord's limits, so the
 * whole embed stays under the 6000-character total by construction.
 */
export function buildPotdEmbed(paper: PaperProfile, postedAt?: Date, language: Language = 'zh'): APIEmbed {
  const shown = shownLanguage(paper, language);
  const text = TEXT[shown];
  const content = shown === 'en' ? paper.en! : paper;
  // Titled like the /paper card ("§3 …"), so the daily post reads as the same paper one can look up.
  const title = paperTitle(paper, shown);
  // The paper's English title under the heading, unless the (English) heading already says it.
  const titleEn = shown === 'zh' || !sameTitle(paper.titleEn, paperName(paper, shown)) ? shorten(paper.titleEn, TITLE_EN_MAX) : '';
  const description = [titleEn && `*${escapeMarkdown(titleEn)}*`, shorten(content.summary, SUMMARY_MAX[shown])].filter(Boolean).join('\n\n');
  const link = paper.arxivUrl && paper.arxivUrl.length <= LINK_MAX ? paper.arxivUrl : undefined;
  const links = paperLinksText(paper, shown, LINK_MAX);
  const keyPoints = content.keyPoints
    .map((point) => point.trim())
    .filter(Boolean)
    .slice(0, KEY_POINTS_SHOWN)
    .map((point) => `• ${shorten(point, KEY_POINT_MAX[shown])}`);
  const example = content.exampleQuestion.replaceAll('`', "'").trim();

  const fields: NonNullable<APIEmbed['fields']> = [];
  if (keyPoints.length > 0) fields.push({ name: text.keyPoints, value: keyPoints.join('\n') });
  if (links) fields.push({ name: 'arXiv', value: links });
  fields.push({
    name: text.ask,
    value: shorten(`${text.askHint}\n\`/ask question: ${example}\``, LIMITS.fieldValue),
  });

  return {
    author: { name: text.author },
    title,
    color: POTD_COLOR,
    ...(link ? { url: link } : {}),
    description,
    fields,
    ...(postedAt ? { timestamp: postedAt.toISOString() } : {}),
  };
}
