import fs from 'node:fs';
import { createRequire } from 'node:module';
import { Jieba } from '@node-rs/jieba';
import { stemmer } from 'stemmer';
import { ENGLISH_STOPWORDS, hasHan, STOPWORDS } from './function-words.ts';
import { escapeRegExp } from '../util/regexp.ts';

/**
 * Tokens for lexical search over Chinese text with embedded Latin terms. Chinese runs are segmented by
 * jieba in search mode (which also emits the shorter words inside long compounds) plus joined pairs of
 * adjacent words; Latin runs keep model
 * names and numbers whole ("mixtral-8x7b", "2307.09288", "65b") and also add their hyphen-separated parts.
 */
let jieba: Jieba | undefined;
// jieba's dictionary, read when first needed: its own dict.js also reads an IDF table (6 MB) that paperbot never uses.
const segmenter = () => (jieba ??= Jieba.withDict(fs.readFileSync(createRequire(import.meta.url).resolve('@node-rs/jieba/dict.txt'))));

const RUNS = /[\p{Script=Han}]+|[a-z0-9]+(?:[.\-+][a-z0-9]+)*/gu;

export function normalize(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

export { escapeRegExp };

/** A word of lower-case Latin letters only: stemmed, and the kind a dictionary holds. */
export const PLAIN_WORD = /^[a-z]+$/u;

/**
 * A name as it may stand in normalized text: Latin names as whole words ("sam" not in "same", "lora" not inside
 * "qlora"), spaces and hyphens optional between its parts and before a number ("bloomberg gpt" = "bloombergGPT",
 * "GPT-2" = "GPT2" = "GPT 2"); Chinese names as they are.
 */
export function namePattern(name: string): RegExp {
  let pattern = namePatterns.get(name);
  if (!pattern) {
    // Its parts may be written apart or joined: "Llama 2" / "llama2", "FacebookMoE" / "facebook MoE".
    const parts = normalize(name.replace(/(?<=\p{Ll})(?=\p{Lu})/gu, ' ')).replace(/(?<=[a-z])(?=\d)/gu, ' ');
    const escaped = escapeRegExp(parts).replace(/[\s-]+/gu, '[\\s-]*');
    pattern = new RegExp(`(?<![a-z0-9])${escaped}(?![a-z0-9])`, 'u');
    // Names come from the catalogue, the digest and questions' subjects: a bounded cache saves rebuilding them.
    if (namePatterns.size < 10_000) namePatterns.set(name, pattern);
  }
  return pattern;
}
const namePatterns = new Map<string, RegExp>();

export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  for (const [run] of normalize(text).matchAll(RUNS)) {
    if (hasHan(run)) {
      tokens.push(...segmenter().cutForSearch(run, true));
      // Adjacent words joined ("基础"+"模型") let a compound in the question match the same compound only.
      const words = segmenter().cut(run, true);
      for (let i = 1; i < words.length; i++) {
        if ([...words[i - 1]!].length >= 2 && [...words[i]!].length >= 2) tokens.push(words[i - 1]! + words[i]!);
      }
    } else {
      tokens.push(run, ...joinedParts(run));
    }
  }
  return tokens.filter((t) => t.length > 0 && !STOPWORDS.has(t));
}

/** A joined term's parts ("mixtral-8x7b" → mixtral, 8x7b); none for a plain word or a number ("2307.09288", "1.5"). */
function joinedParts(run: string): string[] {
  return JOINS.test(run) && !/^\d+(\.\d+)*$/u.test(run) ? run.split(JOINS) : [];
}
const JOINS = /[.\-+]/u;

/** A text's words with jieba's part-of-speech tags ("n…" nouns, "v…" verbs, "m" numerals, "q" measure words, "eng" Latin words). */
export function taggedWords(text: string): { word: string; tag: string }[] {
  return segmenter().tag(text.normalize('NFKC'), true);
}

/** Warms jieba's dictionary so the first question does not pay for it. */
export function warmTokenizer(): void {
  segmenter();
}

const LATIN_WORD = /[a-z0-9]+(?:[.\-+][a-z0-9]+)*/gu;

/**
 * Tokens for lexical search over English text (an English rendering, an English question): content words,
 * Porter-stemmed so "parameters" meets "parameter"; model names and numbers stay whole ("mixtral-8x7b", "65b")
 * and also give their hyphen-separated parts.
 */
export function englishTokens(text: string): string[] {
  const tokens: string[] = [];
  const normalized = normalize(text);
  for (const [run] of normalized.matchAll(LATIN_WORD)) {
    const split = joinedParts(run);
    // "fine-tuning" also meets "finetune", "pre-trained" "pretrained"
    const joined = split.length > 0 && /^[a-z]+-[a-z]+$/u.test(run) ? [run.replace('-', '')] : [];
    const parts = [run, ...joined, ...split];
    for (const part of parts) {
      if (part.length === 0 || STOPWORDS.has(part) || ENGLISH_STOPWORDS.has(part)) continue;
      tokens.push(PLAIN_WORD.test(part) ? stemmer(part) : part);
    }
  }
  tokens.push(...sizeTokens(normalized));
  return tokens;
}

/** "65 billion" and "65-billion-parameter" are also "65b", as digests write sizes; "70 million" "70m". */
export function sizeTokens(text: string): string[] {
  return [...normalize(text).matchAll(/(\d+(?:\.\d+)?)[\s-]*(billion|million)/gu)].map(
    ([, amount, unit]) => `${amount}${unit === 'billion' ? 'b' : 'm'}`,
  );
}
