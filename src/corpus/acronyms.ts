/** Acronyms as readers and authors make them of a paper's title. */
import { isEnglishFunctionWord } from '../retrieval/function-words.ts';
import type { Paper } from '../types.ts';
import { paperKey, type PaperKey } from './paper-ref.ts';

/** A word in capitals, three to eight letters, maybe ending on a few small ones, as a reader shortens a title ("VAR", "BYOL", "DANet"). */
export const looksLikeAcronym = (word: string) => /^[A-Z]{2,8}[a-z]{0,4}$/u.test(word) && word.length >= 3 && word.length <= 8;

/**
 * How many of a title's first words, `fromWords` or more, an acronym abbreviates ("VAR": the two of "Visual
 * Autoregressive Modeling: …"; "MAE": three of "Masked Autoencoders Are…"); undefined where it abbreviates none.
 */
export function wordsAbbreviated(acronym: string, titleWords: readonly string[], fromWords: number, lastOnly = false): number | undefined {
  const letters = acronym.toLowerCase();
  for (let words = fromWords; words <= titleWords.length; words++) if (abbreviates(letters, titleWords.slice(0, words), lastOnly)) return words;
  return undefined;
}

/**
 * The acronyms a text writes after their expansion, lower case: "reinforcement learning from human feedback (RLHF)",
 * "视觉转换器 (ViT)" → "rlhf", "vit". Saying what a name stands for is the plainest definition the digest gives.
 */
export function spelledOutAcronyms(text: string): Set<string> {
  // As tokenize's normalize() reads it; that module is not imported here, for it loads the segmenter (the gateway needs none).
  const lowered = text.normalize('NFKC').toLowerCase();
  const found = new Set<string>();
  for (const match of lowered.matchAll(/[(]([a-z][a-z0-9-]{1,11})[)]/gu)) {
    if (/[\p{L}][\p{L}\s-]{5}$/u.test(lowered.slice(Math.max(0, match.index - 12), match.index).trimEnd())) found.add(match[1]!);
  }
  return found;
}

/** A paper's title as an acronym is matched against it: its Latin words as written, and the same words joined in lower case. */
export interface AbbreviableTitle {
  words: string[];
  joined: string;
  paper: PaperKey;
}

/** Each paper's titles (heading, its English rendering, English title) split once for abbreviatedTitle. */
export function abbreviableTitles(papers: readonly Paper[]): AbbreviableTitle[] {
  return papers.flatMap((paper) =>
    [...new Set([paper.heading, paper.headingEn ?? '', paper.titleEn])].map((title) => {
      const words = writtenLatinWords(title);
      return { words, joined: words.join(' ').toLowerCase(), paper: paperKey(paper) };
    }),
  );
}

/**
 * The paper whose title an acronym of the asking text abbreviates from its start, two words or more ("VAR" for "Visual
 * Autoregressive Modeling: …"): readers shorten titles as authors do. None where the asking text spells the acronym
 * out itself ("Direct Preference Optimization (DPO)"), where another paper's title writes the words abbreviated too
 * ("LTR" for "Learning to Rank in…" beside "Unified Off-Policy Learning to Rank"), or where it fits two papers' titles.
 */
export function abbreviatedTitle(acronym: string, asking: string, titles: readonly AbbreviableTitle[]): PaperKey | undefined {
  if (!looksLikeAcronym(acronym) || spelledOutAcronyms(asking).has(acronym.toLowerCase())) return undefined;
  const papers = new Set<PaperKey>();
  for (const { words, paper } of titles) {
    const count = wordsAbbreviated(acronym, words, 2, true);
    if (count === undefined) continue;
    const phrase = words.slice(0, count).join(' ').toLowerCase();
    if (titles.some((other) => other.paper !== paper && other.joined.includes(phrase))) return undefined;
    papers.add(paper);
  }
  return papers.size === 1 ? [...papers][0] : undefined;
}

/**
 * Whether `letters` are the given words' first letters, each maybe followed by more of its word's letters in order
 * (`lastOnly`: only the last word's, as "VAR" takes "AR" of "Visual Autoregressive" and "CSV" nothing of "ConvNets Vision").
 */
function abbreviates(letters: string, words: readonly string[], lastOnly = false): boolean {
  if (words.length === 0) return letters === '';
  const [word, ...rest] = words as [string, ...string[]];
  const lower = word.toLowerCase();
  if (isEnglishFunctionWord(lower) && abbreviates(letters, rest, lastOnly)) return true;
  if (letters[0] !== lower[0]) return false;
  // The word gives its first letter and the next `more` of the acronym's letters, found in order in what follows it.
  const most = lastOnly && rest.length > 0 ? 0 : letters.length - 1;
  for (let more = 0; more <= most; more++) {
    if (!isSubsequence(letters.slice(1, 1 + more), lower.slice(1))) break;
    if (abbreviates(letters.slice(1 + more), rest, lastOnly)) return true;
  }
  return false;
}

function isSubsequence(part: string, of: string): boolean {
  let at = 0;
  for (const letter of part) {
    at = of.indexOf(letter, at) + 1;
    if (at === 0) return false;
  }
  return true;
}

/** The Latin words of a text, split at anything else (hyphens too: "Megatron-Turing" is Megatron and Turing). */
export const writtenLatinWords = (text: string) => text.match(/[A-Za-z][A-Za-z0-9]*/gu) ?? [];
