import type { ParsedDigest } from './sections.ts';
import { splitSentences } from './sentences.ts';

/**
 * An English rendering is a second file aligned to the digest line by line (`<name>.en.txt`): line N renders
 * line N, sentence by sentence, so a quoted sentence can be shown in English and traced back to the original.
 * This module checks the alignment and the fidelity of each rendered line.
 */

export type Alignment = { ok: true; lines: string[] } | { ok: false; problem: string };

/** The rendering's lines when every non-blank line of the digest has a rendered line at the same number. */
export function alignRendering(digest: ParsedDigest, text: string): Alignment {
  const lines = text.replace(/^\uFEFF/u, '').split(/\r?\n/u);
  const needed = [
    ...digest.sections.map((s) => s.headingLine),
    ...digest.sections.flatMap((s) => s.passages.flatMap((p) => [...p.lines.map((l) => l.line), ...(p.subheadingLine === undefined ? [] : [p.subheadingLine])])),
  ];
  const missing = needed.find((n) => !lines[n]?.trim());
  if (missing !== undefined) return { ok: false, problem: `line ${missing + 1} has no rendering` };
  return { ok: true, lines };
}

/** URLs are ASCII: the Chinese text often runs straight on after one ("…/2311.10709对 Emu…"). */
const URL = /https?:\/\/[A-Za-z0-9\-._~:/?#@!$&'*+=%]*[A-Za-z0-9/]/gu;
const LATIN = /[A-Za-z][A-Za-z0-9]*(?:[-+/.][A-Za-z0-9]+)*/gu;
const NUMBER = /\d+(?:[.,]\d+)*/gu;
const CHINESE_UNIT = /(\d+(?:\.\d+)?)\s*(亿|万)/gu;
const ENGLISH_AMOUNT = /(\d+(?:[.,]\d+)*)\s*(billion|million|thousand|[BMK](?![a-z]))?/giu;
const ZH_HEDGE = /据传|据说|可能|似乎|也许|大概|估计|或许/u;
const EN_HEDGE = /\b(?:reported(?:ly)?|rumou?red|said to|may|might|likely|probably|possibl[ey]|seems?|appears?|could|perhaps|estimated)\b/iu;

const MULTIPLIER: Record<string, number> = { 亿: 1e8, 万: 1e4, billion: 1e9, million: 1e6, thousand: 1e3, b: 1e9, m: 1e6, k: 1e3 };
const plain = (digits: string) => digits.replace(/,/gu, '');

/** The amounts an English text states, with "50 billion" / "50B" read as 5e10. */
function englishAmounts(text: string): Set<number> {
  const amounts = new Set<number>();
  for (const [, digits, unit] of text.matchAll(ENGLISH_AMOUNT)) {
    amounts.add(Math.round(Number(plain(digits!)) * (unit ? MULTIPLIER[unit.toLowerCase()]! : 1)));
  }
  return amounts;
}

/**
 * What a rendered line fails to carry over from its original: a URL, a Latin-script term or a number missing
 * (Chinese amounts in 亿/万 may be restated in billions or millions), a hedge dropped, or a different number
 * of sentences (which would break sentence alignment). Empty when the rendering is faithful in these respects.
 */
export function renderingProblems(original: string, rendering: string): string[] {
  const problems: string[] = [];
  const lowered = rendering.toLowerCase();
  const renderedDigits = plain(rendering);
  const zhSentences = splitSentences(original).length;
  const enSentences = splitSentences(rendering).length;
  if (zhSentences !== enSentences) problems.push(`${zhSentences} sentences rendered as ${enSentences}`);
  for (const url of original.match(URL) ?? []) if (!rendering.includes(url)) problems.push(`URL ${url}`);
  const withoutUrls = original.replace(URL, ' ');
  for (const term of withoutUrls.match(LATIN) ?? []) if (!lowered.includes(term.toLowerCase())) problems.push(`term ${term}`);
  const amounts = englishAmounts(rendering);
  const converted = new Set<string>();
  for (const [whole, digits, unit] of withoutUrls.matchAll(CHINESE_UNIT)) {
    converted.add(whole);
    const value = Math.round(Number(digits) * MULTIPLIER[unit!]!);
    if (!amounts.has(value)) problems.push(`amount ${whole}`);
  }
  const rest = [...converted].reduce((text, amount) => text.replaceAll(amount, ' '), withoutUrls);
  for (const number of rest.match(NUMBER) ?? []) if (!renderedDigits.includes(plain(number))) problems.push(`number ${number}`);
  if (ZH_HEDGE.test(original) && !EN_HEDGE.test(rendering)) problems.push(`hedge ${ZH_HEDGE.exec(original)![0]}`);
  return problems;
}
