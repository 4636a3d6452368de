/**
 * The reporter's scenario, end to end: the real discord.js client (startBot) against the fake Discord while another
 * process holds the SQLite write lock — past Discord's 3 s deadline for acknowledging an interaction and the 5 s busy
 * timeout the bot used to wait for on every write. The lock is held until the test releases it, and the paper-of-the-day
 * clock is moved by the test, so what is asserted is order, never duration: every reply arrives while the lock is still
 * held and before any of their rows is written, no write waits for the lock on the event loop, the rows land after
 * the release, and the slot that fell inside the lock is posted in both guilds exactly once, after it.
 * How long replies and the slot took is printed as measured figures (`npm run bench` reports them too).
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { loadConfig } from '../src/config.ts';
import { startBot } from '../src/discord/bot.ts';
import { setLogLevel } from '../src/log.ts';
import { preparePotdTables, writeGuild } from '../src/potd/store.ts';
import { openDatabase } from '../src/storage/database.ts';
import { tempDir, until } from './support/core.ts';
import { FakeDiscord, type RecordedCall } from './support/fake-discord.ts';
import { ScriptedQa } from './support/fixtures.ts';
import { lockFromAnotherProcess, SteppedTime } from './support/locks.ts';

/** The slot lies this far ahead of the real clock: the test moves the scheduler's clock there while the lock is held. */
const SLOT_AHEAD_MS = 60 * 60 * 1000;

setLogLevel('warn');

const dataDir = tempDir('paperbot-lock-');

/** A daily cron for `slotAt`, in the fixed-offset zone where it is midday, so the slot is today wherever the clock is. */
function middayCron(slotAt: Date): { cron: string; zone: string } {
  const offset = 12 - slotAt.getUTCHours(); // -11..12; Etc/GMT signs are inverted
  const zone = offset === 0 ? 'Etc/GMT' : offset > 0 ? `Etc/GMT-${offset}` : `Etc/GMT+${-offset}`;
  return { cron: `${slotAt.getUTCSeconds()} ${slotAt.getUTCMinutes()} 12 * * *`, zone };
}

const isPost = (channelId: string) => (call: RecordedCall) =>
  call.method === 'POST' && call.path === `/channels/${channelId}/messages` && call.status === 200;
const isPotd = (call: RecordedCall) => call.body?.embeds?.[0]?.author?.name?.includes('Paper of the day') === true;
const answerIdOf = (call: RecordedCall) => (call.body.components[0].components[0].custom_id as string).split(':')[2]!;

test('a write lock held by another process delays no reply, loses no write, and the slot inside it is posted once after', async (t) => {
  const fake = await FakeDiscord.start({ guildCount: 2 });
  const [guild0, guild1] = fake.guilds.map((guild) => guild.id) as [string, string];
  const general = fake.channel('general', 0).id;
  const general1 = fake.channel('general', 1).id;
  // Guild 0 posts in POTD_CHANNEL_ID; guild 1 chose its channel earlier, as with /potd-config.
  const setup = openDatabase(dataDir);
  preparePotdTables(setup);
  writeGuild(setup, guild1, { channelId: general1, activeSince: new Date(Date.now() - 60_000) }, new Date());
  setup.close();

  const slotAt = new Date(Math.ceil((Date.now() + SLOT_AHEAD_MS) / 1000) * 1000);
  const { cron, zone } = middayCron(slotAt);
  const config = loadConfig({
    DISCORD_TOKEN: fake.token,
    DISCORD_API_BASE: fake.apiBase,
    DATA_DIR: dataDir,
    POTD_CHANNEL_ID: general,
    POTD_CRON: cron,
    POTD_TZ: zone,
    LOG_LEVEL: 'error',
  });
  const qa = new ScriptedQa();
  const time = new SteppedTime();
  const bot = await startBot(config, { qa, potdTime: time });
  const reader = new Database(path.join(dataDir, 'paperbot.sqlite'));
  try {
    const mention = `<@${fake.botUser.id}>`;
    const ask = async (content: string, extra: Partial<Parameters<FakeDiscord['sendMessage']>[0]> = {}) => {
      const sent = fake.sendMessage({ channelId: general, content, ...extra });
      const started = Date.now();
      const reply = await fake.waitForCall(isPost(general), { since: sent.since });
      return { reply, ms: Date.now() - started };
    };
    await ask(`${mention} 热身：QLoRA 是什么？`, { mentionBot: true });

    const lock = await lockFromAnotherProcess(path.join(dataDir, 'paperbot.sqlite'));
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const lockedAt = Date.now();

    // Five questions, a reply continuing one of them, /ask and a vote, all while the lock is held.
    const answers: { reply: RecordedCall; ms: number }[] = [];
    for (let i = 1; i <= 5; i++) answers.push(await ask(`${mention} 问题 ${i}：QLoRA 需要多少显存？`, { mentionBot: true }));
    const followUp = await ask('那它和 LoRA 有什么不同？', { replyTo: { messageId: answers[0]!.reply.response.id, channelId: general } });
    assert.match(followUp.reply.body.content, /^（接着上一个问题）/u, 'context of an answer given during the lock');
    assert.equal(qa.asked.at(-1)?.options?.previous?.question, '问题 1：QLoRA 需要多少显存？');

    const slash = fake.sendSlashCommand({ name: 'ask', options: [{ name: 'question', type: 3, value: 'QLoRA 是什么？' }] });
    const slashStarted = Date.now();
    const deferral = await slash.callback();
    assert.equal(deferral.body.type, 5);
    const deferMs = Date.now() - slashStarted;
    const edited = await slash.editedOriginal();
    assert.ok(fake.calls.indexOf(deferral) < fake.calls.indexOf(edited), 'the /ask deferral was sent before its answer');
    const slashMs = Date.now() - slashStarted;

    const voteStarted = Date.now();
    const vote = await fake.sendButton({ customId: edited.body.components[0].components[0].custom_id, messageId: edited.response.id }).callback();
    const voteMs = Date.now() - voteStarted;
    assert.match(vote.body.data.content, /Thanks for the feedback/u);
    assert.ok(lock.held, 'every reply came while the lock was held');

    // No write waits for the lock on the event loop (better-sqlite3 is synchronous): the bot's connection gives up at
    // once and its writes wait in the queue. How long the loop was held is a measured figure, printed below.
    assert.equal(bot.context.db.pragma('busy_timeout', { simple: true }), 0);

    // Nothing was written meanwhile: the rows wait in the queue, not in a blocked call.
    const answerIds = [...answers.map((answer) => answer.reply), followUp.reply, edited].map(answerIdOf);
    const storedAnswers = () =>
      (
        reader.prepare(`SELECT COUNT(*) AS n FROM feedback_answers WHERE id IN (${answerIds.map(() => '?').join(',')})`).get(...answerIds) as {
          n: number;
        }
      ).n;
    assert.equal(storedAnswers(), 0);

    // The slot comes while the lock is held: the scheduler tries it and cannot claim it.
    // A second past the slot: the scheduler sets its timer a little after reading the clock.
    const pastSlot = new Date(slotAt.getTime() + 1000);
    await until(() => time.dueBy(pastSlot) > 0, 'the scheduler to arm the slot');
    await time.jumpTo(pastSlot);
    assert.equal(fake.calls.filter(isPotd).length, 0, 'the slot cannot be claimed while the lock is held');
    assert.equal(storedAnswers(), 0);
    const heldMs = Date.now() - lockedAt;
    await lock.release();
    const releasedAt = Date.now();
    loop.disable();
    const stalledMs = loop.max / 1e6;

    // After the lock: the slot in both guilds, once; every queued row.
    await until(() => fake.calls.filter(isPotd).length >= 2, 'the paper of the day in both guilds', 60_000);
    const postedAfterMs = Date.now() - releasedAt;
    await until(() => storedAnswers() === answerIds.length, 'the feedback rows', 60_000);
    const storedAfterMs = Date.now() - releasedAt;
    const votes = reader.prepare('SELECT COUNT(*) AS n FROM feedback_votes WHERE answer_id = ?').get(answerIdOf(edited)) as { n: number };
    assert.equal(votes.n, 1);
    const turnKeys = [...answers.map((answer) => answer.reply), followUp.reply].map((call) => call.response.id as string);
    const turns = reader.prepare(`SELECT key FROM conversation_turns WHERE key IN (${turnKeys.map(() => '?').join(',')})`).all(...turnKeys);
    assert.equal(turns.length, turnKeys.length, 'every conversation turn');

    await sleep(1500);
    const potd = fake.calls.filter(isPotd);
    assert.deepEqual(potd.map((call) => call.path).sort(), [`/channels/${general}/messages`, `/channels/${general1}/messages`].sort());
    const slots = reader.prepare('SELECT guild_id, status FROM potd_posts WHERE slot_at = ? ORDER BY guild_id').all(slotAt.toISOString());
    assert.deepEqual(
      slots,
      [guild0, guild1].sort().map((guild_id) => ({ guild_id, status: 'sent' })),
    );
    assert.ok(bot.client.isReady());
    fake.assertNoUnknownRoutes();

    t.diagnostic(
      `under the lock (held ${heldMs} ms): mention replies ${answers.map((answer) => answer.ms).join('/')} ms, /ask defer ${deferMs} ms and answer ${slashMs} ms, vote ${voteMs} ms, ` +
        `event-loop max delay ${stalledMs.toFixed(0)} ms; after it: slot posted in ${postedAfterMs} ms, rows stored in ${storedAfterMs} ms`,
    );
  } finally {
    reader.close();
    await bot.stop();
    await fake.close();
  }
});
