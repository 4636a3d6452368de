/**
 * Issue 9's load scenarios, end to end: the real discord.js client (startBot, as src/main.ts runs it) answering
 * through the real answering pool (worker threads with the real model and index, from the bundle as in `npm start`)
 * against the fake Discord.
 * Spam from one user, a Discord that hangs on a send, and a burst of long questions with /ask interleaved. Timings
 * are printed as measured figures; what is asserted is behaviour (who got what, how many messages exist) and order
 * (every /ask acknowledged before the queue reached it).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { after, before, describe, test } from 'node:test';
import { loadConfig } from '../src/config.ts';
import { BUSY_NOTICE } from '../src/discord/answering.ts';
import { startBot, type RunningBot } from '../src/discord/bot.ts';
import { QaPool } from '../src/workers/qa-pool.ts';
import { bundledQaWorker, tempDir, ensureSharedIndex, until } from './support/core.ts';
import { FakeDiscord, type FakeInteraction, type FakeUser, type RecordedCall } from './support/fake-discord.ts';

const RATE_LIMIT = 5;
/**
 * Much shorter than Discord's ~41 s, so the burst spans many heartbeats; not so short that a busy test process (the
 * fake runs on the bot's thread) makes discord.js miss an ACK within one interval and reconnect.
 */
const HEARTBEAT_MS = 2000;
/**
 * What discord.js waits for a response before it sends the request again: its REST default is 15 s, shortened on
 * the running client for the hang test only, which checks what happens after the timeout, not its length.
 */
const REST_TIMEOUT_MS = 3000;
/** How long the fake holds the first attempt: well past the timeout, as a hung Discord would. */
const HOLD_MS = REST_TIMEOUT_MS + 5000;
const BURST = 250;
/**
 * The answering queue's bound (ANSWER_QUEUE_MAX, 100 by default): small, so that the burst overflows it after a
 * fraction of the answering work. The gateway's load (every message handled and replied to) stays the same.
 */
const QUEUE_MAX = 20;
/** One /ask interaction after every this many messages of the burst. */
const ASK_EVERY = 10;

const channelMessages = (channelId: string) => new RegExp(`^/channels/${channelId}/messages$`, 'u');
const isPost = (channelId: string) => (call: RecordedCall) =>
  call.method === 'POST' && call.path === `/channels/${channelId}/messages` && call.status === 200;
const repliesTo = (messageId: string) => (call: RecordedCall) => call.body?.message_reference?.message_id === messageId;

/** A question of `length` characters at most: a reader's long preamble, then the question itself. */
function longQuestion(index: number, length = 990): string {
  const asks = [
    'QLoRA 需要多少显存？',
    'What does DPO replace in RLHF?',
    'Mixtral 有多少个专家？',
    'How was Llama 2 trained?',
    'Pythia 发布了哪些模型？',
  ];
  const ask = asks[index % asks.length]!;
  const preamble = `(${index}) 我在读这份 2023 年论文摘要，想弄清楚细节，下面是我的问题，请引用原文回答。I am reading the digest and want the details. `;
  return `${preamble.repeat(Math.ceil(length / preamble.length)).slice(0, length - ask.length - 1)} ${ask}`;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

describe('under load, against the fake Discord', () => {
  let fake: FakeDiscord;
  let pool: QaPool;
  let bot: RunningBot;
  let general: string;
  let ask: string;
  const dataDir = tempDir('paperbot-load-');

  before(async () => {
    fake = await FakeDiscord.start({ heartbeatIntervalMs: HEARTBEAT_MS });
    general = fake.channel('general').id;
    ask = fake.channel('ask').id;
    const config = loadConfig({
      DISCORD_TOKEN: fake.token,
      DISCORD_API_BASE: fake.apiBase,
      DISCORD_ASK_CHANNEL_IDS: ask,
      POTD_CHANNEL_ID: general,
      DATA_DIR: dataDir,
      INDEX_DIR: await ensureSharedIndex(),
      RATE_LIMIT_QUESTIONS: String(RATE_LIMIT),
      ANSWER_QUEUE_MAX: String(QUEUE_MAX),
      LOG_LEVEL: 'error',
    });
    pool = await QaPool.start(config, { workerUrl: bundledQaWorker() });
    bot = await startBot(config, { qa: pool });
  });

  after(async () => {
    await bot.stop();
    await pool.close();
    await fake.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('60 messages from one user: the ones within the limit answered, one notice, then silence', async () => {
    const spammer = fake.user('spammer');
    const spam = Array.from({ length: 60 }, (_, i) => fake.sendMessage({ channelId: ask, author: spammer, content: `QLoRA 是什么？ ${i}` }));
    const spamIds = new Set(spam.map((message) => message.id));
    const repliesToSpam = () => fake.calls.filter((call) => isPost(ask)(call) && spamIds.has(call.body.message_reference?.message_id));
    // Sent after the spam, so the limiter has decided every spam message before it (events are handled in order).
    const other = fake.sendMessage({ channelId: ask, author: fake.user('bystander'), content: 'DPO 是什么？' });
    await fake.waitForCall((call) => isPost(ask)(call) && repliesTo(other.id)(call), { since: other.since });
    await until(() => repliesToSpam().length >= RATE_LIMIT + 1, 'the answers and the notice');

    const replies = repliesToSpam();
    const notices = replies.filter((call) => /请 \d+ 秒后再试/u.test(call.body.content));
    assert.equal(notices.length, 1, 'one notice');
    assert.equal(notices[0]!.body.message_reference.message_id, spam[RATE_LIMIT]!.id, 'on the first message over the limit');
    assert.deepEqual(
      replies
        .filter((call) => !notices.includes(call))
        .map((call) => call.body.message_reference.message_id)
        .sort(),
      spam
        .slice(0, RATE_LIMIT)
        .map((message) => message.id)
        .sort(),
      'the first five answered',
    );
    assert.equal(replies.length, RATE_LIMIT + 1, 'and nothing for the other 54');
    fake.assertEveryMessageNonced();
  });

  test('a send that hangs is repeated by discord.js after its timeout and still creates one message; a paper-of-the-day post too', async (t) => {
    const restOptions = bot.client.rest.options;
    const defaultTimeout = restOptions.timeout;
    restOptions.timeout = REST_TIMEOUT_MS;
    t.after(() => (restOptions.timeout = defaultTimeout));
    fake.holdNext('POST', channelMessages(ask), HOLD_MS);
    fake.holdNext('POST', channelMessages(general), HOLD_MS);
    const started = Date.now();
    const question = fake.sendMessage({ channelId: ask, author: fake.user('patient'), content: 'QLoRA 需要多少显存？' });
    const postNow = fake.sendSlashCommand({ name: 'potd-config', subcommand: 'now', user: fake.user('admin') });
    assert.equal((await postNow.callback()).body.type, 5);

    // discord.js gives up on the held request after its timeout and sends it again; the fake answers the repeat at once.
    const waitMs = REST_TIMEOUT_MS + 5000;
    const answer = await fake.waitForCall((call) => isPost(ask)(call) && repliesTo(question.id)(call), { since: question.since, timeoutMs: waitMs });
    const confirmation = await fake.waitForCall(
      (call) => call.method === 'PATCH' && call.path.endsWith('/messages/@original') && /Posted in/u.test(call.body.content),
      { since: postNow.since, timeoutMs: waitMs },
    );
    const retriedAfterMs = Date.now() - started;
    assert.ok(retriedAfterMs >= REST_TIMEOUT_MS, `the repeat came after ${retriedAfterMs} ms, i.e. after discord.js's timeout`);

    // Two attempts each, one message each: the repeat was answered with the message the held attempt created.
    const potdPost = fake.calls.find((call) => isPost(general)(call) && call.body.embeds?.[0]?.author && call.body.nonce)!;
    for (const sent of [answer, potdPost]) {
      const attempts = [...fake.heldCalls, ...fake.calls].filter((call) => call.path === sent.path && call.body.nonce === sent.body.nonce);
      assert.ok(attempts.length >= 2 && fake.heldCalls.some((call) => call.body.nonce === sent.body.nonce), `${sent.path}: held, then repeated`);
      assert.equal(fake.createdMessages.filter((message) => message.nonce === sent.body.nonce).length, 1, `${sent.path}: one message`);
    }
    assert.match(confirmation.body.content, /Posted in/u);
    fake.assertEveryMessageNonced();
  });

  test(`a burst of ${BURST} questions of ~1,000 characters with /ask interleaved: every /ask deferred at once, every question answered or told busy`, async (t) => {
    const readers: FakeUser[] = Array.from({ length: BURST / RATE_LIMIT }, (_, i) => fake.user(`reader-${i}`));
    const since = fake.calls.length;
    const sessionsBefore = fake.sessions.length;
    const started = Date.now();
    const messages: { id: string }[] = [];
    const slashes: { interaction: FakeInteraction; sentAt: number }[] = [];
    for (let i = 0; i < BURST; i++) {
      // Each reader asks RATE_LIMIT questions: within the limit, as in the report.
      messages.push(fake.sendMessage({ channelId: ask, author: readers[i % readers.length]!, content: longQuestion(i) }));
      if (i % ASK_EVERY === 0) {
        const options = [{ name: 'question', type: 3, value: longQuestion(i + 1) }];
        slashes.push({ interaction: fake.sendSlashCommand({ name: 'ask', user: fake.user(`asker-${i}`), options }), sentAt: performance.now() });
      }
    }

    const deferrals = await Promise.all(
      slashes.map(async ({ interaction, sentAt }) => {
        const callback = await interaction.callback();
        return { ms: performance.now() - sentAt, type: callback.body.type, status: callback.status, call: callback };
      }),
    );
    const edits = await Promise.all(slashes.map(({ interaction }) => interaction.editedOriginal(120_000)));
    const replyOf = new Map<string, RecordedCall>();
    await until(
      () => {
        for (const call of fake.calls.slice(since)) if (isPost(ask)(call)) replyOf.set(call.body.message_reference?.message_id, call);
        return messages.every((message) => replyOf.has(message.id));
      },
      'a reply to every message of the burst',
      120_000,
    );
    const burstMs = Date.now() - started;

    assert.ok(
      deferrals.every((deferral) => deferral.type === 5 && deferral.status === 204),
      'every /ask deferred',
    );
    const outcome = (call: RecordedCall) => (call.body.content === BUSY_NOTICE ? 'busy' : call.body.components?.length ? 'answered' : 'other');
    const deferMs = deferrals.map((deferral) => deferral.ms).sort((a, b) => a - b);
    // Deferred at once, not behind the answering queue: each /ask was acknowledged before the answer to a question of
    // the burst sent before it that was answered (not told busy) — an answer that had to wait its turn in the queue.
    const position = (call: RecordedCall) => fake.calls.indexOf(call);
    slashes.forEach((slash, i) => {
      const earlierAnswered = messages
        .slice(0, i * ASK_EVERY + 1)
        .map((message) => replyOf.get(message.id)!)
        .filter((reply) => outcome(reply) === 'answered');
      const lastAnswered = earlierAnswered.at(-1);
      if (lastAnswered) assert.ok(position(deferrals[i]!.call) < position(lastAnswered), `/ask ${i} was deferred after an earlier question's answer`);
    });

    const outcomes = [...messages.map((message) => replyOf.get(message.id)!), ...edits].map(outcome);
    const count = (what: string) => outcomes.filter((o) => o === what).length;
    assert.equal(count('other'), 0, 'every reply is an answer with its feedback buttons or the busy notice');
    assert.ok(count('answered') > 0, 'questions were answered');
    assert.ok(count('busy') > 0, 'the burst overflowed the queue');
    assert.equal(count('answered') + count('busy'), BURST + slashes.length, 'nothing lost');

    const beats = fake.heartbeats.filter((at) => at >= started && at <= started + burstMs);
    const gaps = beats.slice(1).map((at, i) => at - beats[i]!);
    assert.ok(beats.length > 0, 'heartbeats went on during the burst');
    assert.equal(fake.sessions.length, sessionsBefore, 'no reconnect');
    assert.ok(bot.client.isReady());
    fake.assertNoUnknownRoutes();
    fake.assertEveryMessageNonced();

    t.diagnostic(
      `burst of ${BURST} messages + ${slashes.length} /ask (~1,000 characters each): /ask deferred after ` +
        `p50 ${percentile(deferMs, 50).toFixed(0)} / p95 ${percentile(deferMs, 95).toFixed(0)} / max ${deferMs.at(-1)!.toFixed(0)} ms; ` +
        `${count('answered')} answered, ${count('busy')} told busy, all replied within ${(burstMs / 1000).toFixed(1)} s; ` +
        `heartbeats every ${HEARTBEAT_MS} ms, ${gaps.length > 0 ? `at most ${Math.max(...gaps) - HEARTBEAT_MS} ms late` : 'fewer than two in the burst'}; ` +
        `RSS of the process (bot, its answering threads and the fake) ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB`,
    );
  });
});
