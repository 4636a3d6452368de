/**
 * Written answers on Discord end to end: the real discord.js client started through startBot with a language model,
 * against the fake Discord and a fake OpenAI-compatible server scripted per test. Checks what went over REST: the
 * streamed reply and its edits (rate, order, final sources embed and buttons), the fallback notice, /ask, feedback.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, afterEach, before, describe, test } from 'node:test';
import { startBot, type RunningBot } from '../src/discord/bot.ts';
import { feedbackSummary } from '../src/storage/feedback.ts';
import { createWritingModel } from '../src/written/model.ts';
import { sharedQa, testConfig } from './support/core.ts';
import { FakeDiscord, type RecordedCall } from './support/fake-discord.ts';
import { startFakeLlm, type FakeLlm, type FakeReply } from './support/fake-llm.ts';

const QUESTION = 'QLoRA 需要多少显存?';
const FIRST = 'QLoRA 能把 65B Llama 模型的内存需求降到单个 48 GB GPU 可以容纳 [1]。';
const GOOD = `${FIRST}代价是训练速度比常规 LoRA 慢一点 [2]。它仍然是微调时减少 GPU 内存需求的方便工具 [2]。`;
/**
 * The bot's edit interval here, a fifth of Discord's (EDIT_INTERVAL_MS), and a streamed answer's chunks as much
 * closer together: the same number of edits as with the real interval, in a fifth of the time.
 */
const EDIT_MS = 300;
const CHUNK_MS = 50;

describe('written answers on Discord', () => {
  let fake: FakeDiscord;
  let llm: FakeLlm;
  let bot: RunningBot;
  let general: string;

  before(async () => {
    [fake, llm] = await Promise.all([FakeDiscord.start(), startFakeLlm()]);
    const config = testConfig({
      DISCORD_TOKEN: fake.token,
      DISCORD_API_BASE: fake.apiBase,
      RATE_LIMIT_QUESTIONS: '100',
      LLM_BASE_URL: llm.baseUrl,
      LLM_MODEL: 'fake-qwen',
      // The stall test waits for the whole budget; a streamed answer takes 0.6 s of it (12 chunks 50 ms apart).
      LLM_TIMEOUT_SECONDS: '3',
    });
    bot = await startBot(config, { qa: await sharedQa(), model: await createWritingModel(config.llm!), editIntervalMs: EDIT_MS });
    general = fake.channel('general').id;
  });

  after(async () => {
    await bot.stop();
    await Promise.all([fake.close(), llm.close()]);
    fs.rmSync(bot.context.config.dataDir, { recursive: true, force: true });
  });

  afterEach(() => fake.assertNoUnknownRoutes());

  const isPost = (call: RecordedCall) => call.method === 'POST' && call.path === `/channels/${general}/messages` && call.status === 200;
  const isEditOf = (id: string) => (call: RecordedCall) => call.method === 'PATCH' && call.path === `/channels/${general}/messages/${id}`;
  /** The final write carries the feedback buttons (every answer but small talk has them). */
  const isFinal = (call: RecordedCall) => Array.isArray(call.body?.components) && call.body.components.length > 0;

  /** Mentions the bot with `question` after scripting the model; resolves with the calls of the answer once it is final. */
  async function ask(question: string, ...replies: FakeReply[]) {
    llm.script(...replies);
    const sent = fake.sendMessage({ channelId: general, content: `<@${fake.botUser.id}> ${question}`, mentionBot: true });
    const first = await fake.waitForCall(isPost, { since: sent.since });
    const id = first.response.id as string;
    const final = isFinal(first) ? first : await fake.waitForCall((c) => isEditOf(id)(c) && isFinal(c), { since: sent.since });
    const calls = fake.calls.slice(sent.since);
    return { sent, first, final, id, calls, edits: calls.filter(isEditOf(id)) };
  }

  test('a written answer streams into the reply: typing first, edits at most every edit interval, sources and buttons on the final edit', async () => {
    const { first, final, edits, calls } = await ask(QUESTION, { kind: 'answer', text: GOOD, chunks: 12, delayMs: CHUNK_MS });
    assert.ok(calls.findIndex((c) => c.path === `/channels/${general}/typing`) < calls.indexOf(first), 'typing until the first text');
    assert.equal(first.body.content, `${FIRST} …`, 'the first checked sentence, marked as still being written');
    assert.deepEqual([first.body.embeds ?? [], first.body.components ?? []], [[], []]);
    assert.ok(edits.length >= 1, 'the rest arrives by editing the same message');
    const writes = [first, ...edits];
    for (let i = 1; i < writes.length; i++) {
      const gap = writes[i]!.at - writes[i - 1]!.at;
      assert.ok(gap >= EDIT_MS - 100, `edit ${i} came ${gap} ms after the one before`);
    }
    for (const write of writes) assert.ok(GOOD.startsWith(write.body.content.replace(/ …$/u, '')), 'only checked text, in order');
    assert.equal(final, edits.at(-1));
    assert.equal(final.body.content, GOOD);
    assert.match(final.body.embeds[0].fields[0].name, /^\[1\] §3 QLoRA/u);
    assert.match(final.body.components[0].components[0].custom_id, /^feedback:up:/u);
    assert.deepEqual(final.body.allowed_mentions, { parse: [], replied_user: false });
    assert.equal(calls.filter(isPost).length, 1, 'one message, edited');
  });

  const FALLBACKS: [string, FakeReply[], RegExp][] = [
    ['an invented number', [{ kind: 'answer', text: 'QLoRA 能在单个 24 GB GPU 上微调 70B 模型 [1]。' }], /没有通过引用核对/u],
    ['a citation to a passage it was not given', [{ kind: 'answer', text: 'QLoRA 能在单个 48 GB GPU 上微调 65B 模型 [9]。' }], /没有通过引用核对/u],
    ['no citations', [{ kind: 'answer', text: 'QLoRA 能在单个 48 GB GPU 上微调 65B 模型。' }], /没有通过引用核对/u],
    ['an empty answer', [{ kind: 'answer', text: '' }], /没有通过引用核对/u],
    ['429', [{ kind: 'status', status: 429 }], /没能回答/u],
    ['500', [{ kind: 'status', status: 500 }], /没能回答/u],
    ['malformed stream chunks', [{ kind: 'malformed' }], /没能回答/u],
    ['a 60 s stall (3 s budget)', [{ kind: 'stall', ms: 60_000 }], /没能回答/u],
  ];
  for (const [name, replies, notice] of FALLBACKS) {
    test(`${name}: one reply with the notice, the quoted answer and its sources; nothing unchecked shown`, async () => {
      const { first, final, edits } = await ask(QUESTION, ...replies);
      assert.equal(first, final, 'nothing was streamed');
      assert.deepEqual(edits, []);
      const [line, ...rest] = (first.body.content as string).split('\n');
      assert.match(line!, notice);
      assert.match(rest.join('\n'), /^根据摘要.*48 GB/u);
      assert.doesNotMatch(first.body.content, /24 GB|70B|\[9\]/u);
      assert.match(first.body.embeds[0].fields[0].name, /^\[1\] §3 QLoRA/u);
    });
  }

  test('a streamed sentence is replaced by the quoted answer when too little of the rest stands', async () => {
    const text = `${FIRST}它只需要 12 GB [1]。它用 8 块 GPU [1]。它训练了 3 天 [2]。`;
    const { first, final, edits } = await ask(QUESTION, { kind: 'answer', text, chunks: 8, delayMs: CHUNK_MS });
    assert.equal(first.body.content, `${FIRST} …`);
    assert.equal(final, edits.at(-1), 'the same message, edited');
    assert.match(final.body.content, /^\(语言模型的回答没有通过引用核对,以下是摘要原文。\)\n根据摘要/u);
    for (const write of [first, ...edits]) assert.doesNotMatch(write.body.content, /12 GB|8 块|3 天/u);
  });

  test('a refused question never reaches the model', async () => {
    const { first } = await ask('What is Llama 3?', { kind: 'answer', text: GOOD });
    assert.match(first.body.content, /does not discuss Llama 3/u);
    assert.equal(llm.requests.length, 0);
  });

  test('/ask defers, streams into the deferred reply and ends with sources and buttons', async () => {
    llm.script({ kind: 'answer', text: GOOD, chunks: 12, delayMs: CHUNK_MS });
    const interaction = fake.sendSlashCommand({ name: 'ask', options: [{ name: 'question', type: 3, value: QUESTION }] });
    assert.equal((await interaction.callback()).body.type, 5, 'deferred');
    const original = `/webhooks/${fake.applicationId}/${interaction.token}/messages/@original`;
    const final = await fake.waitForCall((c) => c.method === 'PATCH' && c.path === original && isFinal(c), { since: interaction.since });
    const edits = fake.calls.slice(interaction.since).filter((c) => c.method === 'PATCH' && c.path === original);
    assert.ok(edits.length >= 2, 'streamed text first, then the final answer');
    assert.equal(edits[0]!.body.content, `${FIRST} …`);
    for (let i = 1; i < edits.length; i++) assert.ok(edits[i]!.at - edits[i - 1]!.at >= EDIT_MS - 100);
    assert.equal(final.body.content, GOOD);
    assert.match(final.body.components[0].components[1].custom_id, /^feedback:down:/u);
  });

  test('👍/👎 record which mode answered', async () => {
    const written = await ask(QUESTION, { kind: 'answer', text: GOOD, chunks: 2 });
    const fellBack = await ask(QUESTION, { kind: 'status', status: 500 });
    for (const { final, id } of [written, fellBack]) {
      const customId = final.body.components[0].components[1].custom_id as string;
      await fake.sendButton({ customId, messageId: id }).callback();
    }
    let byOutcome: ReturnType<typeof feedbackSummary>['byOutcome'] = [];
    for (let i = 0; i < 50 && !byOutcome.some((o) => o.outcome === 'fell-back' && o.down === 1); i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      byOutcome = feedbackSummary(bot.context.db).byOutcome;
    }
    assert.deepEqual(
      byOutcome.filter((o) => o.down > 0).map((o) => [o.outcome, o.down]),
      [
        ['fell-back', 1],
        ['written', 1],
      ].sort(),
    );
  });

  test('connection refused: the quoted answer with the notice', async () => {
    await llm.close();
    const { first } = await ask(QUESTION);
    assert.match(first.body.content, /^\(语言模型这次没能回答,以下是摘要原文。\)\n根据摘要/u);
  });
});
