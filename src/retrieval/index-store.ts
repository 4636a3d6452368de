import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { HNSWLib } from '@langchain/community/vectorstores/hnswlib';
import { Document } from '@langchain/core/documents';
import type { Embeddings } from '@langchain/core/embeddings';
import type { Corpus } from '../corpus/load.ts';
import { splitSentences } from '../corpus/sentences.ts';
import { log } from '../log.ts';
import type { Passage } from '../types.ts';

/**
 * The persisted index: two LangChain HNSWLib stores, one vector per passage and one per sentence (answer sentences
 * are scored without embedding anything at question time), an embedding cache, and a manifest describing them.
 *
 * Layout: `<indexDir>/store/{passages/,sentences/}` (each `hnswlib.index`, `args.json`, `docstore.json`),
 * `<indexDir>/store/embeddings.bin` and `<indexDir>/store/manifest.json`. Labels follow corpus order: passage i of
 * the corpus is label i of the passage store, its sentences (in `splitSentences` order) follow those of the
 * passages before it in the sentence store.
 *
 * A build is written to a fresh sibling folder and swapped in by rename, manifest last, so a crash mid-build
 * leaves either the old store or none, never a half index that loads. What such a crash leaves behind (a staging
 * folder `.build-*`, a retired store `.build-*-old<n>`) is removed by a later build.
 *
 * Builds are incremental: `embeddings.bin` holds every vector of the build keyed by a hash of the model id and the
 * embedded text, and the next build reuses the vectors of the texts that did not change (read one at a time,
 * never the whole file) and embeds only the rest. Texts are streamed through in windows, so a build holds the
 * stores and one window of vectors, not every vector twice.
 */

const FORMAT_VERSION = 2;
const STORE = 'store';
const MANIFEST = 'manifest.json';
const PASSAGES = 'passages';
const SENTENCES = 'sentences';
const CACHE = 'embeddings.bin';
const STAGING_PREFIX = '.build-';
/** Bytes of a cache key: SHA-256 of the model id and the embedded text. */
const KEY_BYTES = 32;
/** Texts embedded per step of a build (then written to the cache, so that only one step's vectors are in memory). */
const EMBED_BATCH = 16;
/** Vectors read back from the cache and added to a store per step. */
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
  /** Texts (passages and sentences) whose vectors came from the previous build's embedding cache ... */
  reused: number;
  /** ... and texts embedded by this build. */
  embedded: number;
  builtAt: string;
  buildMs: number;
  /** SHA-256 of every file of the two stores (paths relative to the store folder), checked before loading. */
  files: Record<string, string>;
  /** The embedding cache, checked only by the next build that reuses it (serving never reads it). */
  cache: { file: string; sha256: string; entries: number };
}

export interface PassageIndex {
  /** One vector per passage; each Document's metadata is `{ id }`, the passage id. */
  passages: HNSWLib;
  /** One vector per sentence; each Document's metadata is `{ passageId, index }` (index among its passage's sentences). */
  sentences: HNSWLib;
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

const sha256 = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const cacheKey = (modelId: string, text: string) => crypto.createHash('sha256').update(modelId).update('\0').update(text).digest();

/** What one store of a build is fed: the Document for each text, in label order. */
interface StoreInput {
  name: typeof PASSAGES | typeof SENTENCES;
  texts: string[];
  documents: (i: number) => Document;
}

export async function buildIndex({ indexDir, corpus, embeddings, onProgress }: BuildOptions): Promise<PassageIndex> {
  const started = performance.now();
  const titles = new Map(corpus.papers.map((p) => [`${p.digest}:${p.section}`, p.titleEn]));
  const passages = corpus.passages;
  const sentences = passages.flatMap((p) => splitSentences(p.text).map((text, index) => ({ passageId: p.id, text, index })));
  const inputs: StoreInput[] = [
    {
      name: PASSAGES,
      texts: passages.map((p) => passageContext(p, titles.get(`${p.digest}:${p.section}`))),
      documents: (i) => new Document({ pageContent: passages[i]!.text, metadata: { id: passages[i]!.id }, id: passages[i]!.id }),
    },
    {
      name: SENTENCES,
      texts: sentences.map((s) => s.text),
      documents: (i) => new Document({ pageContent: sentences[i]!.text, metadata: { passageId: sentences[i]!.passageId, index: sentences[i]!.index } }),
    },
  ];

  fs.mkdirSync(indexDir, { recursive: true });
  removeAbandonedBuilds(indexDir);
  const staging = fs.mkdtempSync(path.join(indexDir, STAGING_PREFIX));
  try {
    // 1. Every distinct text's vector into the new cache: copied from the previous build's cache, or embedded.
    const previous = EmbeddingCache.open(path.join(indexDir, STORE), embeddings.modelId);
    const cache = new CacheWriter(path.join(staging, CACHE));
    const progress: BuildProgress = { done: 0, total: 0, reused: 0, embedded: 0 };
    const missing: string[] = [];
    try {
      const wanted = new Set(inputs.flatMap(({ texts }) => texts));
      progress.total = wanted.size;
      for (const text of wanted) {
        const key = cacheKey(embeddings.modelId, text);
        const vector = previous?.read(key);
        if (vector) cache.write(key, vector);
        else missing.push(text);
      }
    } finally {
      previous?.close();
    }
    progress.done = progress.reused = progress.total - missing.length;
    onProgress?.({ ...progress });
    // Embedding texts of similar length together wastes less compute on padding.
    missing.sort((a, b) => a.length - b.length);
    for (let start = 0; start < missing.length; start += EMBED_BATCH) {
      const batch = missing.slice(start, start + EMBED_BATCH);
      const vectors = await embeddings.embedDocuments(batch);
      batch.forEach((text, i) => cache.write(cacheKey(embeddings.modelId, text), Buffer.from(Float32Array.from(vectors[i]!).buffer)));
      progress.done += batch.length;
      progress.embedded += batch.length;
      onProgress?.({ ...progress });
    }
    const dimensions = cache.dimensions;

    // 2. The stores, fed from the new cache window by window in label order.
    const stores: HNSWLib[] = [];
    for (const input of inputs) {
      const store = new HNSWLib(embeddings, { space: 'cosine', numDimensions: dimensions });
      for (let start = 0; start < input.texts.length; start += WINDOW) {
        const texts = input.texts.slice(start, start + WINDOW);
        const vectors = texts.map((text) => Array.from(cache.vector(cacheKey(embeddings.modelId, text))));
        await store.addVectors(vectors, texts.map((_, i) => input.documents(start + i)));
        // One allocation for the whole store instead of a resize per window.
        if (store.index.getMaxElements() < input.texts.length) store.index.resizeIndex(input.texts.length);
      }
      await store.save(path.join(staging, input.name));
      stores.push(store);
    }
    const cacheSummary = cache.close();

    const files = Object.fromEntries(
      inputs.flatMap(({ name }) => fs.readdirSync(path.join(staging, name)).map((f) => [`${name}/${f}`, sha256(path.join(staging, name, f))])),
    );
    const manifest: IndexManifest = {
      formatVersion: FORMAT_VERSION,
      corpusHash: corpus.hash,
      modelId: embeddings.modelId,
      dimensions,
      passageCount: passages.length,
      sentenceCount: sentences.length,
      reused: progress.reused,
      embedded: progress.embedded,
      builtAt: new Date().toISOString(),
      buildMs: Math.round(performance.now() - started),
      files,
      cache: { file: CACHE, ...cacheSummary },
    };
    fs.writeFileSync(path.join(staging, MANIFEST), JSON.stringify(manifest, null, 2));
    swapIn(indexDir, staging);
    return { passages: stores[0]!, sentences: stores[1]!, manifest };
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/** Cache records: a key, then the vector as little-endian float32. */
const recordBytes = (dimensions: number) => KEY_BYTES + dimensions * 4;

/**
 * The previous build's vectors, looked up by cache key and read from disk one at a time. Only a cache written
 * for the same model, whose checksum matches its manifest, is used; anything else means embedding afresh.
 */
class EmbeddingCache {
  private constructor(
    private readonly fd: number,
    private readonly dimensions: number,
    private readonly offsets: Map<string, number>,
  ) {}

  static open(storeDir: string, modelId: string): EmbeddingCache | undefined {
    let manifest: IndexManifest;
    try {
      manifest = JSON.parse(fs.readFileSync(path.join(storeDir, MANIFEST), 'utf8')) as IndexManifest;
    } catch {
      return undefined; // no previous build, or one whose manifest cannot be read: nothing to reuse
    }
    if (manifest.formatVersion !== FORMAT_VERSION || manifest.modelId !== modelId || !manifest.cache) return undefined;
    const file = path.join(storeDir, manifest.cache.file);
    const size = recordBytes(manifest.dimensions);
    let fd: number;
    try {
      fd = fs.openSync(file, 'r');
    } catch {
      return undefined;
    }
    // One pass over the file: its checksum, and where each key's vector starts.
    const hash = crypto.createHash('sha256');
    const offsets = new Map<string, number>();
    const chunk = Buffer.alloc(size * 512);
    let position = 0;
    for (let read; (read = fs.readSync(fd, chunk, 0, chunk.length, position)) > 0; position += read) {
      hash.update(chunk.subarray(0, read));
      for (let at = 0; at + size <= read; at += size) offsets.set(chunk.toString('hex', at, at + KEY_BYTES), position + at + KEY_BYTES);
    }
    if (hash.digest('hex') !== manifest.cache.sha256 || position !== manifest.cache.entries * size) {
      fs.closeSync(fd);
      log.warn(`The embedding cache ${file} is damaged; embedding everything afresh.`);
      return undefined;
    }
    return new EmbeddingCache(fd, manifest.dimensions, offsets);
  }

  /** The raw vector stored under `key`, if any. */
  read(key: Buffer): Buffer | undefined {
    const offset = this.offsets.get(key.toString('hex'));
    if (offset === undefined) return undefined;
    const bytes = Buffer.alloc(this.dimensions * 4);
    fs.readSync(this.fd, bytes, 0, bytes.length, offset);
    return bytes;
  }

  close(): void {
    fs.closeSync(this.fd);
  }
}

/** The cache a build writes, record by record, and reads back to feed the stores. */
class CacheWriter {
  private readonly fd: number;
  private readonly hash = crypto.createHash('sha256');
  private readonly offsets = new Map<string, number>();
  private size = 0;
  dimensions = 0;

  constructor(file: string) {
    this.fd = fs.openSync(file, 'w+');
  }

  write(key: Buffer, vector: Buffer): void {
    this.dimensions ||= vector.length / 4;
    const record = Buffer.concat([key, vector]);
    fs.writeSync(this.fd, record, 0, record.length, this.size);
    this.hash.update(record);
    this.offsets.set(key.toString('hex'), this.size + KEY_BYTES);
    this.size += record.length;
  }

  vector(key: Buffer): Float32Array {
    const bytes = Buffer.alloc(this.dimensions * 4);
    fs.readSync(this.fd, bytes, 0, bytes.length, this.offsets.get(key.toString('hex'))!);
    return new Float32Array(bytes.buffer, bytes.byteOffset, this.dimensions);
  }

  close(): { sha256: string; entries: number } {
    fs.closeSync(this.fd);
    return { sha256: this.hash.digest('hex'), entries: this.offsets.size };
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
    const [passages, sentences] = await Promise.all([HNSWLib.load(path.join(dir, PASSAGES), embeddings), HNSWLib.load(path.join(dir, SENTENCES), embeddings)]);
    return { passages, sentences, manifest };
  } catch (error) {
    throw new IndexUnusableError(`The index in ${dir} could not be read: ${(error as Error).message}`, 'corrupt');
  }
}
