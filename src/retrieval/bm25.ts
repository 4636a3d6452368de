/**
 * Okapi BM25 over pre-tokenized documents, searched through an inverted index: a question touches only the
 * postings of its own terms, so its cost follows how common those terms are, not how many documents there are.
 * Written out rather than pulled from a package because the tokenizer is ours (jieba + Latin terms) and the
 * "not covered" decision needs the raw scores and IDFs, which the packaged implementations do not expose cleanly.
 *
 * The postings live in two flat typed arrays (documents and frequencies, grouped by term) rather than an object per
 * posting: at a hundred digests that is ~1.3 million postings, 8 bytes each instead of ~40.
 */
export interface Bm25Hit {
  index: number;
  score: number;
}

export class Bm25 {
  /** Each term's number; its postings are `documents[starts[id]]` to `documents[starts[id + 1]]`, ascending. */
  private readonly termIds = new Map<string, number>();
  private readonly starts: Int32Array;
  private readonly documents: Int32Array;
  private readonly frequencies: Int32Array;
  private readonly lengths: Int32Array;
  private readonly averageLength: number;

  /** `documents` is read once, in order, so it may be a generator: only one document's tokens need exist at a time. */
  constructor(
    documents: Iterable<readonly string[]>,
    private readonly k1 = 1.2,
    private readonly b = 0.75,
  ) {
    // Postings as (term, document, frequency) triples in document order, then grouped by term (a counting sort).
    const triples = new GrowingInts();
    const lengths = new GrowingInts();
    for (const tokens of documents) {
      const index = lengths.length;
      lengths.push(tokens.length);
      const counts = new Map<string, number>();
      for (const token of tokens) counts.set(token, (counts.get(token) ?? 0) + 1);
      for (const [token, frequency] of counts) {
        let id = this.termIds.get(token);
        if (id === undefined) this.termIds.set(token, (id = this.termIds.size));
        triples.push(id, index, frequency);
      }
    }
    const all = triples.values();
    this.starts = new Int32Array(this.termIds.size + 1);
    for (let i = 0; i < all.length; i += 3) this.starts[all[i]! + 1]!++;
    for (let id = 0; id < this.termIds.size; id++) this.starts[id + 1]! += this.starts[id]!;
    const next = this.starts.slice(0, -1);
    this.documents = new Int32Array(all.length / 3);
    this.frequencies = new Int32Array(all.length / 3);
    for (let i = 0; i < all.length; i += 3) {
      const at = next[all[i]!]!++;
      this.documents[at] = all[i + 1]!;
      this.frequencies[at] = all[i + 2]!;
    }
    this.lengths = lengths.values();
    this.averageLength = this.lengths.reduce((a, n) => a + n, 0) / Math.max(1, this.lengths.length);
  }

  /** The documents that use `term`, in ascending order. */
  documentsWith(term: string): Int32Array {
    const id = this.termIds.get(term);
    return id === undefined ? new Int32Array(0) : this.documents.subarray(this.starts[id], this.starts[id + 1]);
  }

  /** Every term the documents use. */
  terms(): IterableIterator<string> {
    return this.termIds.keys();
  }

  /** Inverse document frequency (BM25+ style, never negative); 0 for terms the corpus lacks. */
  idf(term: string): number {
    const df = this.documentsWith(term).length;
    if (!df) return 0;
    const n = this.lengths.length;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /** The score of every document that shares a term with the query (the others score 0), from the postings alone. */
  scores(query: readonly string[]): Map<number, number> {
    const totals = new Map<number, number>();
    for (const term of new Set(query)) {
      const id = this.termIds.get(term);
      if (id === undefined) continue;
      const idf = this.idf(term);
      for (let at = this.starts[id]!; at < this.starts[id + 1]!; at++) {
        const index = this.documents[at]!;
        const frequency = this.frequencies[at]!;
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

/** An Int32Array that grows by doubling, for building postings without a JS number per element. */
class GrowingInts {
  private buffer = new Int32Array(1024);
  length = 0;

  push(...values: number[]): void {
    if (this.length + values.length > this.buffer.length) {
      const larger = new Int32Array(Math.max(this.buffer.length * 2, this.length + values.length));
      larger.set(this.buffer);
      this.buffer = larger;
    }
    this.buffer.set(values, this.length);
    this.length += values.length;
  }

  /** The values pushed so far (a copy of exactly that length). */
  values(): Int32Array {
    return this.buffer.slice(0, this.length);
  }
}

/** The `limit` highest-scoring entries with a positive score, best first (ties: lower index first). */
export function topHits(scores: ReadonlyMap<number, number>, limit: number): Bm25Hit[] {
  const hits: Bm25Hit[] = [];
  for (const [index, score] of scores) if (score > 0) hits.push({ index, score });
  return hits.sort((a, b) => b.score - a.score || a.index - b.index).slice(0, limit);
}
