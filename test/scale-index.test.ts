import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { Embeddings } from '@langchain/core/embeddings';
import { loadCorpus } from '../src/corpus/load.ts';
import { splitSentences } from '../src/corpus/sentences.ts';
import { addMarkedCopy, copyCorpus, markedCopy } from '../src/eval/synthetic.ts';
import { Bm25 } from '../src/retrieval/bm25.ts';
import { HybridRetriever } from '../src/retrieval/hybrid.ts';
import { buildIndex, loadIndex, type IndexManifest } from '../src/retrieval/index-store.ts';
import { RETRIEVAL } from '../src/weights.ts';
import { tempDir } from './support/core.ts';

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
    assert.equal(
      fs.statSync(path.join(indexDir, 'store', 'embeddings.bin')).size,
      (passageCount + sentenceCount) * (32 + 16 * 4),
      'one record per label, none for the removed digest',
    );
    // Putting it back embeds it again: its vectors were dropped with it.
    fs.writeFileSync(path.join(dir, 'b.txt'), digest('b', 2));
    const again = new RecordingEmbeddings();
    await buildIndex({ indexDir, corpus: loadCorpus(dir), embeddings: again });
    assert.ok(again.embedded.length > 0 && again.embedded.every((text) => !text.includes('terma')));
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

    const cacheFile = path.join(indexDir, 'store', 'embeddings.bin');
    const bytes = fs.readFileSync(cacheFile);
    bytes[40] = bytes[40]! ^ 0xff;
    fs.writeFileSync(cacheFile, bytes);
    const afresh = new RecordingEmbeddings('test/other-model');
    await buildIndex({ indexDir, corpus: loadCorpus(dir), embeddings: afresh });
    assert.equal(new Set(afresh.embedded).size, total, 'a damaged cache is not trusted');
    assert.equal(manifestOf(indexDir).reused, 0);
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
