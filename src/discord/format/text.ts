/**
 * Length-bounded text helpers for Discord messages. Lengths are UTF-16 code units (`string.length`),
 * which is what Discord's limits are checked against and never less than the code-point count.
 */
import { CUT_AFTER_SENTENCE } from '../../corpus/sentence-end.ts';

const ELLIPSIS = '…';

/** Cuts `text` to at most `max` units, ending with "…" when cut, never between the halves of a surrogate pair. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= ELLIPSIS.length) return ELLIPSIS.slice(0, max);
  return text.slice(0, safeCut(text, max - ELLIPSIS.length)).trimEnd() + ELLIPSIS;
}

/**
 * Shortens a quoted passage to at most `max` units, preferring to end after a whole sentence (so a quoted source
 * reads as a quote, not a fragment); always ends with "…" when cut, since a quote should show that it goes on.
 */
export function trimPassage(text: string, max: number): string {
  return cutAtSentence(text, max, { markWholeSentences: true });
}

/**
 * Shortens prose (a summary, a key point) to at most `max` units, ending after a whole sentence when that keeps
 * most of the allowance, else mid-sentence with "…"; a text ending after a whole sentence needs no "…".
 */
export function shorten(text: string, max: number): string {
  return cutAtSentence(text, max, { markWholeSentences: false });
}

/** A sentence end is used when it keeps at least this share of the allowance. */
const MIN_SENTENCE_SHARE = 0.6;

function cutAtSentence(text: string, max: number, { markWholeSentences }: { markWholeSentences: boolean }): string {
  const clean = text.trim();
  if (clean.length <= max) return clean;
  const window = clean.slice(0, safeCut(clean, max - ELLIPSIS.length));
  const lastSentenceEnd = Math.max(...[...window.matchAll(CUT_AFTER_SENTENCE)].map((m) => (m.index ?? 0) + m[0].length), 0);
  if (lastSentenceEnd < max * MIN_SENTENCE_SHARE) return window.trimEnd() + ELLIPSIS;
  const sentences = window.slice(0, lastSentenceEnd).trimEnd();
  return markWholeSentences ? sentences + ELLIPSIS : sentences;
}

/** Clause ends, the last natural place to cut before splitting inside words. */
const CLAUSE_END = /[，、,：:]\s*|\s+/gu;
/** A citation marker, which must never be cut in two. */
const CITATION = /\[\d+\]/gu;
const FENCE = /^```/;

/**
 * Splits `text` into chunks of at most `max` units whose concatenation is exactly `text`.
 * Cuts at paragraph breaks first, then line breaks, sentence ends (。！？ and .!?), clause ends, and only then
 * anywhere — but never inside a fenced code block that fits, a `[n]` citation marker or a surrogate pair.
 */
export function splitText(text: string, max: number): string[] {
  if (max < 8) throw new RangeError('max must leave room for a citation marker');
  return pack(blocks(text), max, 0);
}

type Splitter = (text: string) => string[];

/** Finer and finer ways of cutting a piece that is still too long. */
const LEVELS: Splitter[] = [(text) => cutAfter(text, /\n/gu), (text) => cutAfter(text, CUT_AFTER_SENTENCE), (text) => cutAfter(text, CLAUSE_END)];

function pack(pieces: string[], max: number, level: number): string[] {
  const chunks: string[] = [];
  let current = '';
  for (const piece of pieces) {
    if (current.length + piece.length <= max) {
      current += piece;
      continue;
    }
    if (current) chunks.push(current);
    if (piece.length <= max) {
      current = piece;
      continue;
    }
    const finer = level < LEVELS.length ? pack(LEVELS[level]!(piece), max, level + 1) : hardCut(piece, max);
    // The last finer chunk may still share its chunk with what follows.
    current = finer.pop() ?? '';
    chunks.push(...finer);
  }
  if (current) chunks.push(current);
  return chunks;
}

/** Paragraphs (text up to and including a blank line), with each fenced code block kept in one piece. */
function blocks(text: string): string[] {
  const lines = text.split(/(?<=\n)/u);
  const pieces: string[] = [];
  let current = '';
  let inFence = false;
  for (const line of lines) {
    current += line;
    if (FENCE.test(line)) inFence = !inFence;
    if (!inFence && line.trim() === '' && current.trim() !== '') {
      pieces.push(current);
      current = '';
    }
  }
  if (current) pieces.push(current);
  return pieces;
}

function cutAfter(text: string, boundary: RegExp): string[] {
  const pieces: string[] = [];
  let start = 0;
  for (const match of text.matchAll(boundary)) {
    const end = (match.index ?? 0) + match[0].length;
    if (end > start) {
      pieces.push(text.slice(start, end));
      start = end;
    }
  }
  if (start < text.length) pieces.push(text.slice(start));
  return pieces;
}

/** Last resort for a run with no natural break: fixed-size cuts moved back off markers and surrogate pairs. */
function hardCut(text: string, max: number): string[] {
  const chunks: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const at = safeCut(rest, max);
    chunks.push(rest.slice(0, at));
    rest = rest.slice(at);
  }
  if (rest) chunks.push(rest);
  return chunks;
}

/** The largest index ≤ `at` where `text` may be cut: not inside a surrogate pair or a `[n]` marker. */
function safeCut(text: string, at: number): number {
  let cut = Math.min(at, text.length);
  for (const marker of text.matchAll(CITATION)) {
    const start = marker.index ?? 0;
    if (start >= cut) break;
    if (cut < start + marker[0].length && start > 0) cut = start;
  }
  if (cut > 0 && cut < text.length && isHighSurrogate(text.charCodeAt(cut - 1))) cut -= 1;
  return cut > 0 ? cut : Math.min(at, text.length);
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** Shows `text` as written inside Discord Markdown (a title with "*" or "_" stays a title). */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\*_~`|]/g, '\\$&');
}
