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
 * The persisted index: LangChain's HNSWLib store of passage vectors, plus one vector per sentence (used to
 * pick answer sentences without embedding anything at question time), described by a manifest.
 *
 * Layout: `<indexDir>/store/{hnswlib.index,args.json,docstore.json,sentences.json,sentences.f32,manifest.json}`.
 * A build is written to a fresh sibling folder and swapped in by rename, manifest last, so a crash mid-build
 * leaves either the old store or none, never a half index that loads. What such a crash leaves behind (a staging
 * folder `.build-*`, a retired store `.build-*-old<n>`) is removed by a later build.
 */

const FORMAT_VERSION = 1;
const STORE = 'store';
const MANIFEST = 'manifest.json';
const STAGING_PREFIX = '.build-';
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
  builtAt: string;
  buildMs: number;
  /** SHA-256 of every other file of the store, checked before loading. */
  files: Record<string, string>;
}

export interface IndexedSentence {
  passageId: string;
  text: string;
  vector: Float32Array;
}

export interface PassageIndex {
  store: HNSWLib;
  sentences: IndexedSentence[];
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

export interface BuildOptions {
  indexDir: string;
  corpus: Corpus;
  embeddings: Embeddings & { modelId: string };
  onProgress?: (done: number, total: number) => void;
}

const sha256 = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

export async function buildIndex({ indexDir, corpus, embeddings, onProgress }: BuildOptions): Promise<PassageIndex> {
  const started = performance.now();
  const titles = new Map(corpus.papers.map((p) => [`${p.digest}:${p.section}`, p.titleEn]));
  const passages = corpus.passages;
  const sentences = passages.flatMap((p) => splitSentences(p.text).map((text) => ({ passageId: p.id, text })));
  const texts = [
    ...passages.map((p) => passageContext(p, titles.get(`${p.digest}:${p.section}`))),
    ...sentences.map((s) => s.text),
  ];
  // Embedding texts of similar length together wastes less compute on padding.
  const byLength = texts.map((_, i) => i).sort((a, b) => texts[a]!.length - texts[b]!.length);
  const vectors: number[][] = new Array(texts.length);
  const chunk = 16;
  for (let start = 0; start < byLength.length; start += chunk) {
    const ids = byLength.slice(start, start + chunk);
    const batch = await embeddings.embedDocuments(ids.map((i) => texts[i]!));
    ids.forEach((id, j) => (vectors[id] = batch[j]!));
    onProgress?.(Math.min(start + chunk, texts.length), texts.length);
  }
  const dimensions = vectors[0]?.length ?? 0;
  const store = new HNSWLib(embeddings, { space: 'cosine', numDimensions: dimensions });
  await store.addVectors(
    vectors.slice(0, passages.length),
    passages.map((p) => new Document({ pageContent: p.text, metadata: { ...p }, id: p.id })),
  );
  const indexedSentences = sentences.map((s, i) => ({ ...s, vector: Float32Array.from(vectors[passages.length + i]!) }));

  fs.mkdirSync(indexDir, { recursive: true });
  removeAbandonedBuilds(indexDir);
  const staging = fs.mkdtempSync(path.join(indexDir, STAGING_PREFIX));
  try {
    await store.save(staging);
    fs.writeFileSync(path.join(staging, 'sentences.json'), JSON.stringify(sentences));
    const packed = new Float32Array(indexedSentences.length * dimensions);
    indexedSentences.forEach((s, i) => packed.set(s.vector, i * dimensions));
    fs.writeFileSync(path.join(staging, 'sentences.f32'), Buffer.from(packed.buffer));
    const files = Object.fromEntries(fs.readdirSync(staging).map((f) => [f, sha256(path.join(staging, f))]));
    const manifest: IndexManifest = {
      formatVersion: FORMAT_VERSION,
      corpusHash: corpus.hash,
      modelId: embeddings.modelId,
      dimensions,
      passageCount: passages.length,
      sentenceCount: sentences.length,
      builtAt: new Date().toISOString(),
      buildMs: Math.round(performance.now() - started),
      files,
    };
    fs.writeFileSync(path.join(staging, MANIFEST), JSON.stringify(manifest, null, 2));
    swapIn(indexDir, staging);
    return { store, sentences: indexedSentences, manifest };
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
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
    const store = await HNSWLib.load(dir, embeddings);
    const meta = JSON.parse(fs.readFileSync(path.join(dir, 'sentences.json'), 'utf8')) as { passageId: string; text: string }[];
    const raw = fs.readFileSync(path.join(dir, 'sentences.f32'));
    const packed = new Float32Array(raw.buffer, raw.byteOffset, raw.byteLength / 4);
    const d = manifest.dimensions;
    const sentences = meta.map((s, i) => ({ ...s, vector: packed.slice(i * d, (i + 1) * d) }));
    return { store, sentences, manifest };
  } catch (error) {
    throw new IndexUnusableError(`The index in ${dir} could not be read: ${(error as Error).message}`, 'corrupt');
  }
}
