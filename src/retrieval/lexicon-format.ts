/** The compiled English-Chinese lexicon's file format: written at install (./lexicon-build.ts), read by ./lexicon.ts. */
export const LEXICON_FORMAT = 1;

/** An entry: the word's frequency rank (lower is more common; NO_RANK when unranked) then its Chinese renderings. */
export type LexiconEntry = [rank: number, ...renderings: string[]];

export interface LexiconData {
  format: typeof LEXICON_FORMAT;
  source: string;
  entries: Record<string, LexiconEntry>;
}

export const NO_RANK = 1_000_000;
