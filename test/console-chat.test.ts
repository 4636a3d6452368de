import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { describe, test } from 'node:test';
import { runConsoleChat } from '../src/console/chat.ts';
import { createWritingModel, type WritingModel } from '../src/written/model.ts';
import { createResponder } from '../src/written/responder.ts';
import { startFakeLlm } from './support/fake-llm.ts';
import { ScriptedQa } from './support/fixtures.ts';
import { PATIENCE_MS } from './support/core.ts';

async function chat(lines: string, interactive = false, model?: WritingModel): Promise<{ output: string; qa: ScriptedQa }> {
  const qa = new ScriptedQa();
  const input = new PassThrough();
  const output = new PassThrough();
  let text = '';
  output.on('data', (chunk: Buffer) => (text += chunk.toString()));
  input.end(lines);
  await runConsoleChat(createResponder(qa, model), { input, output, interactive });
  return { output: text, qa };
}

describe('console chat', () => {
  test('answers each line with numbered sources and passes the previous turn to follow-ups', async () => {
    const { output, qa } = await chat('QLoRA 是什么？\n\n那它需要多少显存?\n');
    assert.equal(output.match(/来源:\n\[1\] §3 /gu)?.length, 2);
    assert.deepEqual(
      qa.asked.map((entry) => entry.options?.previous?.question),
      [undefined, 'QLoRA 是什么？'],
    );
  });

  test('/new forgets the context; invalid questions and failures are explained, and the chat goes on', async () => {
    const { output, qa } = await chat(`QLoRA?\n/new\n${'长'.repeat(2001)}\n💥\n再问一次\n`);
    assert.match(output, /问题太长了/u);
    assert.match(output, /抱歉，回答这个问题时出错了/u);
    assert.equal(qa.asked.at(-1)?.question, '再问一次');
    assert.equal(qa.asked.at(-1)?.options?.previous, undefined);
  });

  test('interactive mode shows help and stops at /exit', async () => {
    const { output, qa } = await chat('/exit\nQLoRA?\n', true);
    assert.match(output, /\/new 开始新话题/u);
    assert.equal(qa.asked.length, 0);
  });

  test('with a model: the written answer with the same sources; a failed one gives quotes after a notice', async () => {
    const llm = await startFakeLlm(
      { kind: 'answer', text: 'QLoRA 能在单个 48GB GPU 上微调 65B 模型 [1]。' },
      { kind: 'answer', text: 'QLoRA 能在单个 24GB GPU 上微调 70B 模型 [1]。' },
    );
    try {
      const model = await createWritingModel({ baseUrl: llm.baseUrl, model: 'm', timeoutMs: PATIENCE_MS, maxTokens: 100 });
      const { output } = await chat('QLoRA 需要多少显存？\n它呢？\n', false, model);
      assert.match(output, /^QLoRA 能在单个 48GB GPU 上微调 65B 模型 \[1\]。\n\n来源:\n\[1\] §3 /u);
      assert.match(output, /\(语言模型的回答没有通过引用核对,以下是摘要原文。\)\n（接着上一个问题）QLoRA 把 4 位量化/u);
      assert.doesNotMatch(output, /24GB|70B/u, 'the unchecked figures were never shown');
      assert.equal(llm.requests.length, 2);
    } finally {
      await llm.close();
    }
  });
});
