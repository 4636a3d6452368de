/**
 * The index on disk. Build, mismatch and damage are checked with synthetic embeddings (LangChain's, fast and
 * deterministic); what needs the real model (search quality, rebuilding, another model) uses the shared index or a
 * one-paper corpus that embeds in milliseconds.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { SyntheticEmbeddings } from '@langchain/core/utils/testing';
import { loadCorpus } from '../src/corpus/load.ts';
import { passageSentences } from '../src/corpus/sentences.ts';
import { createEmbeddings, createQaService } from '../src/qa.ts';
import { LocalEmbeddings } from '../src/retrieval/embeddings.ts';
import { ABANDONED_BUILD_MS, buildIndex, hasRenderings, IndexUnusableError, loadIndex, type IndexManifest } from '../src/retrieval/index-store.ts';
import { sharedIndexDir, sharedQa, tempDir, testConfig } from './support/core.ts';

/** Synthetic vectors under a model id, as the index store expects of an embedding model. */
class SyntheticModel extends SyntheticEmbeddings {
  constructor(readonly modelId: string) {
    super({ vectorSize: 32 });
  }
}

const config = testConfig();
const corpus = loadCorpus(config.corpusDir);
const embeddings = new SyntheticModel('test/synthetic');
let built: string;

/** A copy of the built index in a fresh folder, for a test to damage. */
function copyOfIndex(): string {
  const dir = tempDir('paperbot-index-');
  fs.cpSync(built, dir, { recursive: true });
  return dir;
}

const store = (dir: string) => path.join(dir, 'store');
const readManifest = (dir: string) => JSON.parse(fs.readFileSync(path.join(store(dir), 'manifest.json'), 'utf8')) as IndexManifest;

/** A corpus of one short paper, which the real model embeds in a few milliseconds. */
function onePaperCorpus(): string {
  const dir = tempDir('paperbot-corpus-');
  fs.writeFileSync(
    path.join(dir, 'mini.txt'),
    ['小摘要', '1)Segment Anything', 'Segment Anything 模型(SAM)由三个主要组件组成:图像编码器、提示编码器和掩码解码器。'].join('\n'),
  );
  return dir;
}

describe('HNSW index on disk', () => {
  before(async () => {
    built = tempDir('paperbot-index-');
    // What killed builds left: a staging folder and a retired store, untouched for longer than a build takes…
    const longAgo = new Date(Date.now() - ABANDONED_BUILD_MS - 60_000);
    for (const name of ['.build-killed', '.build-killed-old0']) {
      fs.mkdirSync(path.join(built, name));
      fs.writeFileSync(path.join(built, name, 'hnswlib.index'), 'half written');
      fs.utimesSync(path.join(built, name), longAgo, longAgo);
    }
    // …and the staging folder of a build under way in another process.
    fs.mkdirSync(path.join(built, '.build-running'));
    await buildIndex({ indexDir: built, corpus, embeddings });
  });

  it('writes a manifest describing the build, leaves no staging folder behind and removes abandoned ones, not live ones', () => {
    const manifest = readManifest(built);
    assert.equal(manifest.corpusHash, corpus.hash);
    assert.equal(manifest.modelId, 'test/synthetic');
    assert.equal(manifest.dimensions, 32);
    assert.equal(manifest.passageCount, corpus.passages.length);
    assert.ok(manifest.sentenceCount > manifest.passageCount);
    assert.ok(!Number.isNaN(Date.parse(manifest.builtAt)));
    assert.deepEqual(fs.readdirSync(built).sort(), ['.build-running', 'store']);
  });

  it('round-trips: the loaded store holds every passage and sentence vector as built, and each sentence rendering', async () => {
    const loaded = await loadIndex({ indexDir: built, corpusHash: corpus.hash, embeddings, rendered: hasRenderings(corpus) });
    assert.equal(loaded.passages.index.getCurrentCount(), loaded.manifest.passageCount);
    assert.equal(loaded.sentences.index.getCurrentCount(), loaded.manifest.sentenceCount, 'renderings are not searched');
    assert.ok(loaded.manifest.renderingCount! > 0, 'the seed digest has an English rendering');
    assert.ok(Object.keys(loaded.manifest.files).includes('renderings/vectors.bin'), 'and their file is checked like the stores');
    const rendering = corpus.passages.flatMap(passageSentences).find((sentence) => sentence.translation)!.translation!;
    assert.deepEqual(
      [...loaded.vectors.rendering(rendering)!],
      (await embeddings.embedQuery(rendering)).map((x) => Math.fround(x)),
    );
    assert.equal(loaded.vectors.rendering('a sentence the digest never renders'), undefined);
  });

  it('refuses an index built before sentence renderings were stored, for a corpus that has some', async () => {
    const dir = copyOfIndex();
    const manifestFile = path.join(dir, 'store', 'manifest.json');
    const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Record<string, unknown>;
    delete manifest.renderingCount;
    fs.writeFileSync(manifestFile, JSON.stringify(manifest));
    await assert.rejects(
      loadIndex({ indexDir: dir, corpusHash: corpus.hash, embeddings, rendered: hasRenderings(corpus) }),
      /built without the renderings/u,
    );
    assert.ok(await loadIndex({ indexDir: dir, corpusHash: corpus.hash, embeddings, rendered: false }), 'a corpus without renderings loads it');
  });

  it('the real model’s index finds the passage and the sentence a search is about', async () => {
    const real = (await sharedQa()).embeddings; // and the shared index, built if this run has not yet
    const loaded = await loadIndex({ indexDir: sharedIndexDir(config), corpusHash: corpus.hash, embeddings: real });
    const [best] = await loaded.passages.similaritySearch('滑动窗口注意力', 1);
    assert.match(String(best?.metadata.id), /:6\.\d+$/u);
    const [sentence] = await loaded.sentences.similaritySearch('滑动窗口注意力', 1);
    assert.match(String(sentence?.metadata.passageId), /:6\.\d+$/u);
    assert.match(sentence!.pageContent, /滑动窗口/u);
  });

  it('refuses an index built from another corpus or model with a clear message', async () => {
    await assert.rejects(loadIndex({ indexDir: built, corpusHash: 'other', embeddings }), (error: unknown) => {
      assert.ok(error instanceof IndexUnusableError);
      assert.equal(error.kind, 'mismatch');
      assert.match(error.message, /corpus changed/u);
      return true;
    });
    const other = new SyntheticModel('Xenova/multilingual-e5-small');
    await assert.rejects(
      loadIndex({ indexDir: built, corpusHash: corpus.hash, embeddings: other }),
      /built with model "test\/synthetic", but EMBEDDING_MODEL is "Xenova\/multilingual-e5-small"/u,
    );
  });

  it('refuses a truncated index file as damaged', async () => {
    const dir = copyOfIndex();
    const file = path.join(store(dir), 'passages', 'hnswlib.index');
    fs.truncateSync(file, Math.floor(fs.statSync(file).size / 2));
    await assert.rejects(loadIndex({ indexDir: dir, corpusHash: corpus.hash, embeddings }), (error: unknown) => {
      assert.ok(error instanceof IndexUnusableError);
      assert.equal(error.kind, 'corrupt');
      assert.match(error.message, /passages\/hnswlib\.index is missing or damaged/u);
      return true;
    });
  });

  it('treats a build that crashed before the swap (staging folder, no store) as no index', async () => {
    const dir = tempDir('paperbot-index-');
    fs.cpSync(store(built), path.join(dir, '.build-crashed'), { recursive: true });
    fs.rmSync(path.join(dir, '.build-crashed', 'manifest.json'));
    await assert.rejects(
      loadIndex({ indexDir: dir, corpusHash: corpus.hash, embeddings }),
      (error: unknown) => error instanceof IndexUnusableError && error.kind === 'missing',
    );
  });

  it('the service rebuilds a stale or damaged index by itself and says why', async () => {
    const small = testConfig({ CORPUS_DIR: onePaperCorpus(), INDEX_DIR: tempDir('paperbot-index-') });
    await createQaService(small);
    const good = small.indexDir;
    const copy = () => {
      const dir = tempDir('paperbot-index-');
      fs.cpSync(good, dir, { recursive: true });
      return dir;
    };
    const stale = copy();
    fs.writeFileSync(path.join(store(stale), 'manifest.json'), JSON.stringify({ ...readManifest(stale), corpusHash: 'stale' }));
    const damaged = copy();
    fs.truncateSync(path.join(store(damaged), 'sentences', 'docstore.json'), 10);
    for (const [dir, reason] of [
      [stale, /corpus changed/u],
      [damaged, /sentences\/docstore\.json is missing or damaged/u],
    ] as const) {
      const qa = await createQaService({ ...small, indexDir: dir });
      assert.match(qa.indexBuilt ?? '', reason);
      assert.equal(readManifest(dir).corpusHash, readManifest(good).corpusHash);
      const answer = await qa.ask('SAM 由哪三个组件组成?');
      assert.equal(answer.citations[0]?.passageId, 'mini:1.1');
    }
    const reloaded = await createQaService({ ...small, indexDir: copy() });
    assert.equal(reloaded.indexBuilt, undefined, 'a good index is loaded, not rebuilt');
  });

  it('takes another model by id when its files are under MODEL_DIR, and rebuilds the index for it', async () => {
    const small = testConfig({ CORPUS_DIR: onePaperCorpus(), INDEX_DIR: tempDir('paperbot-index-') });
    await createQaService(small);
    const modelDir = tempDir('paperbot-models-');
    fs.cpSync(path.join(config.modelDir, 'BAAI/bge-small-zh-v1.5'), path.join(modelDir, 'local/my-model'), { recursive: true });
    const qa = await createQaService({ ...small, modelDir, embeddingModel: 'local/my-model' });
    assert.match(qa.indexBuilt ?? '', /built with model "BAAI\/bge-small-zh-v1.5", but EMBEDDING_MODEL is "local\/my-model"/u);
    assert.equal(readManifest(small.indexDir).modelId, 'local/my-model');
    assert.equal((await qa.ask('SAM 由哪三个组件组成?')).citations[0]?.passageId, 'mini:1.1');
  });

  it('a model that cannot be found fails with a message saying where it looked and what to do', async () => {
    await assert.rejects(
      createQaService({ ...config, indexDir: copyOfIndex(), embeddingModel: 'nobody/missing-model' }),
      /Cannot load embedding model "nobody\/missing-model" from .*ALLOW_REMOTE_MODELS=true/su,
    );
  });
});

describe('the embedding model', () => {
  it('gives a text the same vector whatever is embedded with it, so the cache keyed by text is exact', async () => {
    // The model itself, not the vectors this process remembers (which assume what is checked here).
    const model = new LocalEmbeddings({ modelId: config.embeddingModel, modelDir: config.modelDir, rememberVectors: false });
    const texts = [
      'DPO 完全跳过了奖励模型。',
      corpus.passages.reduce((longest, p) => (p.text.length > longest.length ? p.text : longest), ''),
      'QLoRA 把 65B 模型的微调内存从 780 GB 降到 48 GB。',
    ];
    const together = await model.embedDocuments(texts);
    for (const [i, text] of texts.entries()) assert.deepEqual(together[i], await model.embedQuery(text), text);
  });

  it("remembers the vectors it computed: a text embedded again gets the model's own numbers, in an array of its own", async () => {
    const text = 'Mixtral 8x7B 每个词元只用到 13B 参数。';
    const fresh = await new LocalEmbeddings({ modelId: config.embeddingModel, modelDir: config.modelDir, rememberVectors: false }).embedQuery(text);
    const first = await createEmbeddings(config).embedQuery(text);
    first.fill(0);
    const again = await createEmbeddings(config).embedQuery(text);
    assert.deepEqual(again, fresh);
    assert.notEqual(again, first);
  });

  it('is loaded once per process: every service on the same model shares its session, another model gets its own', async () => {
    const first = await createEmbeddings(config).load();
    assert.equal(await createEmbeddings(config).load(), first);
    const modelDir = tempDir('paperbot-models-');
    fs.cpSync(path.join(config.modelDir, 'BAAI/bge-small-zh-v1.5'), path.join(modelDir, 'local/other-model'), { recursive: true });
    const other = createEmbeddings({ ...config, modelDir, embeddingModel: 'local/other-model' });
    assert.notEqual(await other.load(), first);
  });
});
