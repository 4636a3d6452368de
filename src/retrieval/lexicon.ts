/**
 * English→Chinese query translation, so that lexical search also works across languages: an English question over
 * a Chinese digest meets the digest's own words ("four core modules" → 四个 核心 模块). The renderings come from a
 * general dictionary (ECDICT, compiled at install by ./lexicon-build.ts) and the field's own terms it lacks
 * (./field-terms.ts), never from a list written for one digest.
 * A word's renderings are searched with only where the digest itself uses them, and at most RENDERINGS_SEARCHED of
 * them, so a word's other senses ("train" the vehicle) add nothing. Dense retrieval covers what the dictionary lacks.
 */
import fs from 'node:fs';
import { log } from '../log.ts';
import { FIELD_TERMS } from './field-terms.ts';
import { LEXICON_FORMAT, type LexiconData, type LexiconEntry } from './lexicon-format.ts';
import { isEnglishFunctionWord, sizeTokens } from './tokenize.ts';

/** The dictionary's renderings the digest uses, at most this many per English word (measured: 1-3 give the same). */
const RENDERINGS_SEARCHED = 2;
/** Longest dictionary phrase looked up, in words ("large language model"). */
const LONGEST_PHRASE = 3;
/**
 * A word among the 5,000 most frequent in English (ECDICT's BNC and contemporary-corpus ranks) is ordinary
 * vocabulary even capitalised ("Berlin", "Thanks", "Everyone"): no name to refuse over. Names of models and methods
 * are rarer words ("Falcon" 10,291st, "Llama" 18,027th, "Mistral") or none at all. Measured on our question files:
 * 20,000 let one off-topic question about a model named with a rarer word through.
 */
const ORDINARY_RANK = 5_000;

/** English words searched per Chinese term of a question, the most common first. */
const WORDS_SEARCHED = 3;

export class Lexicon {
  /** Chinese term → English words rendered by it, most common first; built on the first Chinese question. */
  private reverse?: Map<string, string[]>;

  private constructor(private readonly entries: Readonly<Record<string, LexiconEntry>>) {}

  static fromData(data: LexiconData): Lexicon {
    return new Lexicon(data.entries);
  }

  /** An empty lexicon: no translation (lexical search then matches English words only). */
  static none(): Lexicon {
    return new Lexicon({});
  }

  /** The compiled lexicon at `file`; without a usable one, translation is off and a warning says how to restore it. */
  static load(file: string): Lexicon {
    try {
      const data = JSON.parse(fs.readFileSync(file, 'utf8')) as LexiconData;
      if (data.format === LEXICON_FORMAT) return Lexicon.fromData(data);
      log.warn(`The English-Chinese lexicon ${file} has an older format; run \`npm install\` to rebuild it.`);
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'is missing' : 'cannot be read';
      log.warn(
        `The English-Chinese lexicon ${file} ${reason}; run \`npm install\` to fetch it. English questions over Chinese digests now match by meaning only.`,
      );
    }
    return Lexicon.none();
  }

  /** The renderings of a word or phrase: the field's sense first ("train" 训练), then the dictionary's. */
  private lookup(phrase: string): readonly string[] | undefined {
    const field = Object.hasOwn(FIELD_TERMS, phrase) ? FIELD_TERMS[phrase] : undefined;
    const general = Object.hasOwn(this.entries, phrase) ? (this.entries[phrase]!.slice(1) as string[]) : undefined;
    return field && general ? [...field, ...general] : (field ?? general);
  }

  /**
   * The Chinese terms to search an English question with: for each phrase or content word the dictionary knows
   * (longest phrase first), its first renderings that `used` says the corpus contains; and "65 billion" as "65b".
   */
  translate(question: string, used: (term: string) => boolean): string[] {
    const words = question.toLowerCase().match(/[a-z][a-z'-]*/gu) ?? [];
    const terms: string[] = [];
    const take = (renderings: readonly string[]) => terms.push(...renderings.filter(used).slice(0, RENDERINGS_SEARCHED));
    for (let i = 0; i < words.length;) {
      const phrase = this.longestPhrase(words, i);
      if (phrase) {
        take(phrase.renderings);
        i += phrase.length;
        continue;
      }
      const word = words[i++]!;
      // "textbook-quality" is looked up whole first, then by its parts
      for (const part of this.lookup(word) ? [word] : word.split('-')) {
        const renderings = isEnglishFunctionWord(part) ? undefined : this.lookup(part);
        if (renderings) take(renderings);
      }
    }
    return [...new Set([...terms, ...sizeTokens(question)])];
  }

  /**
   * The English words to search a Chinese question's terms with, where the corpus uses them (an English digest):
   * each term of two characters or more ("数据集", "困惑") looked up among the dictionary's renderings, the most
   * common English words first ("dataset", "datasets"), at most WORDS_SEARCHED per term.
   */
  translateChinese(terms: readonly string[], used: (word: string) => boolean): string[] {
    const reverse = (this.reverse ??= this.reverseEntries());
    const words: string[] = [];
    for (const term of new Set(terms)) {
      if ([...term].length < 2) continue;
      words.push(...(reverse.get(term) ?? []).filter(used).slice(0, WORDS_SEARCHED));
    }
    return [...new Set(words)];
  }

  private reverseEntries(): Map<string, string[]> {
    const ranked = new Map<string, { word: string; rank: number }[]>();
    const add = (term: string, word: string, rank: number) => {
      if (!/^\p{Script=Han}{2,}$/u.test(term)) return;
      const list = ranked.get(term);
      if (list) list.push({ word, rank });
      else ranked.set(term, [{ word, rank }]);
    };
    for (const [word, [rank, ...renderings]] of Object.entries(this.entries)) {
      if (!word.includes(' ')) for (const term of renderings) add(term, word, rank);
    }
    for (const [word, renderings] of Object.entries(FIELD_TERMS)) {
      if (!word.includes(' ')) for (const term of renderings) add(term, word, 0);
    }
    return new Map([...ranked].map(([term, list]) => [term, list.sort((a, b) => a.rank - b.rank).map((entry) => entry.word)]));
  }

  private longestPhrase(words: readonly string[], start: number): { renderings: readonly string[]; length: number } | undefined {
    for (let length = Math.min(LONGEST_PHRASE, words.length - start); length >= 2; length--) {
      const renderings = this.lookup(words.slice(start, start + length).join(' '));
      if (renderings) return { renderings, length };
    }
    return undefined;
  }

  /** Whether the dictionary knows `word` (lower case), however rare: an English word, not a made-up name. */
  has(word: string): boolean {
    return this.lookup(word) !== undefined;
  }

  /** Common English words: ordinary vocabulary, not names, wherever they stand and however they are written. */
  *ordinaryWords(): Iterable<string> {
    for (const [word, entry] of Object.entries(this.entries)) if (entry[0] <= ORDINARY_RANK && !word.includes(' ')) yield word;
  }
}
