/**
 * The compiled English-Chinese lexicon's file: written at install (./lexicon-build.ts), read by ./lexicon.ts. Plain
 * text, so that loading it is reading one string, not parsing 135,000 JSON entries (0.55 s and 90 MB per thread).
 * A change to what is compiled raises LEXICON_FORMAT, so that `npm install` rebuilds the file:
 *   line 1: `paperbot-lexicon <format> <source>`
 *   line 2: the ordinary words (ORDINARY_RANK), space-separated
 *   then `word<TAB>rank<TAB>renderings` lines sorted by word, a line `--`, and `term<TAB>words` lines sorted by
 *   term (the same renderings read backwards, the most common English word first); looked up by binary search.
 */
export const LEXICON_FORMAT = 3;
export const LEXICON_MAGIC = 'paperbot-lexicon';
export const SECTION_BREAK = '--';

/** An entry: the word's frequency rank (lower is more common; NO_RANK when unranked) then its Chinese renderings. */
export type LexiconEntry = [rank: number, ...renderings: string[]];

export interface LexiconData {
  source: string;
  entries: Record<string, LexiconEntry>;
}

export const NO_RANK = 1_000_000;

/**
 * A word among the 5,000 most frequent in English (ECDICT's BNC and contemporary-corpus ranks) is ordinary
 * vocabulary even capitalised ("Berlin", "Thanks", "Everyone"): no name to refuse over. Names of models and methods
 * are rarer words ("Falcon" 10,291st, "Llama" 18,027th, "Mistral") or none at all. Measured on our question files:
 * 20,000 let one off-topic question about a model named with a rarer word through.
 */
export const ORDINARY_RANK = 5_000;

/** English words kept per Chinese term read backwards, the most common first: enough that the one a digest uses is among them ("困惑": puzzle, confusion, …, perplexity). */
const WORDS_PER_TERM = 24;

const byKey = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function serializeLexicon({ source, entries }: LexiconData): string {
  const words = Object.keys(entries).sort(byKey);
  const ordinary = words.filter((word) => entries[word]![0] <= ORDINARY_RANK && !word.includes(' '));
  const reverse = new Map<string, { word: string; rank: number }[]>();
  for (const word of words) {
    const [rank, ...renderings] = entries[word]!;
    if (word.includes(' ')) continue;
    for (const term of renderings) {
      if (!/^\p{Script=Han}{2,}$/u.test(term)) continue;
      const list = reverse.get(term) ?? [];
      list.push({ word, rank });
      reverse.set(term, list);
    }
  }
  const terms = [...reverse.keys()].sort(byKey);
  return [
    `${LEXICON_MAGIC} ${LEXICON_FORMAT} ${source}`,
    ordinary.join(' '),
    ...words.map((word) => `${word}\t${entries[word]!.join('\t')}`),
    SECTION_BREAK,
    ...terms.map(
      (term) =>
        `${term}\t${reverse
          .get(term)!
          .sort((a, b) => a.rank - b.rank)
          .slice(0, WORDS_PER_TERM)
          .map((entry) => entry.word)
          .join('\t')}`,
    ),
  ].join('\n');
}
