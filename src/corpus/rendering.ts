import type { Language } from '../types.ts';
import type { ParsedDigest } from './sections.ts';
import { splitSentences } from './sentences.ts';
import { textLines } from './parse.ts';

/**
 * A rendering is a second file aligned to the digest line by line, in the other language (`<name>.en.txt` for a
 * Chinese digest, `<name>.zh.txt` for an English one): line N renders line N, sentence by sentence, so a quoted
 * sentence can be shown in the reader's language and traced back to the original. This module checks the alignment
 * and the fidelity of each rendered line.
 */

export type Alignment = { ok: true; lines: string[] } | { ok: false; problem: string };

/** The rendering's lines when every non-blank line of the digest has a rendered line at the same number. */
export function alignRendering(digest: ParsedDigest, text: string): Alignment {
  const lines = textLines(text);
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

/** An amount as an English text writes it, "50 billion" / "50B" read as 5e10. */
const englishAmount = (digits: string, unit: string | undefined) => Math.round(Number(plain(digits)) * (unit ? MULTIPLIER[unit.toLowerCase()]! : 1));

/** The amounts an English text states. */
function englishAmounts(text: string): Set<number> {
  return new Set([...text.matchAll(ENGLISH_AMOUNT)].map(([, digits, unit]) => englishAmount(digits!, unit)));
}

/** The amounts a Chinese text states in 亿 or 万, read as numbers ("500 亿" = 5e10). */
function chineseAmounts(text: string): Map<string, number> {
  return new Map([...text.matchAll(CHINESE_UNIT)].map(([whole, digits, unit]) => [whole, Math.round(Number(digits) * MULTIPLIER[unit!]!)]));
}

/** A Latin word an English text writes as a name ("LoRA", "GPT-4", "SSD"): a rendering keeps it as it stands. */
const isName = (word: string) => /\d|[A-Z]/u.test(word.slice(1));

/**
 * What a rendered line fails to carry over from its original (written in `from`): a URL, a number (an amount may be
 * restated in the other language's units: 亿/万 as billions or millions, and back), a term (every Latin word of a
 * Chinese original; the names of an English one), a hedge dropped, or a different number of sentences (which would
 * break sentence alignment). Empty when the rendering is faithful in these respects.
 */
export function renderingProblems(original: string, rendering: string, from: Language = 'zh'): string[] {
  const problems: string[] = [];
  const lowered = rendering.toLowerCase();
  const renderedDigits = plain(rendering);
  const originalSentences = splitSentences(original).length;
  const renderedSentences = splitSentences(rendering).length;
  if (originalSentences !== renderedSentences) problems.push(`${originalSentences} sentences rendered as ${renderedSentences}`);
  for (const url of original.match(URL) ?? []) if (!rendering.includes(url)) problems.push(`URL ${url}`);
  const withoutUrls = original.replace(URL, ' ');
  const terms = (withoutUrls.match(LATIN) ?? []).filter((term) => from === 'zh' || isName(term));
  for (const term of terms) if (!lowered.includes(term.toLowerCase())) problems.push(`term ${term}`);
  if (from === 'zh') {
    const amounts = englishAmounts(rendering);
    const converted = chineseAmounts(withoutUrls);
    for (const [whole, value] of converted) if (!amounts.has(value)) problems.push(`amount ${whole}`);
    const rest = [...converted.keys()].reduce((text, amount) => text.replaceAll(amount, ' '), withoutUrls);
    for (const number of rest.match(NUMBER) ?? []) if (!renderedDigits.includes(plain(number))) problems.push(`number ${number}`);
  } else {
    const restated = new Set([...chineseAmounts(rendering).values(), ...englishAmounts(rendering)]);
    for (const [whole, digits, unit] of withoutUrls.matchAll(ENGLISH_AMOUNT)) {
      if (!restated.has(englishAmount(digits!, unit)) && !renderedDigits.includes(plain(digits!))) problems.push(`number ${whole.trim()}`);
    }
  }
  const [hedge, kept] = from === 'zh' ? [ZH_HEDGE, EN_HEDGE] : [EN_HEDGE, ZH_HEDGE];
  if (hedge.test(original) && !kept.test(rendering)) problems.push(`hedge ${hedge.exec(original)![0]}`);
  return problems;
}
