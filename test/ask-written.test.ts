/**
 * `npm run ask --json` with a language model configured: the real CLI process, the real retrieval, and a fake
 * OpenAI-compatible server scripted with every way a model can answer or fail.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { bundled, spawnEnv } from './support/core.ts';
import { REFUSED_BASE_URL, startFakeLlm, type FakeLlm, type FakeReply } from './support/fake-llm.ts';

function ask(
  args: string[],
  input: string,
  llmEnv: Record<string, string>,
  nodeArgs: string[] = [],
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const env = spawnEnv({ LOG_LEVEL: 'info', LLM_MODEL: 'fake-qwen', LLM_TIMEOUT_SECONDS: '3', ...llmEnv });
  // Not spawnSync: the fake model server lives in this process and must keep answering.
  const child = spawn(process.execPath, [...nodeArgs, ...bundled('cli/ask'), ...args], { env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  child.stdin.end(input);
  return new Promise((resolve) => child.on('close', (status) => resolve({ status, stdout, stderr })));
}

const QUESTION = 'QLoRA 需要多少显存?';
const GOOD = 'QLoRA 能把 65B Llama 模型的内存需求降到单个 48 GB GPU 可以容纳 [1]。代价是训练速度比常规 LoRA 慢一点 [2]。';

/** One question per case, with the replies its requests get (a 429 or 500 is retried once). */
const CASES: { name: string; replies: FakeReply[]; mode: 'written' | 'quoted'; outcome: string }[] = [
  { name: 'good', replies: [{ kind: 'answer', text: GOOD }], mode: 'written', outcome: 'written' },
  { name: 'repaired', replies: [{ kind: 'answer', text: `${GOOD}它只需要 12 GB [1]。` }], mode: 'written', outcome: 'repaired' },
  {
    name: 'bad citation',
    replies: [{ kind: 'answer', text: 'QLoRA 能在单个 48 GB GPU 上微调 65B 模型 [7]。' }],
    mode: 'quoted',
    outcome: 'fell-back',
  },
  {
    name: 'invented number',
    replies: [{ kind: 'answer', text: 'QLoRA 能在单个 24 GB GPU 上微调 70B 模型 [1]。' }],
    mode: 'quoted',
    outcome: 'fell-back',
  },
  { name: 'no citations', replies: [{ kind: 'answer', text: 'QLoRA 能在单个 48 GB GPU 上微调 65B 模型。' }], mode: 'quoted', outcome: 'fell-back' },
  { name: 'empty', replies: [{ kind: 'answer', text: '' }], mode: 'quoted', outcome: 'fell-back' },
  {
    name: '429',
    replies: [
      { kind: 'status', status: 429 },
      { kind: 'status', status: 429 },
    ],
    mode: 'quoted',
    outcome: 'fell-back',
  },
  {
    name: '500',
    replies: [
      { kind: 'status', status: 500 },
      { kind: 'status', status: 500 },
    ],
    mode: 'quoted',
    outcome: 'fell-back',
  },
  { name: 'malformed', replies: [{ kind: 'malformed' }], mode: 'quoted', outcome: 'fell-back' },
  { name: '60 s stall', replies: [{ kind: 'stall', ms: 60_000 }], mode: 'quoted', outcome: 'fell-back' },
];

describe('npm run ask with a language model', () => {
  let llm: FakeLlm;
  before(async () => {
    llm = await startFakeLlm();
  });
  after(() => llm.close());

  it('--json: every scripted reply gives the specified mode, and only checked text', async () => {
    llm.script(...CASES.flatMap((c) => c.replies));
    const lines = [...CASES.map(() => QUESTION), 'What is Llama 3?', 'thanks!'];
    const result = await ask(['--json', '--stdin'], lines.join('\n') + '\n', { LLM_BASE_URL: llm.baseUrl });
    assert.equal(result.status, 0, result.stderr);
    const answers = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    assert.equal(answers.length, lines.length);
    CASES.forEach((c, i) => {
      const answer = answers[i];
      assert.deepEqual([answer.mode, answer.outcome], [c.mode, c.outcome], c.name);
      assert.equal(answer.citations[0].text.includes('48 GB'), true, `${c.name}: the same sources as the quoted answer`);
      if (c.mode === 'quoted') {
        assert.match(answer.answer, /^根据摘要/u, `${c.name}: the quoted answer`);
        assert.match(answer.notice, /^\(语言模型/u, `${c.name}: with a one-line notice`);
      } else {
        assert.equal(answer.notice, undefined);
      }
    });
    assert.equal(answers[0].answer, GOOD);
    assert.equal(answers[1].answer, GOOD, 'the sentence with the invented figure was dropped');
    for (const answer of answers) assert.doesNotMatch(answer.answer, /12 GB|24 GB|70B|\[7\]/u);
    const [refusal, thanks] = answers.slice(CASES.length);
    assert.deepEqual([refusal.kind, refusal.mode, thanks.kind, thanks.mode], ['refusal', 'quoted', 'smalltalk', 'quoted']);
    assert.equal(
      llm.requests.length,
      CASES.reduce((sum, c) => sum + c.replies.length, 0),
      'the refusal and small talk never reached the model',
    );
    assert.match(result.stderr, /So far: written 1, repaired 1, fell back 8\./u);
  });

  it('connection refused: the quoted answer with a notice, exit code 0', async () => {
    // A budget the retry fits in even on a busy machine, so that "unreachable" is what ends it.
    const result = await ask(['--json', QUESTION], '', { LLM_BASE_URL: REFUSED_BASE_URL, LLM_TIMEOUT_SECONDS: '15' });
    assert.equal(result.status, 0, result.stderr);
    const answer = JSON.parse(result.stdout);
    assert.deepEqual([answer.mode, answer.outcome], ['quoted', 'fell-back']);
    assert.match(answer.notice, /语言模型这次没能回答/u);
    assert.match(result.stderr, /fell-back: unreachable/u);
  });

  it('plain mode prints the written answer, then the sources', async () => {
    llm.script({ kind: 'answer', text: GOOD });
    const result = await ask([QUESTION], '', { LLM_BASE_URL: llm.baseUrl });
    assert.equal(result.status, 0, result.stderr);
    assert.ok(result.stdout.startsWith(`${GOOD}\n\n来源:\n[1] §3 `), result.stdout);
  });

  it('the guard against model code stops a process that loads it (ask-cli.test.ts runs one without LLM_BASE_URL under it)', async () => {
    const forbid = ['--import', path.join(import.meta.dirname, 'support/forbid-model-code.mjs')];
    const written = await ask(['--json', QUESTION], '', { LLM_BASE_URL: llm.baseUrl }, forbid);
    assert.equal(written.status, 1, 'the same guard stops a process that does load it');
    assert.match(written.stderr, /model code loaded: .*openai/u);
  });
});
