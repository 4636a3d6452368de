/**
 * The paper-of-the-day message: a Discord embed built from a paper's profile, a pure function so it can be
 * checked without Discord. Every piece is capped well inside Discord's limits, so the whole embed stays
 * under the 6000-character total by construction.
 */
import type { APIEmbed } from 'discord.js';
import { LIMITS } from '../discord/format/limits.ts';
import { paperLinksText, paperName, paperTitle, sameTitle, shownLanguage } from '../discord/format/paper.ts';
import { escapeMarkdown, shorten } from '../discord/format/text.ts';
import type { Language, PaperProfile } from '../types.ts';

/** What the scheduler hands to the Discord layer's `send`. */
export interface PotdPost {
  paper: PaperProfile;
  /** The language the guild asked for (the embed is Chinese when the paper has no English rendering). */
  language: Language;
  embed: APIEmbed;
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
 * the embed's timestamp in each reader's own time zone.
 */
export function buildPotdEmbed(paper: PaperProfile, postedAt?: Date, language: Language = 'zh'): APIEmbed {
  const shown = shownLanguage(paper, language);
  const text = TEXT[shown];
  const content = shown === 'en' ? paper.en! : paper;
  // Titled like the /paper card ("§3 …"), so the daily post reads as the same paper one can look up.
  const title = paperTitle(paper, shown);
  // The paper's English title under the heading, unless the (English) heading already says it.
  const titleEn = shown === 'zh' || !sameTitle(paper.titleEn, paperName(paper, shown)) ? shorten(paper.titleEn, TITLE_EN_MAX) : '';
  const description = [titleEn && `*${escapeMarkdown(titleEn)}*`, shorten(content.summary, SUMMARY_MAX[shown])]
    .filter(Boolean)
    .join('\n\n');
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
