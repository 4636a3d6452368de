import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createWritingModel } from '../src/written/model.ts';
import { createResponder } from '../src/written/responder.ts';
import { writeAnswer, type WrittenEvent, type WrittenResult } from '../src/written/write.ts';
import type { Answer, QaService } from '../src/types.ts';
import { REFUSED_BASE_URL, startFakeLlm, type FakeLlm, type FakeReply } from './support/fake-llm.ts';
import { PATIENCE_MS } from './support/core.ts';

const quoted: Answer = {
  question: 'How much GPU memory does QLoRA need?',
  answered: true,
  answer: 'From the digest (§3 QLoRA), translated from the Chinese: QLoRA fits a 65B Llama model on a single 48 GB GPU. [1]',
  language: 'en',
  kind: 'quoted',
  citations: [
    {
      n: 1,
      digest: 'd',
      section: 3,
      title: 'QLoRA:量化 LLM 的有效微调',
      passageId: 'd:3.5',
      text: '根据QLoRA 论文,QLoRA 将 65B Llama 模型的内存需求降低到适合单个 48 GB GPU(如 A100)。',
      translation:
        'According to the QLoRA paper, QLoRA reduces the memory requirements of a 65B Llama model so that it fits on a single 48 GB GPU (such as an A100).',
      score: 0.9,
    },
    { n: 2, digest: 'd', section: 3, title: 'QLoRA:量化 LLM 的有效微调', passageId: 'd:3.2', text: '训练速度会比常规 LoRA 慢一点。', score: 0.5 },
  ],
};

const GOOD = 'QLoRA fits a 65B Llama model on a single 48 GB GPU [1]. The price is training a little slower than LoRA [2].';

let llm: FakeLlm;
before(async () => {
  llm = await startFakeLlm();
});
after(() => llm.close());

async function write(reply: FakeReply, options: { timeoutMs?: number; baseUrl?: string } = {}) {
  llm.script(reply);
  const model = await createWritingModel({
    baseUrl: options.baseUrl ?? llm.baseUrl,
    model: 'fake-qwen',
    timeoutMs: options.timeoutMs ?? PATIENCE_MS,
    maxTokens: 200,
  });
  const started = Date.now();
  const events: WrittenEvent[] = [];
  for await (const event of writeAnswer(model, quoted)) events.push(event);
  const result = (events.at(-1) as { result: WrittenResult }).result;
  const shown = events.flatMap((e) => (e.type === 'text' ? [e.text] : [])).join('');
  return { events, result, shown, ms: Date.now() - started };
}

describe('the written step against an OpenAI-compatible server', () => {
  it('a good cited answer streams sentence by sentence and is used as written', async () => {
    const { events, result, shown } = await write({ kind: 'answer', text: GOOD, chunks: 12 });
    assert.deepEqual({ mode: result.mode, text: result.text, notice: result.notice }, { mode: 'written', text: GOOD, notice: undefined });
    assert.equal(shown, GOOD, 'everything shown was checked, and nothing else');
    assert.ok(events.filter((e) => e.type === 'text').length >= 2, 'the first sentence is shown before the answer ends');
    assert.deepEqual(result.citations, quoted.citations);
    const request = llm.requests[0]!;
    assert.equal(request.stream, true);
    assert.equal(request.model, 'fake-qwen');
    assert.equal(request.max_tokens, 200);
    const system = request.messages[0]!.content;
    assert.match(system, /Write in English/u);
    assert.match(system, /\[1\] §3 QLoRA:量化 LLM 的有效微调\n根据QLoRA 论文/u, 'the Chinese original, numbered');
    assert.match(system, /English rendering: According to the QLoRA paper/u, 'and its English rendering');
    assert.deepEqual(request.messages.at(-1), { role: 'user', content: quoted.question });
  });

  it('a sentence citing a passage it was not given, or with an invented figure, is dropped when the rest stands', async () => {
    const { result } = await write({ kind: 'answer', text: `${GOOD} It needs 24 GB in all [1]. Guanaco was trained in a day [5].`, chunks: 9 });
    assert.equal(result.mode, 'repaired');
    assert.equal(result.text, GOOD);
    assert.deepEqual(
      result.dropped.map((d) => d.problems),
      [['24 GB is in no passage it cites'], ['cites [5], which it was not given']],
    );
  });

  it('a section reference (§3) is no figure; a bare figure equal to the section number still must be in the passage', async () => {
    const { result } = await write({
      kind: 'answer',
      text: 'Section §3 says QLoRA fits a 65B model on one 48 GB GPU [1]. It trained for 3 days [2].',
    });
    assert.equal(result.mode, 'repaired');
    assert.deepEqual(
      result.dropped.map((d) => d.problems),
      [['3 is in no passage it cites']],
    );
  });

  for (const [name, text] of [
    ['a citation to a passage it was not given', 'QLoRA fits a 65B model on a single 48 GB GPU [4].'],
    ['an invented number', 'QLoRA fits a 70B model on a single 24 GB GPU [1].'],
    ['no citations at all', 'QLoRA fits a 65B model on a single 48 GB GPU. It is slower than LoRA.'],
  ] as const) {
    it(`${name}: the quoted answer with a one-line notice`, async () => {
      const { result, shown } = await write({ kind: 'answer', text });
      assert.deepEqual({ mode: result.mode, reason: result.reason, text: result.text }, { mode: 'quoted', reason: 'unchecked', text: quoted.answer });
      assert.match(result.notice!, /^\(The language model's answer failed the citation checks/u);
      assert.equal(shown, '', 'nothing unchecked was shown');
    });
  }

  it('an empty answer: the quoted answer with a notice', async () => {
    const { result } = await write({ kind: 'answer', text: '' });
    assert.deepEqual([result.mode, result.reason], ['quoted', 'empty']);
  });

  for (const status of [429, 500]) {
    it(`HTTP ${status}: one retry at most, then the quoted answer with a notice`, async () => {
      const { result } = await write({ kind: 'status', status });
      assert.deepEqual([result.mode, result.reason], ['quoted', 'model-error']);
      assert.match(result.notice!, /could not answer this time/u);
      assert.equal(llm.requests.length, 2);
    });
  }

  it('a stalled stream: the whole budget, not more, then the quoted answer', async () => {
    const stallMs = 60_000;
    const { result, ms } = await write({ kind: 'stall', ms: stallMs }, { timeoutMs: 800 });
    assert.deepEqual([result.mode, result.reason], ['quoted', 'timeout']);
    // Not before the budget ran out, and without waiting for the stalled stream.
    assert.ok(ms >= 700 && ms < stallMs, `took ${ms} ms with an 800 ms budget`);
  });

  it('malformed stream chunks: the quoted answer with a notice', async () => {
    const { result } = await write({ kind: 'malformed' });
    assert.deepEqual([result.mode, result.reason], ['quoted', 'model-error']);
  });

  it('connection refused: the quoted answer with a notice', async () => {
    const { result } = await write({ kind: 'answer', text: GOOD }, { baseUrl: REFUSED_BASE_URL });
    assert.deepEqual([result.mode, result.reason], ['quoted', 'unreachable']);
  });
});

describe('the responder every front end uses', () => {
  const qaReturning = (answer: Answer): QaService => ({ ask: async () => answer, papers: [] });

  it('refusals, small talk and catalogue lists never reach the model', async () => {
    llm.script({ kind: 'answer', text: GOOD });
    const model = await createWritingModel({ baseUrl: llm.baseUrl, model: 'm', timeoutMs: PATIENCE_MS, maxTokens: 100 });
    for (const kind of ['refusal', 'smalltalk', 'catalogue', 'help'] as const) {
      const answer: Answer = { question: 'q', answered: kind !== 'refusal', answer: 'a', citations: [], language: 'zh', kind };
      const responded = await createResponder(qaReturning(answer), model).respond('q');
      assert.equal(responded, answer);
    }
    assert.equal(llm.requests.length, 0);
  });

  it('passes the conversation so far and reports the text as it grows; counts outcomes', async () => {
    llm.script({ kind: 'answer', text: GOOD, chunks: 10 }, { kind: 'status', status: 500 });
    const model = await createWritingModel({ baseUrl: llm.baseUrl, model: 'm', timeoutMs: PATIENCE_MS, maxTokens: 100 });
    const responder = createResponder(qaReturning(quoted), model);
    const seen: string[] = [];
    const previous = { question: 'What is QLoRA?', citations: [{ digest: 'd', section: 3 }], answer: 'QLoRA stands for quantized LoRA. [1]' };
    const written = await responder.respond('and its memory?', { previous, onText: (text) => seen.push(text) });
    assert.deepEqual([written.mode, written.answer, written.notice], ['written', GOOD, undefined]);
    assert.equal(seen.at(-1), GOOD);
    assert.ok(seen.length >= 2 && seen.every((text, i) => i === 0 || text.startsWith(seen[i - 1]!)));
    assert.deepEqual(
      llm.requests[0]!.messages.slice(1).map((m) => m.role),
      ['user', 'assistant', 'user'],
      'the previous question and answer come before the question',
    );
    const fellBack = await responder.respond('again?');
    assert.deepEqual([fellBack.mode, fellBack.answer], ['quoted', quoted.answer]);
    assert.match(fellBack.notice!, /could not answer/u);
    assert.deepEqual(responder.outcomes, { written: 1, repaired: 0, 'fell-back': 1 });
  });

  it('without a model, answers are the quoted ones, untouched', async () => {
    const responder = createResponder(qaReturning(quoted), undefined);
    assert.equal(responder.writes, false);
    assert.equal(await responder.respond('q'), quoted);
  });
});
