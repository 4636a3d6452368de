import { type APIEmbed, channelMention, time, TimestampStyles } from 'discord.js';
import type { EffectiveSettings, TodayPaper } from '../../potd/scheduler.ts';
import { nextSlot } from '../../potd/schedule.ts';
import type { GuildOverrides } from '../../potd/store.ts';
import { dotted, t, type PlainMessageKey } from '../../messages/catalogue.ts';
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
  const origin = (key: keyof GuildOverrides) => `（${dotted(key in settings.overrides ? 'setHere' : 'setByDefault')}）`;
  const next = settings.enabled && settings.channelId ? nextSlot(settings, now) : undefined;
  const lines = [
    `**${dotted('settingsTitle')}**`,
    `${dotted('settingsChannel')}: ${settings.channelId ? channelMention(settings.channelId) : dotted('notSet')}${origin('channelId')}`,
    `${dotted('settingsSchedule')}: \`${settings.cron}\`${origin('cron')}`,
    `${dotted('settingsTimeZone')}: ${settings.timeZone}${origin('timeZone')}`,
    `${dotted('settingsLanguage')}: ${dotted(LANGUAGE_NAMES[settings.language])}${origin('language')}`,
    `${dotted('settingsStatus')}: ${dotted(status(settings))}${origin('enabled')}`,
    `${dotted('settingsNextPost')}: ${next ? `${time(next, TimestampStyles.FullDateShortTime)}（${time(next, TimestampStyles.RelativeTime)}）` : '—'}`,
  ];
  if (today) {
    lines.push(`${dotted('settingsToday')}: ${paperTitle(today.paper, settings.language)}（${dotted(today.posted ? 'posted' : 'notPostedYet')}）`);
  }
  return lines.join('\n');
}

/** The name of each language the paper of the day is posted in. */
const LANGUAGE_NAMES = { zh: 'languageZh', en: 'languageEn' } as const satisfies Record<Language, PlainMessageKey>;

function status(settings: EffectiveSettings): PlainMessageKey {
  if (!settings.enabled) return 'disabled';
  if (!settings.channelId) return 'enabledWithoutChannel';
  return 'enabled';
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

/** A heading of the embed: a Chinese post gives it in English too, as the server may have English readers. */
function heading(key: 'potdAuthor' | 'keyPoints' | 'potdAsk', shown: Language): string {
  return shown === 'zh' ? dotted(key) : t('en', key);
}

/**
 * Builds the embed for `paper` in `language` (Chinese when the digest has no English rendering); `postedAt` shows as
 * the embed's timestamp in each reader's own time zone. Every piece is capped well inside Discord's limits, so the
 * whole embed stays under the 6000-character total by construction.
 */
export function buildPotdEmbed(paper: PaperProfile, postedAt?: Date, language: Language = 'zh'): APIEmbed {
  const shown = shownLanguage(paper, language);
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
  if (keyPoints.length > 0) fields.push({ name: heading('keyPoints', shown), value: keyPoints.join('\n') });
  if (links) fields.push({ name: 'arXiv', value: links });
  fields.push({
    name: heading('potdAsk', shown),
    value: shorten(`${t(shown, 'potdAskHint')}\n\`/ask question: ${example}\``, LIMITS.fieldValue),
  });

  return {
    author: { name: heading('potdAuthor', shown) },
    title,
    color: POTD_COLOR,
    ...(link ? { url: link } : {}),
    description,
    fields,
    ...(postedAt ? { timestamp: postedAt.toISOString() } : {}),
  };
}
