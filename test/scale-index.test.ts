import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { Document } from '@langchain/core/documents';
import { Embeddings } from '@langchain/core/embeddings';
import { loadCorpus } from '../src/corpus/load.ts';
import { splitSentences } from '../src/corpus/sentences.ts';
import { addMarkedCopy, copyCorpus, markedCopy } from '../src/eval/synthetic.ts';
import { Bm25 } from '../src/retrieval/bm25.ts';
import { HnswStore } from '../src/retrieval/hnsw-store.ts';
import { HybridRetriever } from '../src/retrieval/hybrid.ts';
import { buildIndex, loadIndex, type IndexManifest, type PassageIndex } from '../src/retrieval/index-store.ts';
import { RETRIEVAL } from '../src/retrieval/settings.ts';
import { ROOT, tempDir } from './support/core.ts';

/** Deterministic embeddings that record every text they embed, so a test can see what a build re-embedded. */
class RecordingEmbeddings extends Embeddings {
  embedded: string[] = [];
  constructor(readonly modelId = 'test/fake-model') {
    super({});
  }
  async embedDocuments(texts: string[]): Promise<number[][]> {
    this.embedded.push(...texts);
    return texts.map(vectorOf);
  }
  async embedQuery(text: string): Promise<number[]> {
    return vectorOf(text);
  }
}

function vectorOf(text: string): number[] {
  const bytes = crypto.createHash('sha256').update(text).digest();
  const vector = [...bytes.subarray(0, 16)].map((b) => b - 127.5);
  const norm = Math.hypot(...vector);
  return vector.map((x) => x / norm);
}

/** A digest of `sections` sections, one paragraph of two sentences each, every one with its own term. */
function digest(name: string, sections: number): string {
  const body = Array.from({ length: sections }, (_, i) => `${i + 1})论文${name}${i + 1}\n第${i + 1}篇讲 term${name}x${i + 1} 的方法。它的结果很好。`);
  return `测试摘要 ${name}\n${body.join('\n')}\n`;
}

function corpusDir(digests: Record<string, string>): string {
  const dir = tempDir('paperbot-corpus-');
  for (const [name, text] of Object.entries(digests)) fs.writeFileSync(path.join(dir, `${name}.txt`), text);
  return dir;
}

const manifestOf = (indexDir: string) => JSON.parse(fs.readFileSync(path.join(indexDir, 'store', 'manifest.json'), 'utf8')) as IndexManifest;
const vectorBytes = (indexDir: string) =>
  ['passages', 'sentences'].reduce((sum, store) => sum + fs.statSync(path.join(indexDir, 'store', store, 'vectors.bin')).size, 0);
/** The label each passage id has in the passage store. */
const passageLabels = (index: PassageIndex) => new Map([...index.passages.documents].map(([label, doc]) => [doc.metadata.id as string, label]));
/** The passage ids of what a store returns for a text, however many labels it holds. */
async function everyHit(store: HnswStore, text: string): Promise<string[]> {
  const hits = await store.similaritySearchVectorWithScore(vectorOf(text), store.index.getCurrentCount());
  return hits.map(([doc]) => (doc.metadata.id ?? doc.metadata.passageId) as string);
}
/** Distinct texts a corpus embeds: each passage with its context, and each sentence. */
async function textsOf(dir: string): Promise<number> {
  const embeddings = new RecordingEmbeddings();
  await buildIndex({ indexDir: tempDir('paperbot-index-'), corpus: loadCorpus(dir), embeddings });
  return new Set(embeddings.embedded).size;
}

describe('inverted-index BM25', () => {
  const documents = [['qlora', '量化', '内存'], ['dpo', '偏好'], ['qlora', 'lora', '微调', 'qlora'], ['mistral', '滑动窗口'], []];
  const bm25 = new Bm25(documents);

  it('scores from the postings of the query terms only: documents without one are not even visited', () => {
    const scores = bm25.scores(['qlora', 'unknown']);
    assert.deepEqual([...scores.keys()].sort(), [0, 2]);
    assert.ok(scores.get(2)! > scores.get(0)!, 'the term twice in a document of similar length scores higher');
  });

  it('gives the same scores as scoring every document by the BM25 formula', () => {
    const n = documents.length;
    const average = documents.reduce((sum, d) => sum + d.length, 0) / n;
    const idf = (t: string) => {
      const df = documents.filter((d) => d.includes(t)).length;
      return df ? Math.log(1 + (n - df + 0.5) / (df + 0.5)) : 0;
    };
    const brute = (query: string[], d: string[]) =>
      [...new Set(query)].reduce((sum, t) => {
        const tf = d.filter((x) => x === t).length;
        return sum + (tf ? (idf(t) * tf * 2.2) / (tf + 1.2 * (0.25 + (0.75 * d.length) / average)) : 0);
      }, 0);
    const query = ['qlora', '偏好', '滑动窗口', 'qlora'];
    const scores = bm25.scores(query);
    documents.forEach((d, i) => assert.ok(Math.abs((scores.get(i) ?? 0) - brute(query, d)) < 1e-12, `document ${i}`));
  });

  it('search keeps the best `limit` hits, best first', () => {
    const scores = bm25.scores(['qlora', '偏好']);
    const best = [...scores.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 2)
      .map(([index]) => index);
    assert.deepEqual(
      bm25.search(['qlora', '偏好'], 2).map((h) => h.index),
      best,
    );
    assert.equal(bm25.search(['qlora', '偏好', 'mistral'], 1).length, 1);
    assert.deepEqual(bm25.search(['nothing'], 10), []);
  });
});

describe('embedding cache and incremental builds', () => {
  it('reuses every vector of an unchanged corpus, and the rebuilt index answers the same', async () => {
    const dir = corpusDir({ a: digest('a', 3), b: digest('b', 3) });
    const indexDir = tempDir('paperbot-index-');
    const first = new RecordingEmbeddings();
    await buildIndex({ indexDir, corpus: loadCorpus(dir), embeddings: first });
    const total = new Set(first.embedded).size;
    assert.deepEqual({ reused: manifestOf(indexDir).reused, embedded: manifestOf(indexDir).embedded }, { reused: 0, embedded: total });

    const second = new RecordingEmbeddings();
    const progress: number[] = [];
    await buildIndex({ indexDir, corpus: loadCorpus(dir), embeddings: second, onProgress: (p) => progress.push(p.reused) });
    assert.deepEqual(second.embedded, []);
    assert.deepEqual({ reused: manifestOf(indexDir).reused, embedded: manifestOf(indexDir).embedded }, { reused: total, embedded: 0 });
    assert.equal(progress.at(-1), total);
    const loaded = await loadIndex({ indexDir, corpusHash: loadCorpus(dir).hash, embeddings: second });
    const [best] = await loaded.sentences.similaritySearchVectorWithScore(vectorOf('第2篇讲 termbx2 的方法。'), 1);
    assert.equal(best?.[0].metadata.passageId, 'b:2.1');
    assert.ok(best[1] < 1e-6, 'the reused vector is the one embedded before');
  });

  it('re-embeds only the passage that was edited', async () => {
    const dir = corpusDir({ a: digest('a', 3) });
    const indexDir = tempDir('paperbot-index-');
    await buildIndex({ indexDir, corpus: loadCorpus(dir), embeddings: new RecordingEmbeddings() });
    fs.writeFileSync(path.join(dir, 'a.txt'), digest('a', 3).replace('第2篇讲 termax2 的方法。', '第2篇讲 termax2 的新方法。'));
    const embeddings = new RecordingEmbeddings();
    await buildIndex({ indexDir, corpus: loadCorpus(dir), embeddings });
    // The edited passage (with its context) and its edited sentence; its unchanged sentence is reused.
    assert.equal(embeddings.embedded.length, 2);
    assert.ok(embeddings.embedded.every((text) => text.includes('新方法')));
    assert.equal(manifestOf(indexDir).embedded, 2);
  });

  it('drops the vectors of a removed digest, so the cache holds only the current corpus', async () => {
    const dir = corpusDir({ a: digest('a', 2), b: digest('b', 2) });
    const indexDir = tempDir('paperbot-index-');
    await buildIndex({ indexDir, corpus: loadCorpus(dir), embeddings: new RecordingEmbeddings() });
    fs.rmSync(path.join(dir, 'b.txt'));
    const embeddings = new RecordingEmbeddings();
    await buildIndex({ indexDir, corpus: loadCorpus(dir), embeddings });
    assert.deepEqual(embeddings.embedded, []);
    const remaining = await textsOf(dir);
    const { passageCount, sentenceCount } = manifestOf(indexDir);
    assert.equal(manifestOf(indexDir).reused, remaining);
    // Half the labels would be deleted: the graphs are built afresh, without them.
    assert.deepEqual(manifestOf(indexDir).stores, {
      passages: { labels: passageCount, deleted: 0, updated: false },
      sentences: { labels: sentenceCount, deleted: 0, updated: false },
    });
    assert.equal(vectorBytes(indexDir), (passageCount + sentenceCount) * (32 + 16 * 4), 'one record per label, none for the removed digest');
    // Putting it back embeds it again: its vectors were dropped with it.
    fs.writeFileSync(path.join(dir, 'b.txt'), digest('b', 2));
    const again = new RecordingEmbeddings();
    await buildIndex({ indexDir, corpus: loadCorpus(dir), embeddings: again });
    assert.ok(again.embedded.length > 0 && again.embedded.every((text) => !text.includes('terma')));
  });

  it('adds a digest to a built index by updating its graphs: earlier labels stay, only the new texts are embedded and added', async () => {
    const digests = Object.fromEntries(['a', 'b', 'c', 'd', 'e'].map((name) => [name, digest(name, 3)]));
    const dir = corpusDir(digests);
    const indexDir = tempDir('paperbot-index-');
    const before = await buildIndex({ indexDir, corpus: loadCorpus(dir), embeddings: new RecordingEmbeddings() });
    const { stores: built } = manifestOf(indexDir);
    fs.writeFileSync(path.join(dir, 'f.txt'), digest('f', 3));
    const embeddings = new RecordingEmbeddings();
    const corpus = loadCorpus(dir);
    const after = await buildIndex({ indexDir, corpus, embeddings });

    // The new digest's three passages and their first sentences; "它的结果很好。" is already stored.
    assert.equal(embeddings.embedded.length, 6);
    assert.ok(embeddings.embedded.every((text) => text.includes('termfx')));
    const { stores } = manifestOf(indexDir);
    assert.deepEqual(stores.passages, { labels: built.passages.labels + 3, deleted: 0, updated: true });
    assert.deepEqual(stores.sentences, { labels: built.sentences.labels + 6, deleted: 0, updated: true });
    const labels = passageLabels(after);
    for (const [id, label] of passageLabels(before)) assert.equal(labels.get(id), label, `${id} keeps its label`);
    assert.equal((await everyHit(after.sentences, '第2篇讲 termfx2 的方法。'))[0], 'f:2.1', 'the new digest is found');

    // Loaded from disk, the updated index serves like a fresh one: each passage's sentences in reading order.
    const loaded = await loadIndex({ indexDir, corpusHash: corpus.hash, embeddings });
    const fresh = await buildIndex({ indexDir: tempDir('paperbot-index-'), corpus, embeddings: new RecordingEmbeddings() });
    const [updatedAnswer, freshAnswer] = await Promise.all(
      [loaded, fresh].map((index) => new HybridRetriever(corpus, index, embeddings).retrieve('termfx3 和 termax1 是什么方法?')),
    );
    assert.deepEqual(
      updatedAnswer!.hits.map((h) => [h.passage.id, h.sentences.map((s) => [s.text, s.similarity])]),
      freshAnswer!.hits.map((h) => [h.passage.id, h.sentences.map((s) => [s.text, s.similarity])]),
    );
    assert.deepEqual(
      loaded.vectors.sentences('f:3.1').map((v) => [...v]),
      ['第3篇讲 termfx3 的方法。', '它的结果很好。'].map((text) => vectorOf(text).map((x) => Math.fround(x))),
    );
  });

  it('marks the labels of a removed or edited passage deleted, never returns them, and rebuilds once too many are deleted', async () => {
    const digests = Object.fromEntries(['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((name) => [name, digest(name, 3)]));
    const dir = corpusDir(digests);
    const indexDir = tempDir('paperbot-index-');
    await buildIndex({ indexDir, corpus: loadCorpus(dir), embeddings: new RecordingEmbeddings() });
    const { stores: built } = manifestOf(indexDir);

    // One digest of seven goes and a passage of another is edited: 4 of 22 passage labels deleted, under a fifth.
    fs.rmSync(path.join(dir, 'b.txt'));
    fs.writeFileSync(path.join(dir, 'c.txt'), digest('c', 3).replace('第1篇讲 termcx1 的方法。', '第1篇讲 termcx1 的新方法。'));
    const embeddings = new RecordingEmbeddings();
    const corpus = loadCorpus(dir);
    const index = await buildIndex({ indexDir, corpus, embeddings });
    assert.equal(embeddings.embedded.length, 2, 'only the edited passage and its edited sentence');
    assert.deepEqual(manifestOf(indexDir).stores.passages, { labels: built.passages.labels + 1, deleted: 4, updated: true });
    assert.deepEqual(manifestOf(indexDir).stores.sentences, { labels: built.sentences.labels + 2, deleted: 8, updated: true });
    const passageHits = await everyHit(index.passages, '第2篇讲 termbx2 的方法。');
    assert.equal(passageHits.length, corpus.passages.length, 'every live passage, none deleted');
    const sentenceHits = await everyHit(index.sentences, '第2篇讲 termbx2 的方法。');
    assert.equal(sentenceHits.length, manifestOf(indexDir).sentenceCount);
    assert.ok([...passageHits, ...sentenceHits].every((id) => !id.startsWith('b:')));
    assert.equal(new Set(passageHits).size, passageHits.length, 'the edited passage once, under its new label');
    const retrieval = await new HybridRetriever(corpus, index, embeddings).retrieve('termcx1 是什么方法?');
    assert.deepEqual(
      retrieval.hits[0]?.sentences.map((s) => s.text),
      ['第1篇讲 termcx1 的新方法。', '它的结果很好。'],
    );

    // A second digest goes: 7 of 22 passage labels would be deleted, so the graphs are built afresh.
    fs.rmSync(path.join(dir, 'd.txt'));
    await buildIndex({ indexDir, corpus: loadCorpus(dir), embeddings: new RecordingEmbeddings() });
    const { stores, passageCount } = manifestOf(indexDir);
    assert.deepEqual(stores.passages, { labels: passageCount, deleted: 0, updated: false });
  });

  it('embeds everything again for another model id, or when the cache is damaged', async () => {
    const dir = corpusDir({ a: digest('a', 2) });
    const indexDir = tempDir('paperbot-index-');
    await buildIndex({ indexDir, corpus: loadCorpus(dir), embeddings: new RecordingEmbeddings() });
    const total = manifestOf(indexDir).reused + manifestOf(indexDir).embedded;

    const other = new RecordingEmbeddings('test/other-model');
    await buildIndex({ indexDir, corpus: loadCorpus(dir), embeddings: other });
    assert.equal(new Set(other.embedded).size, total);
    assert.equal(manifestOf(indexDir).modelId, 'test/other-model');

    const cacheFile = path.join(indexDir, 'store', 'passages', 'vectors.bin');
    const bytes = fs.readFileSync(cacheFile);
    bytes[40] = bytes[40]! ^ 0xff;
    fs.writeFileSync(cacheFile, bytes);
    const afresh = new RecordingEmbeddings('test/other-model');
    await buildIndex({ indexDir, corpus: loadCorpus(dir), embeddings: afresh });
    assert.equal(new Set(afresh.embedded).size, total, 'a damaged cache is not trusted');
    assert.equal(manifestOf(indexDir).reused, 0);
  });
});

describe('the HNSW store', () => {
  it('answers LangChain’s VectorStore calls: documents added as text, searched with a filter, marked deleted, saved and loaded', async () => {
    const embeddings = new RecordingEmbeddings();
    const store = HnswStore.create(embeddings, 16);
    const texts = ['第1篇讲 terma 的方法。', '第2篇讲 termb 的方法。', '第3篇讲 termc 的方法。'];
    await store.addDocuments(texts.map((pageContent, n) => new Document({ pageContent, metadata: { n } })));
    store.markDeleted(1);
    const dir = tempDir('paperbot-hnsw-');
    store.save(dir);
    for (const served of [store, HnswStore.load(dir, embeddings)]) {
      assert.deepEqual([served.labels, served.deleted], [3, 1]);
      assert.deepEqual(
        (await served.similaritySearch(texts[0]!, 3)).map((d) => d.metadata.n),
        [0, 2],
      );
      assert.deepEqual(
        (await served.similaritySearch(texts[0]!, 3, (d) => d.metadata.n !== 0)).map((d) => d.pageContent),
        [texts[2]],
      );
    }
  });
});

describe('an index written by the previous release', () => {
  /**
   * test/fixtures/index-v3/store is what the code of commit 91e4623 (format 3, saved through LangChain's HNSWLib)
   * wrote with RecordingEmbeddings for `digest('v', 6)`, then for corpus/v.txt (its third passage edited), so its
   * graphs hold deleted labels. The hits below are what that code's searches returned.
   */
  const fixture = path.join(ROOT, 'test/fixtures/index-v3');

  it('loads and answers the same searches, deleted labels excluded, and the next build updates it without embedding', async () => {
    const indexDir = tempDir('paperbot-index-');
    fs.cpSync(path.join(fixture, 'store'), path.join(indexDir, 'store'), { recursive: true });
    const written = manifestOf(indexDir);
    assert.deepEqual(written.stores, { passages: { labels: 7, deleted: 1, updated: true }, sentences: { labels: 14, deleted: 2, updated: true } });
    const embeddings = new RecordingEmbeddings();
    const corpus = loadCorpus(path.join(fixture, 'corpus'));
    for (const index of [
      await loadIndex({ indexDir, corpusHash: written.corpusHash, embeddings }),
      await buildIndex({ indexDir, corpus, embeddings }),
      await loadIndex({ indexDir, corpusHash: corpus.hash, embeddings }),
    ]) {
      const hits = await index.passages.similaritySearchVectorWithScore(vectorOf('termvx3 是什么方法?'), 7);
      assert.deepEqual(
        hits.map(([doc, distance]) => [doc.metadata.id, distance]),
        [
          ['v:2.1', 0.6413718461990356],
          ['v:5.1', 0.7111706137657166],
          ['v:1.1', 1.124175786972046],
          ['v:6.1', 1.1450730562210083],
          ['v:4.1', 1.1684802770614624],
          ['v:3.1', 1.209229588508606],
        ],
      );
      const [best] = await index.sentences.similaritySearchVectorWithScore(vectorOf('第5篇讲 termvx5 的方法。'), 1);
      assert.deepEqual([best?.[0].pageContent, best?.[0].metadata], ['第5篇讲 termvx5 的方法。', { passageId: 'v:5.1', index: 0 }]);
      assert.deepEqual(
        index.vectors.sentences('v:3.1').map((v) => [...v]),
        ['第3篇讲 termvx3 的新方法。', '它的结果很好。'].map((text) => vectorOf(text).map((x) => Math.fround(x))),
      );
    }
    assert.deepEqual(embeddings.embedded, [], 'every vector came from the old index');
    assert.deepEqual(manifestOf(indexDir).stores, written.stores, 'its graphs were kept as they were');
  });
});

describe('bounded-k candidate retrieval', () => {
  it('reads each store with its bounded k, however large the corpus, and still finds the passage asked about', async () => {
    const dir = corpusDir({ a: digest('a', 20), b: digest('b', 20) });
    const corpus = loadCorpus(dir);
    assert.ok(corpus.passages.length > RETRIEVAL.denseK, 'more passages than k');
    const embeddings = new RecordingEmbeddings();
    const index = await buildIndex({ indexDir: tempDir('paperbot-index-'), corpus, embeddings });
    const asked: Record<string, number[]> = { passages: [], sentences: [] };
    for (const name of ['passages', 'sentences'] as const) {
      const store = index[name];
      const search = store.similaritySearchVectorWithScore.bind(store);
      store.similaritySearchVectorWithScore = (query, k, filter) => {
        asked[name]!.push(k);
        return search(query, k, filter);
      };
    }
    const retriever = new HybridRetriever(corpus, index, embeddings);
    const retrieval = await retriever.retrieve('termbx17 是什么方法?');
    assert.deepEqual(asked, { passages: [RETRIEVAL.denseK], sentences: [RETRIEVAL.sentenceK] });
    assert.equal(retrieval.hits[0]?.passage.id, 'b:17.1');
    assert.ok(retrieval.hits.length <= RETRIEVAL.limit);
    // Answering gets each hit's sentences scored, in reading order, with the similarity the store holds.
    const sentences = retrieval.hits[0].sentences;
    assert.deepEqual(
      sentences.map((s) => s.text),
      ['第17篇讲 termbx17 的方法。', '它的结果很好。'],
    );
    assert.ok(
      Math.abs(sentences[0]!.similarity - vectorOf('termbx17 是什么方法?').reduce((sum, x, i) => sum + x * vectorOf(sentences[0]!.text)[i]!, 0)) <
        1e-5,
    );
    assert.ok(sentences[0]!.coverage > sentences[1]!.coverage, 'the sentence with the asked term covers the question');
    assert.equal(retrieval.evidence.namesPaper, false);
    assert.ok(retrieval.evidence.lexicalCoverage > 0, 'the top lexical passage holds the asked term');
  });
});

describe('synthetic corpora for the scale benchmark', () => {
  it('marks every sentence of a copy before its closing punctuation, keeping lines and sentences as they were', () => {
    const text = '1)标题\n第一句。第二句?\n以下是步骤:\nIt has 7B parameters. It is fast.';
    const copy = markedCopy(text, 12);
    assert.equal(copy, '1)标题〔12〕\n第一句〔12〕。第二句〔12〕?\n以下是步骤〔12〕:\nIt has 7B parameters〔12〕. It is fast〔12〕.');
    assert.deepEqual(
      copy.split('\n').map((line) => splitSentences(line).length),
      text.split('\n').map((line) => splitSentences(line).length),
    );
  });

  it('gives a corpus of the real digest and marked copies in which no two passages are equal', () => {
    const dir = tempDir('paperbot-corpus-');
    copyCorpus('corpus', dir);
    addMarkedCopy('corpus', dir, 2);
    addMarkedCopy('corpus', dir, 3);
    const corpus = loadCorpus(dir);
    assert.equal(corpus.info.length, 3);
    assert.ok(
      corpus.info.every((digest) => digest.rendered),
      'copies keep their English rendering',
    );
    assert.equal(new Set(corpus.passages.map((p) => p.text)).size, corpus.passages.length);
  });
});
