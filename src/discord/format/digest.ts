/** What /digest says, built from the message catalogue in the reader's language; plain text, no discord.js. */
import type { ChangeRefusal } from '../../guild-digests/changes.ts';
import type { Download } from '../../guild-digests/download.ts';
import type { GuildDigest } from '../../guild-digests/store.ts';
import { MAX_UPLOAD_BYTES, type UploadPreview, type UploadProblem } from '../../guild-digests/upload.ts';
import { t } from '../../messages/catalogue.ts';
import type { Language } from '../../types.ts';
import { LIMITS } from './limits.ts';
import { escapeMarkdown, truncate } from './text.ts';

/** Papers listed one a line; past this many, the rest are counted. */
const MAX_LISTED = 20;

const languageName = (reader: Language, language: Language) => t(reader, language === 'zh' ? 'languageZh' : 'languageEn');

function paperLines(papers: readonly string[]): string {
  const shown = papers.slice(0, MAX_LISTED).map((heading, i) => `${i + 1}. ${escapeMarkdown(heading)}`);
  if (papers.length > MAX_LISTED) shown.push(`… (+${papers.length - MAX_LISTED})`);
  return shown.join('\n');
}

export function previewText(reader: Language, preview: UploadPreview): string {
  const text = t(reader, 'digestPreview', {
    title: escapeMarkdown(preview.title),
    language: languageName(reader, preview.language),
    count: preview.papers.length,
    lines: paperLines(preview.papers),
  });
  return truncate(text, LIMITS.content);
}

export function listText(reader: Language, digests: readonly GuildDigest[]): string {
  if (digests.length === 0) return t(reader, 'digestNone');
  const lines = digests.map((digest) =>
    t(reader, 'digestListLine', {
      title: escapeMarkdown(digest.title),
      language: languageName(reader, digest.language),
      count: digest.papers.length,
      added: digest.addedAt.slice(0, 10),
    }),
  );
  return truncate(t(reader, 'digestListed', { count: digests.length, lines: lines.join('\n') }), LIMITS.content);
}

export function showText(reader: Language, digest: GuildDigest): string {
  const text = t(reader, 'digestShown', { title: escapeMarkdown(digest.title), count: digest.papers.length, lines: paperLines(digest.papers) });
  return truncate(text, LIMITS.content);
}

/** Why an attachment that did not download was not taken. */
export function downloadProblemText(reader: Language, problem: Exclude<Download, { ok: true }>['problem'], timeoutMs: number): string {
  if (problem === 'too-large') return problemText(reader, problem);
  return problem === 'timeout' ? t(reader, 'digestDownloadTimeout', { seconds: Math.round(timeoutMs / 1000) }) : t(reader, 'digestDownloadFailed');
}

/** Why an attachment cannot be added as a digest. */
export function problemText(reader: Language, problem: UploadProblem): string {
  switch (problem) {
    case 'not-text-format':
      return t(reader, 'digestNotText');
    case 'too-large':
      return t(reader, 'digestTooLarge', { maxMb: MAX_UPLOAD_BYTES / 2 ** 20 });
    case 'binary':
      return t(reader, 'digestBinary');
    case 'not-utf8':
      return t(reader, 'digestNotUtf8');
    case 'empty':
      return t(reader, 'digestEmpty');
    case 'no-papers':
      return t(reader, 'digestNoPapers');
  }
}

/** Why a confirmed change was not made (the title-taken case, which offers to replace, is the caller's). */
export function refusalText(reader: Language, refusal: Exclude<ChangeRefusal, { reason: 'title-taken' }>): string {
  if (refusal.reason === 'limit') return t(reader, 'digestLimit', { limit: refusal.limit });
  if (refusal.reason === 'not-found') return t(reader, 'digestNotFound');
  return problemText(reader, refusal.problem);
}
