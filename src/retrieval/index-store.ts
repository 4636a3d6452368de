import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Document, type DocumentInterface } from '@langchain/core/documents';
import type { Embeddings } from '@langchain/core/embeddings';
import type { Corpus } from '../corpus/load.ts';
import { paperKey } from '../corpus/paper-ref.ts';
import { passageSentences, splitSentences } from '../corpus/sentences.ts';
import { log } from '../log.ts';
import type { Passage } from '../types.ts';
import { retryAtOnce, RETRY } from '../util/retry.ts';
import { HnswStore } from './hnsw-store.ts';

/**
 * The persisted index: two HNSW stores (see HnswStore), one vector per passage and one per sentence (answer sentences
 * are scored without embedding anything at question time), each with the vectors of its labels and their cache
 * keys; the vectors of the sentences' renderings in a file of their own (never searched, only read for the passages
 * retrieved, so they cost neither search time nor memory); and a manifest describing them.
 *
 * Layout: `<indexDir>/store/{passages/,sentences/}` (each HnswStore's files and `vectors.bin`), `renderings/vectors.bin`
 * (records as in a store's, keyed by the rendering's text) and
 * `<indexDir>/store/manifest.json`. `vectors.bin` holds one record per label of its store, deleted
 * ones included: a key (SHA-256 of the model id and the embedded text) and the vector. A passage's sentences have
 * consecutive labels, in reading order; labels otherwise follow the order texts were added in, not corpus order.
 *
 * A build is written to a fresh sibling folder and swapped in by rename, manifest last, so a crash mid-build
 * leaves either the old store or none, never a half index that loads. What such a crash leaves behind (a staging
 * folder `.build-*`, a retired store `.build-*-old<n>`) is removed by a later build.
 *
 * Builds are incremental twice over. Embedding: each text's key is looked up in the previous build's vectors (same
 * model, checksums intact) and only the texts it lacks are embedded, batch by batch into a scratch file. Graphs:
 * the previous HNSW graph is loaded and updated in place, the labels of passages that changed or went marked deleted
 * and those that are new added, so adding one digest to many costs about what building that digest alone does.
 * A graph whose deleted labels would pass MAX_DELETED_SHARE is built afresh instead, as is every graph the first time.
 * Serving reads a candidate's vector from `vectors.bin` by label (hnswlib's own getPoint costs ~50 µs a call, a
 * file read a few).
 */

/** Bump when a file's layout changes: a store of another version is rebuilt, not read. */
const FORMAT_VERSION = 3;
const STORE = 'store';
const MANIFEST = 'manifest.json';
const STORE_NAMES = ['passages', 'sentences'] as const;
type StoreName = (typeof STORE_NAMES)[number];
const VECTORS = 'vectors.bin';
/** The folder of the renderings' vectors, beside the stores'. */
const RENDERINGS = 'renderings';
const SCRATCH = 'embedded.tmp';
const STAGING_PREFIX = '.build-';
/** Bytes of a cache key: SHA-256 of the model id and the embedded text. */
const KEY_BYTES = 32;
/** Texts embedded per step of a build (then written to the scratch file: only one step's vectors are in memory). */
const EMBED_BATCH = 16;
/**
 * Deleted labels still cost search time (hnswlib walks through them) and disk; a graph that would carry more than
 * this share of them is built afresh, which embeds nothing more.
 */
const MAX_DELETED_SHARE = 0.2;
/**
 * A build's staging folder lives for the seconds it takes to save the store and swap it in; one untouched for this
 * long belongs to a build that died, not to one still running in another process (a second shard starting).
 */
export const ABANDONED_BUILD_MS = 10 * 60_000;

/** One store of a build: how many labels its graph has, how many of them are deleted, and whether it was updated in place. */
export interface StoreSummary {
  labels: number;
  deleted: number;
  updated: boolean;
}

export interface IndexManifest {
  formatVersion: number;
  corpusHash: string;
  modelId: string;
  dimensions: number;
  passageCount: number;
  sentenceCount: number;
  /** Distinct sentence renderings in `renderings/vectors.bin` (absent from indexes built before they were stored). */
  renderingCount?: number;
  /** Distinct texts (passages and sentences) whose vectors came from the previous build ... */
  reused: number;
  /** ... and distinct texts embedded by this build. */
  embedded: number;
  stores: Record<StoreName, StoreSummary>;
  builtAt: string;
  buildMs: number;
  /** SHA-256 of every other file of the store (paths relative to it), checked before loading or reusing. */
  files: Record<string, string>;
}

/** The passage a stored Document belongs to, in either store. */
const passageIdOf = (document: DocumentInterface) => (document.metadata.id ?? document.metadata.passageId) as string;

/** The stored vectors of both stores, read by passage id; the files stay open for the life of the process. */
export class StoredVectors {
  private readonly bytes: number;
  private readonly passageLabel = new Map<string, number>();
  /** First label and count of each passage's sentences. */
  private readonly sentenceLabels = new Map<string, [number, number]>();

  constructor(
    private readonly passageFd: number,
    private readonly sentenceFd: number,
    readonly dimensions: number,
    passages: HnswStore,
    sentences: HnswStore,
    private readonly modelId: string,
    private readonly renderings?: VectorFile,
  ) {
    this.bytes = dimensions * 4;
    for (const [label, document] of passages.documents) this.passageLabel.set(passageIdOf(document), label);
    // Consecutive labels in reading order: every sentence of a passage gives the same first label.
    for (const [label, document] of sentences.documents) {
      const id = passageIdOf(document);
      const first = label - (document.metadata.index as number);
      const [known, count] = this.sentenceLabels.get(id) ?? [first, 0];
      if (known !== first) throw new Error(`the sentences of ${id} do not have consecutive labels`);
      this.sentenceLabels.set(id, [first, count + 1]);
    }
  }

  passage(id: string): Float32Array {
    return this.read(this.passageFd, this.passageLabel.get(id)!);
  }

  /** The vectors of a passage's sentences, in reading order. */
  sentences(passageId: string): Float32Array[] {
    const [first, count] = this.sentenceLabels.get(passageId) ?? [0, 0];
    return Array.from({ length: count }, (_, i) => this.read(this.sentenceFd, first + i));
  }

  /** The vector of a sentence's rendering, if the index holds it. */
  rendering(text: string): Float32Array | undefined {
    return this.renderings?.get(cacheKey(this.modelId, text));
  }

  private read(fd: number, label: number): Float32Array {
    const vector = new Float32Array(this.dimensions);
    fs.readSync(fd, new Uint8Array(vector.buffer), 0, this.bytes, label * (KEY_BYTES + this.bytes) + KEY_BYTES);
    return vector;
  }
}

/**
 * How many renderings a build's manifest says its checked renderings file holds: none for a build from before they
 * were stored, whatever else its manifest says.
 */
const storedRenderings = (manifest: IndexManifest) => (manifest.files?.[`${RENDERINGS}/${VECTORS}`] ? (manifest.renderingCount ?? 0) : 0);

/** The renderings file of the build in `dir`, if it has one. */
function openRenderings(dir: string, manifest: IndexManifest): VectorFile | undefined {
  const count = storedRenderings(manifest);
  return count > 0 ? VectorFile.open(path.join(dir, RENDERINGS, VECTORS), manifest.dimensions, count) : undefined;
}

function openVectors(dir: string, manifest: IndexManifest, passages: HnswStore, sentences: HnswStore): StoredVectors {
  const open = (name: StoreName) => fs.openSync(path.join(dir, name, VECTORS), 'r');
  const renderings = openRenderings(dir, manifest);
  return new StoredVectors(open('passages'), open('sentences'), manifest.dimensions, passages, sentences, manifest.modelId, renderings);
}

export interface PassageIndex {
  /** One vector per passage; each Document's metadata is `{ id }`, the passage id. */
  passages: HnswStore;
  /** One vector per sentence; each Document's metadata is `{ passageId, index }` (index among its passage's sentences). */
  sentences: HnswStore;
  vectors: StoredVectors;
  manifest: IndexManifest;
}

/** The index on disk cannot be used; `message` says why in words a user can act on. */
export class IndexUnusableError extends Error {
  constructor(
    message: string,
    readonly kind: 'missing' | 'mismatch' | 'corrupt',
  ) {
    super(message);
    this.name = 'IndexUnusableError';
  }
}

/** The text a passage is embedded and searched with: its paper and sub-heading give it context. */
export function passageContext(passage: Passage, titleEn?: string): string {
  const heading = titleEn && titleEn !== passage.sectionTitle ? `${passage.sectionTitle} (${titleEn})` : passage.sectionTitle;
  return `${heading}${passage.subheading ? ` · ${passage.subheading}` : ''}\n${passage.text}`;
}

export interface BuildProgress {
  done: number;
  total: number;
  reused: number;
  embedded: number;
}

export interface BuildOptions {
  indexDir: string;
  corpus: Corpus;
  embeddings: Embeddings & { modelId: string };
  onProgress?: (progress: BuildProgress) => void;
}

const sha256 = (file: string) => {
  const hash = crypto.createHash('sha256');
  const fd = fs.openSync(file, 'r');
  try {
    const chunk = Buffer.alloc(1 << 20);
    for (let read; (read = fs.readSync(fd, chunk)) > 0;) hash.update(chunk.subarray(0, read));
  } finally {
    fs.closeSync(fd);
  }
  return hash.digest('hex');
};
const cacheKey = (modelId: string, text: string) => crypto.createHash('sha256').update(modelId).update('\0').update(text).digest('hex');

/**
 * What a store holds of one passage: the texts embedded and the Documents searched, which get consecutive labels
 * together; `identity` is equal for equal keys and Documents, so a group the previous graph holds is kept as it is.
 */
interface Group {
  keys: string[];
  documents: DocumentInterface[];
  identity: string;
}

function group(keys: string[], documents: DocumentInterface[]): Group {
  const identity = documents.map((d, i) => `${keys[i]} ${JSON.stringify([d.pageContent, d.metadata])}`).join('\n');
  return { keys, documents, identity };
}

export async function buildIndex({ indexDir, corpus, embeddings, onProgress }: BuildOptions): Promise<PassageIndex> {
  const started = performance.now();
  const titles = new Map(corpus.papers.map((p) => [paperKey(p), p.titleEn]));
  const keyOf = (text: string) => cacheKey(embeddings.modelId, text);
  const texts = new Map<string, string>();
  const keyed = (text: string) => {
    const key = keyOf(text);
    texts.set(key, text);
    return key;
  };
  const inputs: Record<StoreName, Group[]> = { passages: [], sentences: [] };
  let sentenceCount = 0;
  const renderingKeys = new Set<string>();
  for (const p of corpus.passages) {
    inputs.passages.push(
      group([keyed(passageContext(p, titles.get(paperKey(p))))], [new Document({ pageContent: p.text, metadata: { id: p.id }, id: p.id })]),
    );
    const sentences = splitSentences(p.text);
    sentenceCount += sentences.length;
    inputs.sentences.push(
      group(
        sentences.map(keyed),
        sentences.map((text, index) => new Document({ pageContent: text, metadata: { passageId: p.id, index } })),
      ),
    );
    // Each sentence's rendering, so that a question in the rendering's language is compared with it too.
    for (const text of renderingsOf(p)) renderingKeys.add(keyed(text));
  }

  fs.mkdirSync(indexDir, { recursive: true });
  removeAbandonedBuilds(indexDir);
  const staging = fs.mkdtempSync(path.join(indexDir, STAGING_PREFIX));
  const previous = PreviousBuild.open(path.join(indexDir, STORE), embeddings.modelId);
  const scratch = VectorFile.create(path.join(staging, SCRATCH));
  const outputs: VectorFile[] = [];
  try {
    // 1. Embed the distinct texts the previous build lacks into the scratch file.
    const missing = [...texts.keys()].filter((key) => !previous?.has(key));
    const progress: BuildProgress = { done: texts.size - missing.length, total: texts.size, reused: texts.size - missing.length, embedded: 0 };
    onProgress?.({ ...progress });
    for (let start = 0; start < missing.length; start += EMBED_BATCH) {
      const batch = missing.slice(start, start + EMBED_BATCH);
      const vectors = await embeddings.embedDocuments(batch.map((key) => texts.get(key)!));
      batch.forEach((key, i) => scratch.append(key, Float32Array.from(vectors[i]!)));
      progress.done += batch.length;
      progress.embedded += batch.length;
      onProgress?.({ ...progress });
    }
    texts.clear();
    const dimensions = previous?.dimensions || scratch.dimensions;

    // 2. Each store: the previous graph updated, or a new one, with the vectors of its labels beside it.
    const stores = {} as Record<StoreName, { store: HnswStore; summary: StoreSummary }>;
    for (const name of STORE_NAMES) {
      const dir = path.join(staging, name);
      fs.mkdirSync(dir);
      const update = previous && previous.update(name, inputs[name], embeddings);
      const output = update ? VectorFile.copy(previous.vectorFile(name), path.join(dir, VECTORS)) : VectorFile.create(path.join(dir, VECTORS));
      outputs.push(output);
      const added = update?.added ?? inputs[name];
      const store = update?.store ?? HnswStore.create(embeddings, dimensions);
      store.reserve(labelCount(added));
      // Each text's record in vectors.bin gets the label it gets in the graph (hnswlib counts deleted ones too).
      for (const { keys, documents } of added) {
        keys.forEach((key, i) => {
          const vector = scratch.get(key) ?? previous!.get(key)!;
          output.append(key, vector);
          store.add(vector, documents[i]!);
        });
      }
      store.save(dir);
      stores[name] = { store, summary: { labels: store.labels, deleted: store.deleted, updated: Boolean(update) } };
    }
    // 3. The renderings' vectors, by key.
    fs.mkdirSync(path.join(staging, RENDERINGS));
    const renderings = VectorFile.create(path.join(staging, RENDERINGS, VECTORS));
    outputs.push(renderings);
    for (const key of renderingKeys) renderings.append(key, scratch.get(key) ?? previous!.get(key)!);
    outputs.forEach((output) => output.close());
    scratch.close();
    fs.rmSync(path.join(staging, SCRATCH));

    const files = Object.fromEntries(
      [...STORE_NAMES, RENDERINGS]
        .flatMap((name) => fs.readdirSync(path.join(staging, name)).map((f) => `${name}/${f}`))
        .map((f) => [f, sha256(path.join(staging, f))]),
    );
    const manifest: IndexManifest = {
      formatVersion: FORMAT_VERSION,
      corpusHash: corpus.hash,
      modelId: embeddings.modelId,
      dimensions,
      passageCount: corpus.passages.length,
      sentenceCount,
      renderingCount: renderingKeys.size,
      reused: progress.reused,
      embedded: progress.embedded,
      stores: { passages: stores.passages.summary, sentences: stores.sentences.summary },
      builtAt: new Date().toISOString(),
      buildMs: Math.round(performance.now() - started),
      files,
    };
    fs.writeFileSync(path.join(staging, MANIFEST), JSON.stringify(manifest, null, 2));
    swapIn(indexDir, staging);
    const { passages, sentences } = { passages: stores.passages.store, sentences: stores.sentences.store };
    return { passages, sentences, vectors: openVectors(path.join(indexDir, STORE), manifest, passages, sentences), manifest };
  } finally {
    previous?.close();
    scratch.close();
    outputs.forEach((output) => output.close());
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/** The first file of the store in `dir` that is missing or whose checksum is not the manifest's. */
function damagedFile(dir: string, manifest: IndexManifest): string | undefined {
  return Object.entries(manifest.files ?? {})
    .map(([file, hash]) => ({ full: path.join(dir, file), hash }))
    .find(({ full, hash }) => !fs.existsSync(full) || sha256(full) !== hash)?.full;
}

const labelCount = (groups: Group[]) => groups.reduce((sum, g) => sum + g.keys.length, 0);

/** The previous build, if it can be trusted (same format and model, every checksum as its manifest says). */
class PreviousBuild {
  private constructor(
    private readonly dir: string,
    private readonly manifest: IndexManifest,
    private readonly files: Record<StoreName, VectorFile>,
    private readonly renderings?: VectorFile,
  ) {}

  static open(dir: string, modelId: string): PreviousBuild | undefined {
    let manifest: IndexManifest;
    try {
      manifest = JSON.parse(fs.readFileSync(path.join(dir, MANIFEST), 'utf8')) as IndexManifest;
    } catch {
      return undefined; // no previous build, or one whose manifest cannot be read: nothing to reuse
    }
    if (manifest.formatVersion !== FORMAT_VERSION || manifest.modelId !== modelId) return undefined;
    const damaged = damagedFile(dir, manifest);
    if (damaged) {
      log.warn(`The stored index file ${damaged} is missing or damaged; embedding everything afresh.`);
      return undefined;
    }
    const open = (name: StoreName) => VectorFile.open(path.join(dir, name, VECTORS), manifest.dimensions, manifest.stores[name].labels);
    return new PreviousBuild(dir, manifest, { passages: open('passages'), sentences: open('sentences') }, openRenderings(dir, manifest));
  }

  get dimensions(): number {
    return this.manifest.dimensions;
  }

  has(key: string): boolean {
    return STORE_NAMES.some((name) => this.files[name].has(key)) || Boolean(this.renderings?.has(key));
  }

  get(key: string): Float32Array | undefined {
    return this.files.passages.get(key) ?? this.files.sentences.get(key) ?? this.renderings?.get(key);
  }

  vectorFile(name: StoreName): VectorFile {
    return this.files[name];
  }

  /**
   * The previous graph of a store with the groups the corpus no longer has marked deleted, and the groups it lacks,
   * in corpus order; nothing when the graph would carry too many deleted labels (see MAX_DELETED_SHARE).
   */
  update(name: StoreName, groups: Group[], embeddings: Embeddings): { store: HnswStore; added: Group[] } | undefined {
    const store = HnswStore.load(path.join(this.dir, name), embeddings);
    const byPassage = new Map<string, number[]>();
    for (const [label, document] of store.documents) {
      const id = passageIdOf(document);
      const labels = byPassage.get(id) ?? [];
      labels.push(label);
      byPassage.set(id, labels);
    }
    // The labels of each group the graph holds, by identity; what is left once the corpus claimed its own goes.
    const stored = new Map<string, number[]>();
    for (const labels of byPassage.values()) {
      labels.sort((a, b) => a - b);
      const keys = labels.map((label) => this.files[name].keyAt(label));
      stored.set(
        group(
          keys,
          labels.map((label) => store.documents.get(label)!),
        ).identity,
        labels,
      );
    }
    const added = groups.filter((g) => !stored.delete(g.identity));
    const removed = [...stored.values()].flat();
    if (store.deleted + removed.length > MAX_DELETED_SHARE * (store.labels + labelCount(added))) return undefined;
    removed.forEach((label) => store.markDeleted(label));
    return { store, added };
  }

  close(): void {
    STORE_NAMES.forEach((name) => this.files[name].close());
    this.renderings?.close();
  }
}

/** A file of (key, vector) records, one per label: a store's `vectors.bin`, or a build's scratch file. */
class VectorFile {
  private readonly offsets = new Map<string, number>();
  /** The key of each record, in file order (a store's labels). */
  private readonly keys: string[] = [];
  private closed = false;

  private constructor(
    private readonly file: string,
    private readonly fd: number,
    public dimensions: number,
    private size = 0,
  ) {}

  static create(file: string): VectorFile {
    return new VectorFile(file, fs.openSync(file, 'w+'), 0);
  }

  /** An existing file of `records` records, looked up by key. */
  static open(file: string, dimensions: number, records: number): VectorFile {
    const vectors = new VectorFile(file, fs.openSync(file, 'r'), dimensions);
    const key = Buffer.alloc(KEY_BYTES);
    for (let record = 0; record < records; record++) {
      fs.readSync(vectors.fd, key, 0, KEY_BYTES, vectors.size);
      vectors.keys.push(key.toString('hex'));
      vectors.offsets.set(vectors.keys.at(-1)!, vectors.size + KEY_BYTES);
      vectors.size += vectors.recordBytes;
    }
    return vectors;
  }

  /** A new file holding `source`'s records, only to append to (its earlier records are not looked up). */
  static copy(source: VectorFile, file: string): VectorFile {
    fs.copyFileSync(source.file, file);
    return new VectorFile(file, fs.openSync(file, 'r+'), source.dimensions, source.size);
  }

  private get recordBytes(): number {
    return KEY_BYTES + this.dimensions * 4;
  }

  has(key: string): boolean {
    return this.offsets.has(key);
  }

  keyAt(label: number): string {
    return this.keys[label]!;
  }

  get(key: string): Float32Array | undefined {
    const offset = this.offsets.get(key);
    if (offset === undefined) return undefined;
    const vector = new Float32Array(this.dimensions);
    fs.readSync(this.fd, new Uint8Array(vector.buffer), 0, vector.byteLength, offset);
    return vector;
  }

  append(key: string, vector: Float32Array): void {
    this.dimensions ||= vector.length;
    const record = Buffer.concat([Buffer.from(key, 'hex'), new Uint8Array(vector.buffer, vector.byteOffset, vector.byteLength)]);
    fs.writeSync(this.fd, record, 0, record.length, this.size);
    this.keys.push(key);
    this.offsets.set(key, this.size + KEY_BYTES);
    this.size += record.length;
  }

  close(): void {
    if (!this.closed) fs.closeSync(this.fd);
    this.closed = true;
  }
}

/**
 * Removes the staging and retired folders that crashed builds left in `indexDir` (see ABANDONED_BUILD_MS). A retired
 * store keeps the age of its build, so one another process has just moved aside may go too: that loses nothing, as
 * that process deletes it right after its swap anyway and never moves it back.
 */
export function removeAbandonedBuilds(indexDir: string, now = Date.now()): void {
  for (const entry of fs.readdirSync(indexDir, { withFileTypes: true })) {
    if (!entry.isDirectory() || !entry.name.startsWith(STAGING_PREFIX)) continue;
    const folder = path.join(indexDir, entry.name);
    try {
      if (now - fs.statSync(folder).mtimeMs < ABANDONED_BUILD_MS) continue;
      fs.rmSync(folder, { recursive: true, force: true });
    } catch (error) {
      // Another process may be removing it too; whatever is left is tried again at the next build.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') log.warn(`Could not remove the abandoned index build ${folder}`, error);
    }
  }
}

/**
 * Puts the staged build in place of the live store. Another process (a second shard starting at the same
 * time) may swap in its own build between our two renames; then we move that one aside and try again, as often as
 * RETRY.indexSwap says.
 */
function swapIn(indexDir: string, staging: string): void {
  const live = path.join(indexDir, STORE);
  const retired = (failures: number) => `${staging}-old${failures}`;
  retryAtOnce((failures) => {
    try {
      fs.renameSync(live, retired(failures));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    fs.renameSync(staging, live);
    for (let i = 0; i <= failures; i++) fs.rmSync(retired(i), { recursive: true, force: true });
  }, RETRY.indexSwap);
}

/** The renderings of a passage's sentences. */
const renderingsOf = (passage: Passage): string[] =>
  passageSentences(passage).flatMap((sentence) => (sentence.translation ? [sentence.translation] : []));

/** Whether `corpus` has a rendering, whose sentences an index of it stores (no sentence splitting: start-up reads it). */
export const hasRenderings = (corpus: Corpus) => corpus.passages.some((passage) => passage.lines.some((line) => line.translation));

export interface LoadOptions {
  indexDir: string;
  corpusHash: string;
  /**
   * Whether the corpus has renderings (hasRenderings): an index of it built before renderings were stored is rebuilt to
   * add them (one built since stores them all: the corpus hash already says it is the same corpus).
   */
  rendered?: boolean;
  embeddings: Embeddings & { modelId: string };
}

/** Loads the index, refusing (with IndexUnusableError) one that is missing, stale or damaged. */
export async function loadIndex({ indexDir, corpusHash, embeddings, rendered }: LoadOptions): Promise<PassageIndex> {
  const dir = path.join(indexDir, STORE);
  const manifestFile = path.join(dir, MANIFEST);
  if (!fs.existsSync(manifestFile)) throw new IndexUnusableError(`No index in ${dir} yet.`, 'missing');
  let manifest: IndexManifest;
  try {
    manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as IndexManifest;
  } catch {
    throw new IndexUnusableError(`The index manifest ${manifestFile} is not valid JSON.`, 'corrupt');
  }
  if (manifest.formatVersion !== FORMAT_VERSION) {
    throw new IndexUnusableError(`The index in ${dir} has format ${manifest.formatVersion}, expected ${FORMAT_VERSION}.`, 'mismatch');
  }
  if (manifest.modelId !== embeddings.modelId) {
    throw new IndexUnusableError(
      `The index in ${dir} was built with model "${manifest.modelId}", but EMBEDDING_MODEL is "${embeddings.modelId}".`,
      'mismatch',
    );
  }
  if (manifest.corpusHash !== corpusHash) {
    throw new IndexUnusableError(`The corpus changed since the index in ${dir} was built.`, 'mismatch');
  }
  if (rendered && storedRenderings(manifest) === 0) {
    throw new IndexUnusableError(`The index in ${dir} was built without the renderings of the digests' sentences.`, 'mismatch');
  }
  const damaged = damagedFile(dir, manifest);
  if (damaged) throw new IndexUnusableError(`The index file ${damaged} is missing or damaged (checksum mismatch).`, 'corrupt');
  try {
    const [passages, sentences] = STORE_NAMES.map((name) => HnswStore.load(path.join(dir, name), embeddings)) as [HnswStore, HnswStore];
    return { passages, sentences, vectors: openVectors(dir, manifest, passages, sentences), manifest };
  } catch (error) {
    throw new IndexUnusableError(`The index in ${dir} could not be read: ${(error as Error).message}`, 'corrupt');
  }
}
