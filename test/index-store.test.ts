import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { loadCorpus } from '../src/corpus/load.ts';
import { createEmbeddings, createQaService } from '../src/qa.ts';
import { ABANDONED_BUILD_MS, buildIndex, IndexUnusableError, loadIndex, type IndexManifest } from '../src/retrieval/index-store.ts';
import { tempDir, testConfig } from './support/core.ts';

const config = testConfig();
const corpus = loadCorpus(config.corpusDir);
const embeddings = createEmbeddings(config);
let built: string;

/** A copy of the built index in a fresh folder, for a test to damage. */
function copyOfIndex(): string {
  const dir = tempDir('paperbot-index-');
  fs.cpSync(built, dir, { recursive: true });
  return dir;
}

const store = (dir: string) => path.join(dir, 'store');
const readManifest = (dir: string) => JSON.parse(fs.readFileSync(path.join(store(dir), 'manifest.json'), 'utf8')) as IndexManifest;

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
    assert.equal(manifest.modelId, 'BAAI/bge-small-zh-v1.5');
    assert.equal(manifest.dimensions, 512);
    assert.equal(manifest.passageCount, corpus.passages.length);
    assert.ok(manifest.sentenceCount > manifest.passageCount);
    assert.ok(!Number.isNaN(Date.parse(manifest.builtAt)));
    assert.deepEqual(fs.readdirSync(built).sort(), ['.build-running', 'store']);
  });

  it('round-trips: the loaded store finds the same passage as a fresh search', async () => {
    const loaded = await loadIndex({ indexDir: built, corpusHash: corpus.hash, embeddings });
    const [best] = await loaded.store.similaritySearch('滑动窗口注意力', 1);
    assert.equal(best?.metadata.section, 6);
    assert.equal(loaded.sentences.length, loaded.manifest.sentenceCount);
    assert.equal(loaded.sentences[0]!.vector.length, 512);
  });

  it('refuses an index built from another corpus or model with a clear message', async () => {
    await assert.rejects(loadIndex({ indexDir: built, corpusHash: 'other', embeddings }), (error: unknown) => {
      assert.ok(error instanceof IndexUnusableError);
      assert.equal(error.kind, 'mismatch');
      assert.match(error.message, /corpus changed/u);
      return true;
    });
    const other = createEmbeddings(testConfig({ EMBEDDING_MODEL: 'Xenova/multilingual-e5-small' }));
    await assert.rejects(loadIndex({ indexDir: built, corpusHash: corpus.hash, embeddings: other }), /built with model "BAAI\/bge-small-zh-v1.5", but EMBEDDING_MODEL is "Xenova\/multilingual-e5-small"/u);
  });

  it('refuses a truncated index file as damaged', async () => {
    const dir = copyOfIndex();
    const file = path.join(store(dir), 'hnswlib.index');
    fs.truncateSync(file, Math.floor(fs.statSync(file).size / 2));
    await assert.rejects(loadIndex({ indexDir: dir, corpusHash: corpus.hash, embeddings }), (error: unknown) => {
      assert.ok(error instanceof IndexUnusableError);
      assert.equal(error.kind, 'corrupt');
      assert.match(error.message, /hnswlib\.index is missing or damaged/u);
      return true;
    });
  });

  it('treats a build that crashed before the swap (staging folder, no store) as no index', async () => {
    const dir = tempDir('paperbot-index-');
    fs.cpSync(store(built), path.join(dir, '.build-crashed'), { recursive: true });
    fs.rmSync(path.join(dir, '.build-crashed', 'manifest.json'));
    await assert.rejects(loadIndex({ indexDir: dir, corpusHash: corpus.hash, embeddings }), (error: unknown) => error instanceof IndexUnusableError && error.kind === 'missing');
  });

  it('the service rebuilds a stale or damaged index by itself and says why', async () => {
    const stale = copyOfIndex();
    const manifest = readManifest(stale);
    fs.writeFileSync(path.join(store(stale), 'manifest.json'), JSON.stringify({ ...manifest, corpusHash: 'stale' }));
    const damaged = copyOfIndex();
    fs.truncateSync(path.join(store(damaged), 'docstore.json'), 10);
    for (const [dir, reason] of [[stale, /corpus changed/u], [damaged, /docstore\.json is missing or damaged/u]] as const) {
      const qa = await createQaService({ ...config, indexDir: dir });
      assert.match(qa.indexBuilt ?? '', reason);
      assert.equal(readManifest(dir).corpusHash, corpus.hash);
      const answer = await qa.ask('Mixtral 总共大约有多少参数?');
      assert.equal(answer.citations[0]?.section, 6);
    }
  });

  it('takes another model by id when its files are under MODEL_DIR, and rebuilds the index for it', async () => {
    const modelDir = tempDir('paperbot-models-');
    fs.cpSync(path.join(config.modelDir, 'BAAI/bge-small-zh-v1.5'), path.join(modelDir, 'local/my-model'), { recursive: true });
    const indexDir = copyOfIndex();
    const qa = await createQaService({ ...config, indexDir, modelDir, embeddingModel: 'local/my-model' });
    assert.match(qa.indexBuilt ?? '', /built with model "BAAI\/bge-small-zh-v1.5", but EMBEDDING_MODEL is "local\/my-model"/u);
    assert.equal(readManifest(indexDir).modelId, 'local/my-model');
    assert.equal((await qa.ask('SAM 由哪三个组件组成?')).citations[0]?.section, 9);
  });

  it('a model that cannot be found fails with a message saying where it looked and what to do', async () => {
    await assert.rejects(createQaService({ ...config, indexDir: copyOfIndex(), embeddingModel: 'nobody/missing-model' }), /Cannot load embedding model "nobody\/missing-model" from .*ALLOW_REMOTE_MODELS=true/su);
  });

  it('loads a good index without rebuilding it', async () => {
    const qa = await createQaService({ ...config, indexDir: copyOfIndex() });
    assert.equal(qa.indexBuilt, undefined);
  });
});
