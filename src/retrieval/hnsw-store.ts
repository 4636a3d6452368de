import fs from 'node:fs';
import path from 'node:path';
import { Document, type DocumentInterface } from '@langchain/core/documents';
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import { VectorStore } from '@langchain/core/vectorstores';
import hnswlib from 'hnswlib-node';

const { HierarchicalNSW } = hnswlib;
const SPACE = 'cosine';
const INDEX = 'hnswlib.index';
const ARGS = 'args.json';
const DOCSTORE = 'docstore.json';

/**
 * One HNSW graph (hnswlib-node, cosine space: distance = 1 - similarity) with the Document of each live label,
 * searched through LangChain's VectorStore interface. Labels are numbered in the order vectors are added; a removed
 * one is only marked deleted (hnswlib skips it in searches, and it still counts in `labels`).
 *
 * Saved as `hnswlib.index` (hnswlib's own format), `args.json` (space and dimensions) and `docstore.json` (label and
 * Document pairs): the files LangChain's HNSWLib wrote, in its layout, so indexes written through it still load.
 */
export class HnswStore extends VectorStore {
  declare FilterType: (document: DocumentInterface) => boolean;

  private constructor(
    embeddings: EmbeddingsInterface,
    readonly index: hnswlib.HierarchicalNSW,
    private readonly docs: Map<number, DocumentInterface>,
  ) {
    super(embeddings, {});
  }

  /** An empty store, with no room yet (see `reserve`). */
  static create(embeddings: EmbeddingsInterface, dimensions: number): HnswStore {
    const index = new HierarchicalNSW(SPACE, dimensions);
    index.initIndex(0);
    return new HnswStore(embeddings, index, new Map());
  }

  static load(dir: string, embeddings: EmbeddingsInterface): HnswStore {
    const { numDimensions } = JSON.parse(fs.readFileSync(path.join(dir, ARGS), 'utf8')) as { numDimensions: number };
    const index = new HierarchicalNSW(SPACE, numDimensions);
    index.readIndexSync(path.join(dir, INDEX));
    const entries = JSON.parse(fs.readFileSync(path.join(dir, DOCSTORE), 'utf8')) as [string, DocumentInterface][];
    return new HnswStore(embeddings, index, new Map(entries.map(([label, document]) => [Number(label), new Document(document)])));
  }

  save(dir: string): void {
    this.index.writeIndexSync(path.join(dir, INDEX));
    fs.writeFileSync(path.join(dir, ARGS), JSON.stringify({ space: SPACE, numDimensions: this.index.getNumDimensions() }));
    const entries = [...this.docs].map(([label, { pageContent, metadata, id }]) => [String(label), { pageContent, metadata, id }]);
    fs.writeFileSync(path.join(dir, DOCSTORE), JSON.stringify(entries));
  }

  /** The Document of each live label. */
  get documents(): ReadonlyMap<number, DocumentInterface> {
    return this.docs;
  }

  /** Labels in the graph, deleted ones included. */
  get labels(): number {
    return this.index.getCurrentCount();
  }

  get deleted(): number {
    return this.labels - this.docs.size;
  }

  /** Makes room for `count` more labels: hnswlib allocates its capacity up front. */
  reserve(count: number): void {
    if (this.labels + count > this.index.getMaxElements()) this.index.resizeIndex(this.labels + count);
  }

  /** Adds a vector and its Document under the next label (call `reserve` first). */
  add(vector: ArrayLike<number>, document: DocumentInterface): void {
    const label = this.labels;
    this.index.addPoint(Array.from(vector), label);
    this.docs.set(label, document);
  }

  markDeleted(label: number): void {
    this.index.markDelete(label);
    this.docs.delete(label);
  }

  override _vectorstoreType(): string {
    return 'hnswlib';
  }

  override async addVectors(vectors: number[][], documents: DocumentInterface[]): Promise<void> {
    this.reserve(vectors.length);
    vectors.forEach((vector, i) => this.add(vector, documents[i]!));
  }

  override async addDocuments(documents: DocumentInterface[]): Promise<void> {
    await this.addVectors(await this.embeddings.embedDocuments(documents.map((d) => d.pageContent)), documents);
  }

  override async similaritySearchVectorWithScore(query: number[], k: number, filter?: this['FilterType']): Promise<[DocumentInterface, number][]> {
    // hnswlib refuses a k above its capacity; asked for more than it holds live, it returns what it has.
    const { neighbors, distances } = this.index.searchKnn(
      query,
      Math.min(k, this.labels),
      filter && ((label) => this.docs.has(label) && filter(this.docs.get(label)!)),
    );
    return neighbors.map((label, i) => [this.docs.get(label)!, distances[i]!]);
  }
}
