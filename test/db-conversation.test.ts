/**
 * Conversation context in SQLite: recalled by any key it was stored under, across restarts and any number of newer
 * answers, until its time to live runs out; never waiting on the database. End to end, a reply after a restart of
 * the bot still continues the answer it replies to.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { loadConfig } from '../src/config.ts';
import { startBot } from '../src/discord/bot.ts';
import { ConversationMemory } from '../src/storage/conversations.ts';
import { setLogLevel } from '../src/log.ts';
import { openDatabase } from '../src/storage/database.ts';
import { WriteQueue } from '../src/storage/write-queue.ts';
import { FakeDiscord, type RecordedCall } from './support/fake-discord.ts';
import { ScriptedQa } from './support/fixtures.ts';
import { tempDir, until } from './support/core.ts';

setLogLevel('error');

const dirs: string[] = [];
function freshDir(): string {
  const dir = tempDir('paperbot-conversations-');
  dirs.push(dir);
  return dir;
}
after(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

const DAY_MS = 24 * 60 * 60 * 1000;
const turn = (question: string) => ({ question, citations: [{ digest: 'digest', section: 3 }] });

/** A memory on `dir`'s database with a clock the test moves; `stored()` resolves once its writes are in the file. */
function openMemory(dir = freshDir(), ttlDays = 7) {
  const clock = { now: new Date('2024-03-01T12:00:00Z') };
  const db = openDatabase(dir);
  const writes = new WriteQueue(db);
  const memory = new ConversationMemory(db, { writes, ttlDays, now: () => clock.now });
  return { dir, db, memory, clock, stored: () => until(() => writes.size === 0, 'the queued turns') };
}

const rows = (db: Database.Database) => (db.prepare('SELECT COUNT(*) AS n FROM conversation_turns').get() as { n: number }).n;

describe('ConversationMemory', () => {
  test('recalls by any of the keys it was stored under, first match wins', async () => {
    const { db, memory, stored } = openMemory();
    memory.remember(['m1', 'm2', 'thread'], turn('QLoRA?'));
    assert.equal(memory.recall(undefined, 'm2')?.question, 'QLoRA?', 'from memory, before the write');
    await stored();
    assert.equal(memory.recall('nope'), undefined);
    memory.remember(['thread'], turn('显存?'));
    await stored();
    assert.equal(memory.recall('thread')?.question, '显存?');
    assert.equal(memory.recall('m1')?.question, 'QLoRA?');
    assert.equal(memory.recall('nope', 'm1', 'thread')?.question, 'QLoRA?');
    db.close();
  });

  test('keeps context across a restart and thousands of newer answers', async () => {
    const first = openMemory();
    first.memory.remember(['oldest-answer'], turn('QLoRA 是什么？'));
    for (let i = 0; i < 2500; i++) first.memory.remember([`answer-${i}`], turn(`问题 ${i}`));
    await first.stored();
    first.db.close();

    const second = openMemory(first.dir);
    assert.deepEqual(second.memory.recall('oldest-answer'), turn('QLoRA 是什么？'));
    assert.equal(second.memory.recall('answer-2499')?.question, '问题 2499');
    second.db.close();
  });

  test('context lasts CONVERSATION_TTL_DAYS; prune() deletes what is past it', async () => {
    const { db, memory, clock, stored } = openMemory(freshDir(), 7);
    memory.remember(['old'], turn('旧问题'));
    await stored();
    clock.now = new Date(clock.now.getTime() + 6 * DAY_MS);
    memory.remember(['recent'], turn('新问题'));
    await stored();
    assert.equal(memory.recall('old')?.question, '旧问题', 'six days on');
    clock.now = new Date(clock.now.getTime() + 2 * DAY_MS);
    assert.equal(memory.recall('old'), undefined, 'eight days on');
    assert.equal(memory.recall('recent')?.question, '新问题');
    memory.prune();
    await stored();
    assert.equal(rows(db), 1);
    db.close();
  });

  test('a write lock held elsewhere delays the write, not the caller; the turn is recalled meanwhile', async () => {
    const { dir, db, memory, stored } = openMemory();
    memory.remember(['before'], turn('锁之前'));
    await stored();
    const other = new Database(path.join(dir, 'paperbot.sqlite'));
    other.exec('BEGIN EXCLUSIVE');
    memory.remember(['during'], turn('锁期间'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(rows(db), 1, 'not written while locked');
    assert.equal(memory.recall('during')?.question, '锁期间');
    assert.equal(memory.recall('before')?.question, '锁之前', 'reads are not blocked by the writer');
    other.exec('COMMIT');
    other.close();
    await stored();
    assert.equal(rows(db), 2);
    db.close();
  });

  test('a context that cannot be read is no context, not an error', () => {
    const { db, memory } = openMemory();
    db.close();
    assert.equal(memory.recall('anything'), undefined);
  });

  test('stores the question without mentions or ids', async () => {
    const { db, memory, stored } = openMemory();
    memory.remember(['m'], turn('<@123456789012345678> 和 <#234567890123456789> 说 QLoRA 是什么？'));
    await stored();
    const [row] = db.prepare('SELECT turn_json FROM conversation_turns').all() as { turn_json: string }[];
    assert.equal(JSON.parse(row!.turn_json).question, '@user 和 #channel 说 QLoRA 是什么？');
    db.close();
  });
});

describe('conversations across a restart of the bot', () => {
  test('a reply to an answer given before the restart, and a thread from it, continue that answer', async () => {
    const fake = await FakeDiscord.start();
    const dataDir = freshDir();
    const config = loadConfig({ DISCORD_TOKEN: fake.token, DISCORD_API_BASE: fake.apiBase, DATA_DIR: dataDir, LOG_LEVEL: 'error' });
    const general = fake.channel('general').id;
    const isReply = (call: RecordedCall) => call.method === 'POST' && call.path.endsWith('/messages') && call.status === 200;
    try {
      const before = await startBot(config, { qa: new ScriptedQa() });
      const asked = fake.sendMessage({ channelId: general, content: `<@${fake.botUser.id}> QLoRA 是什么？`, mentionBot: true });
      const answer = await fake.waitForCall(isReply, { since: asked.since });
      await before.stop();

      const qa = new ScriptedQa();
      const afterRestart = await startBot(config, { qa });
      try {
        // Not a mention, not a Q&A channel: only the stored context makes this a question for the bot.
        const reply = fake.sendMessage({
          channelId: general,
          content: '那它需要多少显存?',
          replyTo: { messageId: answer.response.id, channelId: general },
        });
        const followUp = await fake.waitForCall(isReply, { since: reply.since });
        assert.match(followUp.body.content, /^（接着上一个问题）/u);
        assert.equal(qa.asked[0]?.options?.previous?.question, 'QLoRA 是什么？');

        const thread = fake.createThread({ parentId: general, id: answer.response.id });
        const inThread = fake.sendMessage({ channelId: thread.id, content: '还有呢？' });
        await fake.waitForCall(isReply, { since: inThread.since });
        assert.equal(qa.asked[1]?.options?.previous?.question, 'QLoRA 是什么？');
      } finally {
        await afterRestart.stop();
      }
      fake.assertNoUnknownRoutes();
    } finally {
      await fake.close();
    }
  });
});
