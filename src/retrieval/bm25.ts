/**
 * Okapi BM25 over pre-tokenized documents, searched through an inverted index: a question touches only the
 * postings of its own terms, so its cost follows how common those terms are, not how many documents there are.
 * Written out rather than pulled from a package because the tokenizer is ours (jieba + Latin terms) and the
 * "not covered" decision needs the raw scores and IDFs, which the packaged implementations do not expose cleanly.
 */
export interface Bm25Hit {
  index: number;
  score: number;
}

/** One document's use of a term: the document and how often the term occurs in it. */
interface Posting {
  index: number;
  frequency: number;
}

export class Bm25 {
  private readonly postings = new Map<string, Posting[]>();
  private readonly lengths: number[];
  private readonly averageLength: number;

  constructor(
    documents: readonly string[][],
    private readonly k1 = 1.2,
    private readonly b = 0.75,
  ) {
    documents.forEach((tokens, index) => {
      const counts = new Map<string, number>();
      for (const token of tokens) counts.set(token, (counts.get(token) ?? 0) + 1);
      for (const [token, frequency] of counts) {
        const list = this.postings.get(token);
        if (list) list.push({ index, frequency });
        else this.postings.set(token, [{ index, frequency }]);
      }
    });
    this.lengths = documents.map((tokens) => tokens.length);
    this.averageLength = this.lengths.reduce((a, n) => a + n, 0) / Math.max(1, documents.length);
  }

  /** Inverse document frequency (BM25+ style, never negative); 0 for terms the corpus lacks. */
  idf(term: string): number {
    const df = this.postings.get(term)?.length;
    if (!df) return 0;
    const n = this.lengths.length;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /** The score of every document that shares a term with the query (the others score 0), from the postings alone. */
  scores(query: readonly string[]): Map<number, number> {
    const totals = new Map<number, number>();
    for (const term of new Set(query)) {
      const idf = this.idf(term);
      for (const { index, frequency } of this.postings.get(term) ?? []) {
        const norm = this.k1 * (1 - this.b + (this.b * this.lengths[index]!) / this.averageLength);
        totals.set(index, (totals.get(index) ?? 0) + idf * ((frequency * (this.k1 + 1)) / (frequency + norm)));
      }
    }
    return totals;
  }

  /** The `limit` best documents for the query, best first; documents sharing no term with it are never hits. */
  search(query: readonly string[], limit: number): Bm25Hit[] {
    return topHits(this.scores(query), limit);
  }
}

/** The `limit` highest-scoring entries with a positive score, best first (ties: lower index first). */
export function topHits(scores: ReadonlyMap<number, number>, limit: number): Bm25Hit[] {
  const hits: Bm25Hit[] = [];
  for (const [index, score] of scores) if (score > 0) hits.push({ index, score });
  return hits.sort((a, b) => b.score - a.score || a.index - b.index).slice(0, limit);
}
