import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isCovered, type CoverageEvidence } from '../src/qa.ts';
import { Bm25 } from '../src/retrieval/bm25.ts';
import { translateTerms } from '../src/retrieval/glossary.ts';
import { englishTokens, namePattern, normalize, tokenize } from '../src/retrieval/tokenize.ts';
import { COVERAGE } from '../src/weights.ts';

describe('Chinese-side tokens', () => {
  it('segments Chinese, joins adjacent words into compounds, drops function words', () => {
    const tokens = tokenize('Mistral 的基础模型是什么?');
    assert.ok(tokens.includes('基础'));
    assert.ok(tokens.includes('模型'));
    assert.ok(tokens.includes('基础模型'), 'the compound is a token of its own');
    assert.ok(!tokens.includes('的') && !tokens.includes('什么'));
  });

  it('keeps model names and arXiv ids whole and adds their parts', () => {
    const tokens = tokenize('Mixtral-8x7B 和 2307.09288');
    assert.ok(tokens.includes('mixtral-8x7b') && tokens.includes('mixtral') && tokens.includes('8x7b'));
    assert.ok(tokens.includes('2307.09288'));
    assert.ok(!tokens.includes('2307'), 'a number with a dot is one token');
  });

  it('normalises width and case', () => {
    assert.equal(normalize('ＱＬｏＲＡ'), 'qlora');
  });
});

describe('English-side tokens', () => {
  it('stems words, drops how people ask, keeps names whole', () => {
    const tokens = englishTokens('Please explain how the Mixtral-8x7B experts are routed');
    assert.ok(tokens.includes('mixtral-8x7b') && tokens.includes('expert') && tokens.includes('rout'));
    assert.ok(!tokens.includes('explain') && !tokens.includes('how') && !tokens.includes('the'));
  });

  it('meets the rendering half way: "finetune" = "fine-tuning", "65 billion" = "65B"', () => {
    assert.ok(englishTokens('fine-tuning').includes(englishTokens('finetune')[0]!));
    assert.ok(englishTokens('a 65-billion-parameter model').includes('65b'));
    assert.ok(englishTokens('65B Llama').includes('65b'));
  });

  it('translates research vocabulary for the Chinese side', () => {
    assert.deepEqual(translateTerms('sliding window attention').slice(0, 1), ['滑动窗口']);
    assert.ok(translateTerms('a 65 billion parameter model').includes('65b'));
  });
});

describe('name patterns', () => {
  it('match Latin names as whole words, with or without spaces', () => {
    assert.ok(namePattern('SAM').test('sam 由三个组件组成'));
    assert.ok(!namePattern('SAM').test('the same model'));
    assert.ok(!namePattern('LoRA').test('qlora'));
    assert.ok(namePattern('Bloomberg GPT').test('bloomberggpt 有多少参数'));
    assert.ok(namePattern('混合专家').test('什么是混合专家模型'));
  });
});

describe('BM25', () => {
  const bm25 = new Bm25([['qlora', '量化', '内存'], ['dpo', '偏好'], ['qlora', 'lora', '微调'], ['mistral', '滑动窗口']]);

  it('weighs rare terms above common ones and never goes negative', () => {
    assert.ok(bm25.idf('dpo') > bm25.idf('qlora'));
    assert.equal(bm25.idf('unknown'), 0);
    assert.ok(bm25.idf('qlora') > 0);
  });

  it('ranks documents by the query terms they hold, and leaves out those with none', () => {
    const hits = bm25.search(['qlora', '量化'], 10);
    assert.deepEqual(hits.map((h) => h.index), [0, 2]);
    assert.ok(hits[0]!.score > hits[1]!.score);
  });
});

describe('the "not covered" decision', () => {
  const evidence = (over: Partial<CoverageEvidence>): CoverageEvidence => ({
    sentenceTop: 0,
    lexicalCoverage: 0,
    namesPaper: false,
    mentionsName: false,
    ...over,
  });

  it('answers a question naming a paper or a name the digest mentions, whatever the similarity', () => {
    assert.ok(isCovered(evidence({ namesPaper: true })));
    assert.ok(isCovered(evidence({ mentionsName: true })));
  });

  it('answers on a strong sentence match alone', () => {
    assert.ok(isCovered(evidence({ sentenceTop: COVERAGE.strongSentence })));
    assert.ok(!isCovered(evidence({ sentenceTop: COVERAGE.strongSentence - 0.01 })));
  });

  it('answers a fairly strong match only when the words agree', () => {
    assert.ok(isCovered(evidence({ sentenceTop: COVERAGE.sentence, lexicalCoverage: COVERAGE.lexical })));
    assert.ok(!isCovered(evidence({ sentenceTop: COVERAGE.sentence, lexicalCoverage: COVERAGE.lexical - 0.01 })));
  });

  it('answers a modest match when nearly all distinctive words are there, never an unrelated one', () => {
    assert.ok(isCovered(evidence({ sentenceTop: COVERAGE.sentenceFloor, lexicalCoverage: COVERAGE.strongLexical })));
    assert.ok(!isCovered(evidence({ sentenceTop: COVERAGE.sentenceFloor - 0.01, lexicalCoverage: 1 })));
  });
});
