import fs from 'node:fs';
import { createRequire } from 'node:module';
import { Jieba } from '@node-rs/jieba';
import { stemmer } from 'stemmer';

/**
 * Tokens for lexical search over Chinese text with embedded Latin terms. Chinese runs are segmented by
 * jieba in search mode (which also emits the shorter words inside long compounds) plus joined pairs of
 * adjacent words; Latin runs keep model
 * names and numbers whole ("mixtral-8x7b", "2307.09288", "65b") and also add their hyphen-separated parts.
 */
let jieba: Jieba | undefined;
// jieba's dictionary, read when first needed: its own dict.js also reads an IDF table (6 MB) that paperbot never uses.
const segmenter = () => (jieba ??= Jieba.withDict(fs.readFileSync(createRequire(import.meta.url).resolve('@node-rs/jieba/dict.txt'))));

const HAN = /\p{Script=Han}/u;
/** Whether a text writes any Chinese character. */
export const hasHan = (text: string) => HAN.test(text);
const RUNS = /[\p{Script=Han}]+|[a-z0-9]+(?:[.\-+][a-z0-9]+)*/gu;

/** Function words and question words that carry no topic in either language. */
const STOPWORDS = new Set(
  (
    '的 了 是 在 和 与 及 或 也 都 就 而 被 把 对 从 向 为 以 于 之 其 这 那 这个 那个 这些 那些 它 它们 他们 我们 你 我 他 她 ' +
    '吗 呢 吧 啊 么 什么 怎么 怎样 怎么样 如何 为什么 哪 哪些 哪个 哪里 多少 几 是否 有没有 有 没有 能 能否 可以 会 要 ' +
    '一个 一种 一些 个 种 中 上 下 请 问 告诉 关于 论文 这篇 该 那么 吗? ' +
    'a an the is are was were be been do does did what which who whom whose how why when where can could ' +
    'should would will of in on at to for from by with about as and or not it its this that these those there ' +
    'i you we they he she me my your our their any some many much tell paper papers digest please'
  ).split(/\s+/u),
);

export function normalize(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
}

/**
 * A name as it may stand in normalized text: Latin names as whole words ("sam" not in "same", "lora" not inside
 * "qlora"), spaces and hyphens optional between its parts and before a number ("bloomberg gpt" = "bloombergGPT",
 * "GPT-2" = "GPT2" = "GPT 2"); Chinese names as they are.
 */
export function namePattern(name: string): RegExp {
  let pattern = namePatterns.get(name);
  if (!pattern) {
    const escaped = escapeRegExp(normalize(name).replace(/(?<=[a-z])(?=\d)/gu, ' ')).replace(/[\s-]+/gu, '[\\s-]*');
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
    if (HAN.test(run)) {
      tokens.push(...segmenter().cutForSearch(run, true));
      // Adjacent words joined ("基础"+"模型") let a compound in the question match the same compound only.
      const words = segmenter().cut(run, true);
      for (let i = 1; i < words.length; i++) {
        if ([...words[i - 1]!].length >= 2 && [...words[i]!].length >= 2) tokens.push(words[i - 1]! + words[i]!);
      }
    } else {
      tokens.push(run);
      if (/[.\-+]/u.test(run) && !/^\d+(\.\d+)*$/u.test(run)) tokens.push(...run.split(/[.\-+]/u));
    }
  }
  return tokens.filter((t) => t.length > 0 && !STOPWORDS.has(t));
}

/** Warms jieba's dictionary so the first question does not pay for it. */
export function warmTokenizer(): void {
  segmenter();
}

/** English function words on top of STOPWORDS: an English rendering is searched by its content words only. */
const ENGLISH_STOPWORDS = new Set(
  (
    'am has have had having into than then so such only also just very more most other same own too again further once ' +
    'here all both each few no nor if but because until while during before after above below up down out off over under ' +
    'between through s t don now mean means say says said get got does doing done know us him her them his hers theirs yes ' +
    'work works happen happens ' +
    // how people ask, not what they ask about
    'mention mentions mentioned tell explain describe summarize summarise talk talks discuss discussed'
  ).split(/\s+/u),
);
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
    const hyphenated = /[.\-+]/u.test(run) && !/^\d+(\.\d+)*$/u.test(run);
    // "fine-tuning" also meets "finetune", "pre-trained" "pretrained"
    const joined = hyphenated && /^[a-z]+-[a-z]+$/u.test(run) ? [run.replace('-', '')] : [];
    const parts = hyphenated ? [run, ...joined, ...run.split(/[.\-+]/u)] : [run];
    for (const part of parts) {
      if (part.length === 0 || STOPWORDS.has(part) || ENGLISH_STOPWORDS.has(part)) continue;
      tokens.push(/^[a-z]+$/u.test(part) ? stemmer(part) : part);
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

/** A word that says how someone asks, not what about ("what", "the", "explain"): never worth translating. */
export function isEnglishFunctionWord(word: string): boolean {
  return STOPWORDS.has(word) || ENGLISH_STOPWORDS.has(word);
}
