/**
 * Okapi BM25 over pre-tokenized documents. Written out rather than pulled from a package because the
 * corpus is small, the tokenizer is ours (jieba + Latin terms), and we need raw scores for the
 * "not covered" decision, which the packaged implementations do not expose cleanly.
 */
export interface Bm25Hit {
  index: number;
  score: number;
}

export class Bm25 {
  private readonly termFrequencies: Map<string, number>[];
  private readonly documentFrequency = new Map<string, number>();
  private readonly lengths: number[];
  private readonly averageLength: number;

  constructor(
    documents: readonly string[][],
    private readonly k1 = 1.2,
    private readonly b = 0.75,
  ) {
    this.termFrequencies = documents.map((tokens) => {
      const counts = new Map<string, number>();
      for (const token of tokens) counts.set(token, (counts.get(token) ?? 0) + 1);
      for (const token of counts.keys()) this.documentFrequency.set(token, (this.documentFrequency.get(token) ?? 0) + 1);
      return counts;
    });
    this.lengths = documents.map((tokens) => tokens.length);
    this.averageLength = this.lengths.reduce((a, n) => a + n, 0) / Math.max(1, documents.length);
  }

  /** Inverse document frequency (BM25+ style, never negative); 0 for terms the corpus lacks. */
  idf(term: string): number {
    const df = this.documentFrequency.get(term);
    if (!df) return 0;
    const n = this.termFrequencies.length;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  score(query: readonly string[], index: number): number {
    const counts = this.termFrequencies[index]!;
    const norm = this.k1 * (1 - this.b + (this.b * this.lengths[index]!) / this.averageLength);
    let total = 0;
    for (const term of new Set(query)) {
      const tf = counts.get(term);
      if (tf) total += this.idf(term) * ((tf * (this.k1 + 1)) / (tf + norm));
    }
    return total;
  }

  search(query: readonly string[], limit: number): Bm25Hit[] {
    return this.termFrequencies
      .map((_, index) => ({ index, score: this.score(query, index) }))
      .filter((hit) => hit.score > 0)
      .sort((a, b) => b.score - a.score)
      .slice(0, limit);
  }
}
