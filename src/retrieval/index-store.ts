import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { HNSWLib } from '@langchain/community/vectorstores/hnswlib';
import { Document } from '@langchain/core/documents';
import type { Embeddings } from '@langchain/core/embeddings';
import type { Corpus } from '../corpus/load.ts';
import { paperKey } from '../corpus/paper-ref.ts';
import { splitSentences } from '../corpus/sentences.ts';
import { log } from '../log.ts';
import type { Passage } from '../types.ts';

/**
 * The persisted index: two LangChain HNSWLib stores, one vector per passage and one per sentence (answer sentences
 * are scored without embedding anything at question time), the vectors themselves with their cache keys, and a
 * manifest describing them.
 *
 * Layout: `<indexDir>/store/{passages/,sentences/}` (each `hnswlib.index`, `args.json`, `docstore.json`),
 * `<indexDir>/store/embeddings.bin` and `<indexDir>/store/manifest.json`. Labels follow corpus order: passage i of
 * the corpus is label i of the passage store, its sentences (in `splitSentences` order) follow those of the
 * passages before it in the sentence store. `embeddings.bin` holds one record per label, passages then sentences:
 * a key (SHA-256 of the model id and the embedded text) and the vector.
 *
 * A build is written to a fresh sibling folder and swapped in by rename, manifest last, so a crash mid-build
 * leaves either the old store or none, never a half index that loads. What such a crash leaves behind (a staging
 * folder `.build-*`, a retired store `.build-*-old<n>`) is removed by a later build.
 *
 * Builds are incremental: the next build looks each text's key up in the previous `embeddings.bin` (same model,
 * checksum intact) and embeds only the texts it lacks. Vectors go through files, not memory: freshly embedded
 * ones to a scratch file batch by batch, then every record into the new `embeddings.bin` and the stores window by
 * window, so a build holds the stores and one window of vectors. Serving reads a candidate's vector from
 * `embeddings.bin` by label (hnswlib's own getPoint costs ~50 µs a call, a file read a few).
 */

const FORMAT_VERSION = 2;
const STORE = 'store';
const MANIFEST = 'manifest.json';
const PASSAGES = 'passages';
const SENTENCES = 'sentences';
const VECTORS = 'embeddings.bin';
const SCRATCH = 'embedded.tmp';
const STAGING_PREFIX = '.build-';
/** Bytes of a cache key: SHA-256 of the model id and the embedded text. */
const KEY_BYTES = 32;
/** Texts embedded per step of a build (then written to the scratch file: only one step's vectors are in memory). */
const EMBED_BATCH = 16;
/** Vectors read back and added to a store per step. */
const WINDOW = 256;
/**
 * A build's staging folder lives for the seconds it takes to save the store and swap it in; one untouched for this
 * long belongs to a build that died, not to one still running in another process (a second shard starting).
 */
export const ABANDONED_BUILD_MS = 10 * 60_000;

export interface IndexManifest {
  formatVersion: number;
  corpusHash: string;
  modelId: string;
  dimensions: number;
  passageCount: number;
  sentenceCount: number;
  /** Distinct texts (passages and sentences) whose vectors came from the previous build ... */
  reused: number;
  /** ... and distinct texts embedded by this build. */
  embedded: number;
  builtAt: string;
  buildMs: number;
  /** SHA-256 of every other file of the store (paths relative to it), checked before loading or reusing. */
  files: Record<string, string>;
}

/** The stored vectors, read by label; the file stays open for the life of the process. */
export class StoredVectors {
  private readonly bytes: number;

  constructor(
    private readonly fd: number,
    readonly dimensions: number,
    private readonly passageCount: number,
  ) {
    this.bytes = dimensions * 4;
  }

  passage(label: number): Float32Array {
    return this.read(label);
  }

  sentence(label: number): Float32Array {
    return this.read(this.passageCount + label);
  }

  private read(record: number): Float32Array {
    const vector = new Float32Array(this.dimensions);
    fs.readSync(this.fd, new Uint8Array(vector.buffer), 0, this.bytes, record * (KEY_BYTES + this.bytes) + KEY_BYTES);
    return vector;
  }
}

export interface PassageIndex {
  /** One vector per passage; each Document's metadata is `{ id }`, the passage id. */
  passages: HNSWLib;
  /** One vector per sentence; each Document's metadata is `{ passageId, index }` (index among its passage's sentences). */
  sentences: HNSWLib;
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
const cacheKey = (modelId: string, text: string) => crypto.createHash('sha256').update(modelId).update('\0').update(text).digest();

/** What one store of a build is fed: the Document for each text, in label order. */
interface StoreInput {
  name: typeof PASSAGES | typeof SENTENCES;
  texts: string[];
  documents: (i: number) => Document;
}

export async function buildIndex({ indexDir, corpus, embeddings, onProgress }: BuildOptions): Promise<PassageIndex> {
  const started = performance.now();
  const titles = new Map(corpus.papers.map((p) => [paperKey(p), p.titleEn]));
  const passages = corpus.passages;
  const sentences = passages.flatMap((p) => splitSentences(p.text).map((text, index) => ({ passageId: p.id, text, index })));
  const inputs: StoreInput[] = [
    {
      name: PASSAGES,
      texts: passages.map((p) => passageContext(p, titles.get(paperKey(p)))),
      documents: (i) => new Document({ pageContent: passages[i]!.text, metadata: { id: passages[i]!.id }, id: passages[i]!.id }),
    },
    {
      name: SENTENCES,
      texts: sentences.map((s) => s.text),
      documents: (i) =>
        new Document({ pageContent: sentences[i]!.text, metadata: { passageId: sentences[i]!.passageId, index: sentences[i]!.index } }),
    },
  ];
  const keyOf = (text: string) => cacheKey(embeddings.modelId, text);

  fs.mkdirSync(indexDir, { recursive: true });
  removeAbandonedBuilds(indexDir);
  const staging = fs.mkdtempSync(path.join(indexDir, STAGING_PREFIX));
  const previous = VectorFile.previous(path.join(indexDir, STORE), embeddings.modelId);
  const scratch = VectorFile.create(path.join(staging, SCRATCH));
  const output = VectorFile.create(path.join(staging, VECTORS));
  try {
    // 1. Embed the distinct texts the previous build lacks into the scratch file.
    const wanted = new Set(inputs.flatMap(({ texts }) => texts));
    const missing = [...wanted].filter((text) => !previous?.has(keyOf(text)));
    const progress: BuildProgress = { done: wanted.size - missing.length, total: wanted.size, reused: wanted.size - missing.length, embedded: 0 };
    onProgress?.({ ...progress });
    for (let start = 0; start < missing.length; start += EMBED_BATCH) {
      const batch = missing.slice(start, start + EMBED_BATCH);
      const vectors = await embeddings.embedDocuments(batch);
      batch.forEach((text, i) => scratch.append(keyOf(text), Float32Array.from(vectors[i]!)));
      progress.done += batch.length;
      progress.embedded += batch.length;
      onProgress?.({ ...progress });
    }

    // 2. Every label's record into the new embeddings.bin, and its vector into its store, window by window.
    const stores: HNSWLib[] = [];
    for (const input of inputs) {
      const store = new HNSWLib(embeddings, { space: 'cosine', numDimensions: previous?.dimensions || scratch.dimensions });
      for (let start = 0; start < input.texts.length; start += WINDOW) {
        const texts = input.texts.slice(start, start + WINDOW);
        const vectors = texts.map((text) => {
          const key = keyOf(text);
          const vector = scratch.get(key) ?? previous!.get(key)!;
          output.append(key, vector);
          return Array.from(vector);
        });
        await store.addVectors(
          vectors,
          texts.map((_, i) => input.documents(start + i)),
        );
        // One allocation for the whole store instead of a resize per window.
        if (store.index.getMaxElements() < input.texts.length) store.index.resizeIndex(input.texts.length);
      }
      await store.save(path.join(staging, input.name));
      stores.push(store);
    }
    output.close();
    scratch.close();
    fs.rmSync(path.join(staging, SCRATCH));

    const files = Object.fromEntries(
      [...inputs.flatMap(({ name }) => fs.readdirSync(path.join(staging, name)).map((f) => `${name}/${f}`)), VECTORS].map((f) => [
        f,
        sha256(path.join(staging, f)),
      ]),
    );
    const manifest: IndexManifest = {
      formatVersion: FORMAT_VERSION,
      corpusHash: corpus.hash,
      modelId: embeddings.modelId,
      dimensions: output.dimensions,
      passageCount: passages.length,
      sentenceCount: sentences.length,
      reused: progress.reused,
      embedded: progress.embedded,
      builtAt: new Date().toISOString(),
      buildMs: Math.round(performance.now() - started),
      files,
    };
    fs.writeFileSync(path.join(staging, MANIFEST), JSON.stringify(manifest, null, 2));
    swapIn(indexDir, staging);
    const vectors = new StoredVectors(fs.openSync(path.join(indexDir, STORE, VECTORS), 'r'), manifest.dimensions, manifest.passageCount);
    return { passages: stores[0]!, sentences: stores[1]!, vectors, manifest };
  } finally {
    previous?.close();
    scratch.close();
    output.close();
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/**
 * A file of (key, vector) records, looked up by key and read one record at a time: the previous build's
 * `embeddings.bin`, or a build's own files as it writes them.
 */
class VectorFile {
  private readonly offsets = new Map<string, number>();
  private size = 0;
  private closed = false;

  private constructor(
    private readonly fd: number,
    public dimensions: number,
  ) {}

  static create(file: string): VectorFile {
    return new VectorFile(fs.openSync(file, 'w+'), 0);
  }

  /**
   * The previous build's vectors, if they can be trusted: same format and model, checksum as its manifest says.
   * Anything else means embedding afresh (a damaged file is said so).
   */
  static previous(storeDir: string, modelId: string): VectorFile | undefined {
    let manifest: IndexManifest;
    try {
      manifest = JSON.parse(fs.readFileSync(path.join(storeDir, MANIFEST), 'utf8')) as IndexManifest;
    } catch {
      return undefined; // no previous build, or one whose manifest cannot be read: nothing to reuse
    }
    if (manifest.formatVersion !== FORMAT_VERSION || manifest.modelId !== modelId) return undefined;
    const file = path.join(storeDir, VECTORS);
    if (!fs.existsSync(file)) return undefined;
    const expected = manifest.passageCount + manifest.sentenceCount;
    if (sha256(file) !== manifest.files[VECTORS] || fs.statSync(file).size !== expected * (KEY_BYTES + manifest.dimensions * 4)) {
      log.warn(`The stored embeddings ${file} are damaged; embedding everything afresh.`);
      return undefined;
    }
    const cache = new VectorFile(fs.openSync(file, 'r'), manifest.dimensions);
    const keys = Buffer.alloc(KEY_BYTES);
    for (let record = 0; record < expected; record++) {
      fs.readSync(cache.fd, keys, 0, KEY_BYTES, cache.size);
      cache.offsets.set(keys.toString('hex'), cache.size + KEY_BYTES);
      cache.size += KEY_BYTES + manifest.dimensions * 4;
    }
    return cache;
  }

  has(key: Buffer): boolean {
    return this.offsets.has(key.toString('hex'));
  }

  get(key: Buffer): Float32Array | undefined {
    const offset = this.offsets.get(key.toString('hex'));
    if (offset === undefined) return undefined;
    const vector = new Float32Array(this.dimensions);
    fs.readSync(this.fd, new Uint8Array(vector.buffer), 0, vector.byteLength, offset);
    return vector;
  }

  append(key: Buffer, vector: Float32Array): void {
    this.dimensions ||= vector.length;
    const record = Buffer.concat([key, new Uint8Array(vector.buffer, vector.byteOffset, vector.byteLength)]);
    fs.writeSync(this.fd, record, 0, record.length, this.size);
    this.offsets.set(key.toString('hex'), this.size + KEY_BYTES);
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
 * time) may swap in its own build between our two renames; then we move that one aside and try again.
 */
function swapIn(indexDir: string, staging: string): void {
  const live = path.join(indexDir, STORE);
  for (let attempt = 0; ; attempt++) {
    const retired = `${staging}-old${attempt}`;
    try {
      fs.renameSync(live, retired);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    try {
      fs.renameSync(staging, live);
      for (let i = 0; i <= attempt; i++) fs.rmSync(`${staging}-old${i}`, { recursive: true, force: true });
      return;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if ((code !== 'ENOTEMPTY' && code !== 'EEXIST') || attempt >= 5) throw error;
    }
  }
}

export interface LoadOptions {
  indexDir: string;
  corpusHash: string;
  embeddings: Embeddings & { modelId: string };
}

/** Loads the index, refusing (with IndexUnusableError) one that is missing, stale or damaged. */
export async function loadIndex({ indexDir, corpusHash, embeddings }: LoadOptions): Promise<PassageIndex> {
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
  for (const [file, hash] of Object.entries(manifest.files ?? {})) {
    const full = path.join(dir, file);
    if (!fs.existsSync(full) || sha256(full) !== hash) {
      throw new IndexUnusableError(`The index file ${full} is missing or damaged (checksum mismatch).`, 'corrupt');
    }
  }
  try {
    const [passages, sentences] = await Promise.all([
      HNSWLib.load(path.join(dir, PASSAGES), embeddings),
      HNSWLib.load(path.join(dir, SENTENCES), embeddings),
    ]);
    const vectors = new StoredVectors(fs.openSync(path.join(dir, VECTORS), 'r'), manifest.dimensions, manifest.passageCount);
    return { passages, sentences, vectors, manifest };
  } catch (error) {
    throw new IndexUnusableError(`The index in ${dir} could not be read: ${(error as Error).message}`, 'corrupt');
  }
}
