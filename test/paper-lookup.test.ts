import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  bigramSimilarity,
  findPaper,
  levenshtein,
  matchScore,
  normalise,
  parseSectionNumber,
  rankPapers,
  suggestPapers,
} from '../src/papers/lookup.ts';
import { paperKey } from '../src/corpus/paper-ref.ts';
import { papers } from './support/fixtures.ts';

const qlora = papers[2]!;
const sectionOf = (result: ReturnType<typeof findPaper>) => (result.found ? result.paper.section : undefined);

describe('normalise', () => {
  test('folds case, full-width characters, punctuation and spaces', () => {
    assert.equal(normalise('ＱＬｏＲＡ：高效 微调！'), 'qlora高效微调');
    assert.equal(normalise('Llama-2'), normalise('llama 2'));
    assert.equal(normalise('Q\u200bL\u200bo\u200bR\u200bA'), 'qlora', 'zero-width characters vanish');
  });
});

describe('parseSectionNumber', () => {
  test('reads bare, §, # and 第…篇 forms', () => {
    for (const query of ['3', '§3', '#3', '第3篇', ' ３ ']) assert.equal(parseSectionNumber(query), 3, query);
    assert.equal(parseSectionNumber('Llama 2'), undefined);
  });
});

describe('findPaper', () => {
  test('resolves the autocomplete value, section numbers, arXiv ids, titles and aliases', () => {
    for (const query of [
      paperKey(qlora),
      '3',
      '§3',
      '2305.14314',
      'arXiv:2305.14314',
      'qlora',
      'QLoRA: Efficient Finetuning of Quantized LLMs',
      'QLoRA:高效微调量化 LLM',
    ]) {
      assert.equal(sectionOf(findPaper(papers, query)), 3, query);
    }
    assert.equal(sectionOf(findPaper(papers, 'llama2')), 2);
    assert.equal(sectionOf(findPaper(papers, '直接偏好优化')), 5);
  });

  test('tolerates a typo in an alias', () => {
    assert.equal(sectionOf(findPaper(papers, 'Bloomberg GTP')), 4);
  });

  test('an unknown query suggests the closest papers', () => {
    const result = findPaper(papers, 'qlroa');
    assert.equal(result.found, false);
    assert.equal(!result.found && result.suggestions[0]?.section, 3);
    const nothing = findPaper(papers, 'transformer 的注意力机制');
    assert.equal(nothing.found, false);
  });

  test('an unknown section number is not found', () => {
    assert.deepEqual(findPaper(papers, '42'), { found: false, suggestions: [] });
  });
});

describe('suggestPapers', () => {
  test('an empty query lists the catalogue in order, up to the limit', () => {
    assert.deepEqual(
      suggestPapers(papers, '', 25).map((p) => p.section),
      [1, 2, 3, 4, 5, 6],
    );
    assert.equal(suggestPapers(papers, '', 2).length, 2);
  });

  test('ranks prefix and substring matches first', () => {
    assert.equal(suggestPapers(papers, 'ql', 25)[0]?.section, 3);
    assert.equal(suggestPapers(papers, '量化', 25)[0]?.section, 3);
    assert.equal(suggestPapers(papers, '2305.18', 25)[0]?.section, 5);
    assert.equal(suggestPapers(papers, '§6', 25)[0]?.section, 6);
  });
});

describe('scoring primitives', () => {
  test('levenshtein counts code points', () => {
    assert.equal(levenshtein('kitten', 'sitting'), 3);
    assert.equal(levenshtein('微调', '微调'), 0);
    assert.equal(levenshtein('量化微调', '量化调'), 1);
    assert.equal(levenshtein('qlroa', 'qlora'), 1, 'a swap of adjacent letters is one typo');
  });

  test('bigramSimilarity is 1 for equal strings and 0 for disjoint ones', () => {
    assert.equal(bigramSimilarity('qlora', 'qlora'), 1);
    assert.equal(bigramSimilarity('ab', 'cd'), 0);
    assert.equal(bigramSimilarity('a', 'a'), 0);
  });

  test('matchScore orders exact > prefix > substring > fuzzy', () => {
    const scores = ['qlora', 'qlo', 'lor', 'qlroa'].map((q) => matchScore(q, 'qlora'));
    assert.deepEqual(
      [...scores].sort((a, b) => b - a),
      scores,
    );
  });

  test('rankPapers drops noise', () => {
    assert.deepEqual(rankPapers(papers, 'zzzz'), []);
  });
});
