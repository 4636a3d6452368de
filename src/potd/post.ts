/**
 * The paper-of-the-day message: a Discord embed built from a paper's profile, a pure function so it can be
 * checked without Discord. Every piece is capped well inside Discord's limits, so the whole embed stays
 * under the 6000-character total by construction.
 */
import type { APIEmbed } from 'discord.js';
import { LIMITS } from '../discord/format/limits.ts';
import { paperTitle } from '../discord/format/paper.ts';
import { shorten } from '../discord/format/text.ts';
import type { PaperProfile } from '../types.ts';

/** What the scheduler hands to the Discord layer's `send`. */
export interface PotdPost {
  paper: PaperProfile;
  embed: APIEmbed;
}

const TITLE_EN_MAX = 300;
const SUMMARY_MAX = 360;
/** Longer than any real arXiv address; anything longer is not shown rather than cut into a broken link. */
const LINK_MAX = 200;
const KEY_POINT_MAX = 300;
const KEY_POINTS_SHOWN = 3;
/** Amber, to tell the daily post apart from /paper cards at a glance. */
const POTD_COLOR = 0xf59f00;

/** Builds the embed for `paper`; `postedAt` shows as the embed's timestamp in each reader's own time zone. */
export function buildPotdEmbed(paper: PaperProfile, postedAt?: Date): APIEmbed {
  // Titled like the /paper card ("§3 …"), so the daily post reads as the same paper one can look up.
  const title = paperTitle(paper);
  const titleEn = shorten(paper.titleEn, TITLE_EN_MAX);
  const description = [titleEn && `*${escapeMarkdown(titleEn)}*`, shorten(paper.summary, SUMMARY_MAX)]
    .filter(Boolean)
    .join('\n\n');
  const link = paper.arxivUrl && paper.arxivUrl.length <= LINK_MAX ? paper.arxivUrl : undefined;
  const keyPoints = paper.keyPoints
    .map((point) => point.trim())
    .filter(Boolean)
    .slice(0, KEY_POINTS_SHOWN)
    .map((point) => `• ${shorten(point, KEY_POINT_MAX)}`);
  const example = paper.exampleQuestion.replaceAll('`', "'").trim();

  const fields: NonNullable<APIEmbed['fields']> = [];
  if (keyPoints.length > 0) fields.push({ name: '要点 · Key points', value: keyPoints.join('\n') });
  if (link) fields.push({ name: 'arXiv', value: link });
  fields.push({
    name: '问问我 · Ask me about it',
    value: shorten(`用 \`/ask\` 问我关于这篇论文的问题，例如：\n\`/ask question: ${example}\``, LIMITS.fieldValue),
  });

  return {
    author: { name: '每日论文 · Paper of the day' },
    title,
    color: POTD_COLOR,
    ...(link ? { url: link } : {}),
    description,
    fields,
    ...(postedAt ? { timestamp: postedAt.toISOString() } : {}),
  };
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\*_~`|]/g, '\\$&');
}
