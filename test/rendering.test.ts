import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { loadCorpus } from '../src/corpus/load.ts';
import { renderingProblems } from '../src/corpus/rendering.ts';
import { passageSentences, splitSentences } from '../src/corpus/sentences.ts';
import { tempDir } from './support/core.ts';

const DIGEST = 'ten-noteworthy-ai-papers-2023.zh';
const corpus = loadCorpus('corpus');

describe('the English rendering of the digest', () => {
  it('is loaded and aligned: every passage of the digest has one', () => {
    assert.equal(corpus.info[0]!.rendered, true);
    const missing = corpus.passages.filter((p) => !p.translation);
    assert.deepEqual(
      missing.map((p) => p.id),
      [],
    );
    assert.ok(
      corpus.papers.every((p) => p.headingEn),
      'every section heading is rendered',
    );
    assert.equal(corpus.papers[5]!.headingEn, 'Mistral 7B');
  });

  for (const passage of corpus.passages) {
    it(`is faithful for ${passage.id}: numbers, names, URLs, hedges and sentences carried over`, () => {
      const problems = passage.lines.flatMap((line) => renderingProblems(line.text, line.translation!).map((p) => `line ${line.line + 1}: ${p}`));
      assert.deepEqual(problems, []);
    });
  }

  it('keeps the hedges of the rumours about GPT-4', () => {
    const rumour = corpus.passages.flatMap(passageSentences).find((s) => s.text.includes('1110 亿'))!;
    assert.match(rumour.translation!, /reportedly|rumou?red/iu);
    assert.match(rumour.translation!, /111 billion/u);
  });

  it('pairs each Chinese sentence with one English sentence', () => {
    for (const passage of corpus.passages) {
      for (const line of passage.lines) assert.equal(splitSentences(line.translation!).length, splitSentences(line.text).length, line.text);
    }
  });
});

describe('rendering fidelity check', () => {
  it('accepts a faithful line, with 亿 amounts restated in billions', () => {
    assert.deepEqual(renderingProblems('BloombergGPT 是一个拥有 500 亿个参数的模型。', 'BloombergGPT is a model with 50 billion parameters.'), []);
  });

  for (const [name, original, rendering, problem] of [
    ['a missing number', 'QLoRA 仅经过 24 小时的微调。', 'QLoRA needed only a day of fine-tuning.', /number 24/u],
    ['a wrong amount', '使用 3630 亿个标记。', 'It used 36.3 billion tokens.', /amount 3630 亿/u],
    ['a missing model name', '基于 Mistral-7B 的模型。', 'A model based on Mistral.', /term Mistral-7B/u],
    ['a missing URL', '来自 https://arxiv.org/abs/2305.18290 的图。', 'A figure from the DPO paper.', /URL/u],
    ['a dropped hedge', '据传,GPT-4 是 MoE。', 'GPT-4 is an MoE.', /hedge/u],
    ['a different sentence count', '这是一句。这是两句。', 'This is one sentence and two.', /2 sentences rendered as 1/u],
  ] as const) {
    it(`reports ${name}`, () => {
      assert.match(renderingProblems(original, rendering).join('; '), problem);
    });
  }
});

describe('a digest without an aligned rendering', () => {
  it('still loads and answers in its own language: a misaligned rendering is ignored with a warning', () => {
    const dir = tempDir('paperbot-corpus-');
    fs.copyFileSync(path.join('corpus', `${DIGEST}.txt`), path.join(dir, `${DIGEST}.txt`));
    fs.writeFileSync(path.join(dir, `${DIGEST}.en.txt`), 'Only a title\n');
    const loaded = loadCorpus(dir);
    assert.equal(loaded.digests.length, 1, 'the rendering is not taken for a second digest');
    assert.equal(loaded.info[0]!.rendered, false);
    assert.ok(loaded.passages.every((p) => p.translation === undefined));
  });

  it('works without any rendering file', () => {
    const dir = tempDir('paperbot-corpus-');
    fs.copyFileSync(path.join('corpus', `${DIGEST}.txt`), path.join(dir, `${DIGEST}.txt`));
    const loaded = loadCorpus(dir);
    assert.equal(loaded.passages.length, corpus.passages.length);
    assert.ok(loaded.papers.every((p) => p.headingEn === undefined));
  });
});
