/** `npm run translate-corpus` against the fake model server (replies not streamed), on a small digest of its own. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadCorpus } from '../src/corpus/load.ts';
import { parseNumberedLines } from '../src/written/translate.ts';
import { bundled, spawnEnv, tempDir } from './support/core.ts';
import { startFakeLlm, type FakeLlm } from './support/fake-llm.ts';

const DIGEST = [
  '测试摘要',
  '',
  '1) QLoRA:量化 LLM 的高效微调',
  'QLoRA 将 65B 模型的内存需求降低到单个 48 GB GPU。这很有用。',
  '',
  '训练速度会比常规 LoRA 慢一点。',
  '2) DPO:直接偏好优化',
  'DPO 据说比 RLHF 简单。',
  '',
].join('\n');

function translateCorpus(env: Record<string, string>): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, bundled('cli/translate-corpus'), { env: spawnEnv({ LOG_LEVEL: 'warn', ...env }) });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((resolve) => child.on('close', (status) => resolve({ status, stdout, stderr })));
}

describe('npm run translate-corpus', () => {
  let llm: FakeLlm;
  const corpusDir = tempDir('paperbot-corpus-');
  before(async () => {
    llm = await startFakeLlm();
    fs.writeFileSync(path.join(corpusDir, 'test.txt'), DIGEST);
  });
  after(() => llm.close());
  const rendering = () => fs.readFileSync(path.join(corpusDir, 'test.en.txt'), 'utf8').split('\n');

  it('renders passage by passage; a passage failing the fidelity check is left blank and listed', async () => {
    llm.script(
      { kind: 'answer', text: '1: Test digest' },
      { kind: 'answer', text: '1: 1) QLoRA: Efficient Fine-Tuning of Quantized LLMs' },
      {
        kind: 'answer',
        text: '1: QLoRA reduces the memory needs of a 65B model to a single 48 GB GPU. This is useful.\n2: Training is a little slower than regular LoRA.',
      },
      { kind: 'answer', text: '1: 2) DPO: Direct Preference Optimization' },
      // The hedge 据说 is dropped: not faithful.
      { kind: 'answer', text: '1: DPO is simpler than RLHF.' },
    );
    const run = await translateCorpus({ CORPUS_DIR: corpusDir, LLM_BASE_URL: llm.baseUrl, LLM_MODEL: 'fake' });
    assert.equal(run.status, 3, run.stderr);
    assert.match(run.stdout, /test\.txt: 4 passages rendered into test\.en\.txt\./u);
    assert.match(run.stdout, /1 left blank for a person.*\n {2}§2 passage 1: line 1: hedge 据说\n/u);
    assert.ok(
      llm.requests.every((request) => !request.stream),
      'replies are taken whole, not streamed',
    );
    assert.match(llm.requests[2]!.messages.at(-1)!.content, /^1: QLoRA 将 65B.*\n2: 训练速度/u);
    const lines = rendering();
    assert.equal(lines[0], 'Test digest');
    assert.equal(lines[3], 'QLoRA reduces the memory needs of a 65B model to a single 48 GB GPU. This is useful.');
    assert.equal(lines[5], 'Training is a little slower than regular LoRA.');
    assert.equal(lines[7], '', 'left for a person');
    assert.equal(loadCorpus(corpusDir).info[0]!.rendered, false, 'an incomplete rendering is not used');
  });

  it('a second run renders only what is missing; then the digest answers in English', async () => {
    llm.script({ kind: 'answer', text: '1: DPO is reportedly simpler than RLHF.' });
    const run = await translateCorpus({ CORPUS_DIR: corpusDir, LLM_BASE_URL: llm.baseUrl, LLM_MODEL: 'fake' });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(llm.requests.length, 1);
    assert.equal(rendering()[7], 'DPO is reportedly simpler than RLHF.');
    const corpus = loadCorpus(corpusDir);
    assert.equal(corpus.info[0]!.rendered, true);
    assert.equal(
      corpus.passages[0]!.translation,
      'QLoRA reduces the memory needs of a 65B model to a single 48 GB GPU. This is useful.\nTraining is a little slower than regular LoRA.',
    );
    const again = await translateCorpus({ CORPUS_DIR: corpusDir, LLM_BASE_URL: llm.baseUrl, LLM_MODEL: 'fake' });
    assert.match(again.stdout, /already rendered/u);
  });

  it('renders Markdown digests as read (headings and paragraphs without markup), either way, and each then answers in the other language', async () => {
    const markdownDir = tempDir('paperbot-corpus-');
    fs.writeFileSync(
      path.join(markdownDir, 'notes.md'),
      '# 笔记\n\n## 1. QLoRA\n\n[QLoRA](https://arxiv.org/abs/2305.14314) 将 **65B** 模型的内存需求降低到单个 48 GB GPU。\n',
    );
    fs.writeFileSync(path.join(markdownDir, 'english.md'), '# Notes\n\n## 1. DPO\n\nDPO reportedly needs 50 billion fewer *steps* than RLHF.\n');
    llm.script(
      { kind: 'answer', text: '1: DPO' },
      { kind: 'answer', text: '1: 据说 DPO 比 RLHF 少用 500 亿步。' },
      { kind: 'answer', text: '1: QLoRA' },
      { kind: 'answer', text: '1: QLoRA reduces the memory needs of a 65B model to a single 48 GB GPU.' },
    );
    const run = await translateCorpus({ CORPUS_DIR: markdownDir, LLM_BASE_URL: llm.baseUrl, LLM_MODEL: 'fake' });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^english\.md: 2 passages rendered into english\.zh\.txt\.$/mu);
    assert.match(run.stdout, /^notes\.md: 2 passages rendered into notes\.en\.txt\.$/mu);
    assert.equal(llm.requests.length, 4, 'each digest: the heading, then the passage');
    assert.match(llm.requests[1]!.messages[0]!.content, /English digest .* into Chinese/u, 'told which way to translate');
    assert.equal(llm.requests[1]!.messages.at(-1)!.content, '1: DPO reportedly needs 50 billion fewer steps than RLHF.');
    assert.equal(
      llm.requests.at(-1)!.messages.at(-1)!.content,
      '1: QLoRA 将 65B 模型的内存需求降低到单个 48 GB GPU。',
      'the text as read, without markup',
    );
    const corpus = loadCorpus(markdownDir);
    const notes = corpus.passages.find((passage) => passage.digest === 'notes')!;
    assert.equal(notes.translation, 'QLoRA reduces the memory needs of a 65B model to a single 48 GB GPU.');
    const english = corpus.passages.find((passage) => passage.digest === 'english')!;
    assert.equal(english.translation, '据说 DPO 比 RLHF 少用 500 亿步。');
    assert.equal(english.sectionTitleEn, undefined, 'an English digest heads its sections in English already');
    assert.deepEqual(
      corpus.info.map((info) => [info.name, info.rendered]),
      [
        ['english', true],
        ['notes', true],
      ],
      'the renderings are no digests of their own',
    );
  });

  it('a rendering that drops an amount or a hedge of the English is left for a person', async () => {
    const markdownDir = tempDir('paperbot-corpus-');
    fs.writeFileSync(path.join(markdownDir, 'english.md'), '# Notes\n\n## 1. DPO\n\nDPO reportedly needs 50 billion fewer steps than RLHF.\n');
    llm.script({ kind: 'answer', text: '1: DPO' }, { kind: 'answer', text: '1: DPO 比 RLHF 少用 400 亿步。' });
    const run = await translateCorpus({ CORPUS_DIR: markdownDir, LLM_BASE_URL: llm.baseUrl, LLM_MODEL: 'fake' });
    assert.equal(run.status, 3, run.stderr);
    assert.match(run.stdout, /§1 passage 1: line 1: number 50 billion; line 1: hedge reportedly/u);
  });

  it('without a model it says what to set', async () => {
    const run = await translateCorpus({ CORPUS_DIR: corpusDir, LLM_BASE_URL: '' });
    assert.equal(run.status, 1);
    assert.match(run.stderr, /translate-corpus needs a language model: set LLM_BASE_URL and LLM_MODEL/u);
  });

  it('reads numbered reply lines however the model punctuates them', () => {
    assert.deepEqual(
      [...parseNumberedLines('1: One.\n2. Two.\n 3) Three.\nchatter\n4：Four.')],
      [
        [1, 'One.'],
        [2, 'Two.'],
        [3, 'Three.'],
        [4, 'Four.'],
      ],
    );
  });
});
