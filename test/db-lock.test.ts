/**
 * The reporter's scenario, end to end: the real discord.js client (startBot) against the fake Discord while another
 * process holds the SQLite write lock for 9 s — past Discord's 3 s deadline for acknowledging an interaction and the
 * 5 s busy timeout the bot used to wait for on every write.
 * Replies must not wait for the lock, the event loop must not stall, the feedback and conversation writes must land
 * after it, and a paper-of-the-day slot inside it must be posted in both guilds once it clears, exactly once.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import { loadConfig } from '../src/config.ts';
import { startBot } from '../src/discord/bot.ts';
import { setLogLevel } from '../src/log.ts';
import { preparePotdTables, writeGuild } from '../src/potd/store.ts';
import { openDatabase } from '../src/storage/database.ts';
import { FakeDiscord, type RecordedCall } from './support/fake-discord.ts';
import { ScriptedQa } from './support/fixtures.ts';
import { lockFromAnotherProcess, until } from './support/locks.ts';

const LOCK_MS = 9000;
/** The slot falls this long after start-up: a few seconds into the lock. */
const SLOT_AFTER_MS = 4000;
/** How long after the slot the test checks that it was not posted: the lock is still held then. */
const SLOT_WATCH_MS = 2000;

setLogLevel('warn');

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'paperbot-lock-'));
after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

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

test('a 9 s write lock held by another process delays no reply, loses no write, and the slot inside it is posted once after', async (t) => {
  const fake = await FakeDiscord.start({ guildCount: 2 });
  const [guild0, guild1] = fake.guilds.map((guild) => guild.id) as [string, string];
  const general = fake.channel('general', 0).id;
  const general1 = fake.channel('general', 1).id;
  // Guild 0 posts in POTD_CHANNEL_ID; guild 1 chose its channel earlier, as with /potd-config.
  const setup = openDatabase(dataDir);
  preparePotdTables(setup);
  writeGuild(setup, guild1, { channelId: general1, activeSince: new Date(Date.now() - 60_000) }, new Date());
  setup.close();

  const slotAt = new Date(Math.ceil((Date.now() + SLOT_AFTER_MS) / 1000) * 1000);
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
  const bot = await startBot(config, { qa });
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

    const lock = await lockFromAnotherProcess(path.join(dataDir, 'paperbot.sqlite'), LOCK_MS);
    const lockEnds = lock.heldAt + LOCK_MS;
    assert.ok(slotAt.getTime() > lock.heldAt + 1000 && slotAt.getTime() + SLOT_WATCH_MS < lockEnds - 1000, 'the slot falls well inside the lock');
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();

    // Five questions, a reply continuing one of them, /ask and a vote, all while the lock is held.
    const answers: { reply: RecordedCall; ms: number }[] = [];
    for (let i = 1; i <= 5; i++) answers.push(await ask(`${mention} 问题 ${i}：QLoRA 需要多少显存？`, { mentionBot: true }));
    const followUp = await ask('那它和 LoRA 有什么不同？', { replyTo: { messageId: answers[0]!.reply.response.id, channelId: general } });
    assert.match(followUp.reply.body.content, /^（接着上一个问题）/u, 'context of an answer given during the lock');
    assert.equal(qa.asked.at(-1)?.options?.previous?.question, '问题 1：QLoRA 需要多少显存？');

    const slash = fake.sendSlashCommand({ name: 'ask', options: [{ name: 'question', type: 3, value: 'QLoRA 是什么？' }] });
    const slashStarted = Date.now();
    assert.equal((await slash.callback()).body.type, 5);
    const deferMs = Date.now() - slashStarted;
    const edited = await slash.editedOriginal();
    const slashMs = Date.now() - slashStarted;

    const voteStarted = Date.now();
    const vote = await fake.sendButton({ customId: edited.body.components[0].components[0].custom_id, messageId: edited.response.id }).callback();
    const voteMs = Date.now() - voteStarted;
    assert.match(vote.body.data.content, /Thanks for the feedback/u);

    const replyMs = [...answers, followUp].map((answer) => answer.ms);
    assert.ok(Math.max(...replyMs, slashMs, voteMs) < 1000, `replies took ${replyMs.join(', ')} ms, /ask ${slashMs} ms, the vote ${voteMs} ms`);
    assert.ok(deferMs < 1000, `/ask deferred after ${deferMs} ms (Discord allows 3 s)`);
    assert.ok(Date.now() < lockEnds - 3000, 'all answered well before the lock ends');

    // Nothing was written meanwhile: the rows wait in the queue, not in a blocked call.
    const answerIds = [...answers.map((answer) => answer.reply), followUp.reply, edited].map(answerIdOf);
    const storedAnswers = () =>
      (
        reader.prepare(`SELECT COUNT(*) AS n FROM feedback_answers WHERE id IN (${answerIds.map(() => '?').join(',')})`).get(...answerIds) as {
          n: number;
        }
      ).n;
    assert.equal(storedAnswers(), 0);

    await sleep(slotAt.getTime() + SLOT_WATCH_MS - Date.now());
    assert.equal(fake.calls.filter(isPotd).length, 0, 'the slot cannot be claimed while the lock is held');
    const stalledMs = loop.max / 1e6;

    const releasedAt = await lock.released;
    loop.disable();
    assert.ok(stalledMs < 500, `the event loop stalled for ${stalledMs.toFixed(0)} ms during the lock`);

    // After the lock: the slot in both guilds, once; every queued row.
    await until(() => fake.calls.filter(isPotd).length >= 2, 'the paper of the day in both guilds', 5000);
    const postedAfterMs = Date.now() - releasedAt;
    await until(() => storedAnswers() === answerIds.length, 'the feedback rows', 5000);
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
      `under the lock: mention replies ${replyMs.join('/')} ms, /ask defer ${deferMs} ms and answer ${slashMs} ms, vote ${voteMs} ms, ` +
        `event-loop max delay ${stalledMs.toFixed(0)} ms; after it: slot posted in ${postedAfterMs} ms, rows stored in ${storedAfterMs} ms`,
    );
  } finally {
    reader.close();
    await bot.stop();
    await fake.close();
  }
});
