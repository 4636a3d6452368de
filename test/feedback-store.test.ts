import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { setLogLevel } from '../src/log.ts';
import { openDatabase } from '../src/storage/database.ts';
import { FeedbackStore, feedbackSummary } from '../src/storage/feedback.ts';
import { WriteQueue } from '../src/storage/write-queue.ts';
import { lockFromAnotherProcess } from './support/locks.ts';
import { citation } from './support/fixtures.ts';
import { tempDir, until } from './support/core.ts';

const dirs: string[] = [];
function freshDir(): string {
  const dir = tempDir('paperbot-feedback-');
  dirs.push(dir);
  return dir;
}

setLogLevel('error');

/** A store on a fresh database; `stored()` resolves once every queued write is in the file. */
function openFeedback(dir = freshDir()) {
  const db = openDatabase(dir);
  const writes = new WriteQueue(db);
  const store = new FeedbackStore(db, { key: Buffer.from('test-key-'.repeat(4)), writes, retentionDays: 90 });
  return { dir, db, writes, store, stored: () => until(() => writes.size === 0, 'the queued writes') };
}

const count = (db: Database.Database, table: string) => (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('FeedbackStore', () => {
  after(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

  test('one vote per user per answer; a re-click changes it', async () => {
    const { db, store, stored } = openFeedback();
    const id = store.recordAnswer('QLoRA?', [citation(1, 3, '段落。')]);
    assert.ok(store.vote(id, 'user-1', 'up'));
    assert.ok(store.vote(id, 'user-1', 'down'));
    assert.ok(store.vote(id, 'user-2', 'up'));
    assert.equal(store.vote('no-such-answer', 'user-1', 'up'), false);
    await stored();
    const rows = db.prepare('SELECT user_hash, vote FROM feedback_votes ORDER BY vote').all() as { user_hash: string; vote: string }[];
    assert.deepEqual(
      rows.map((row) => row.vote),
      ['down', 'up'],
    );
    assert.ok(rows.every((row) => /^[0-9a-f]{64}$/u.test(row.user_hash) && !row.user_hash.includes('user-')));
    db.close();
  });

  test('an answer\'s sources are read back, queued or stored, for its "Show original" button', async () => {
    const { db, store, stored } = openFeedback();
    const sources = [
      { ...citation(1, 4, '简而言之,BloombergGPT 是一个拥有 500 亿个参数的金融语言模型。'), translation: 'In short, 50 billion parameters.' },
    ];
    const id = store.recordAnswer('How many parameters does BloombergGPT have?', sources);
    assert.deepEqual(store.citations(id), sources, 'while the row waits in the queue');
    await stored();
    const reopened = new FeedbackStore(db, { key: Buffer.from('test-key-'.repeat(4)), writes: new WriteQueue(db), retentionDays: 90 });
    assert.deepEqual(reopened.citations(id), sources, 'from the database');
    assert.equal(reopened.citations('no-such-answer'), undefined);
    db.close();
  });

  test('an answer takes votes before its row is written; the rows land once the lock is released', async () => {
    const { dir, db, store, stored } = openFeedback();
    const other = new Database(path.join(dir, 'paperbot.sqlite'));
    other.exec('BEGIN EXCLUSIVE');
    const id = store.recordAnswer('QLoRA?', []);
    assert.ok(store.vote(id, 'user-1', 'up'), 'the queued answer is known');
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(count(db, 'feedback_answers'), 0, 'nothing written while the lock is held');
    other.exec('COMMIT');
    other.close();
    await stored();
    assert.equal(count(db, 'feedback_answers'), 1);
    assert.equal(count(db, 'feedback_votes'), 1);
    db.close();
  });

  test('another process holding the write lock (past the old 5 s busy timeout) delays the rows, not the caller', async () => {
    const { dir, db, store, stored } = openFeedback();
    const lock = await lockFromAnotherProcess(path.join(dir, 'paperbot.sqlite'));
    const ids = Array.from({ length: 5 }, (_, i) => store.recordAnswer(`问题 ${i}`, [citation(1, 3, '段落。')]));
    ids.forEach((id) => store.vote(id, 'voter', 'up'));
    // The calls returned while the lock is held, with nothing written: the rows wait in the queue.
    assert.ok(lock.held);
    assert.equal(ids.length, 5);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    assert.equal(count(db, 'feedback_answers'), 0, 'nothing written while the lock is held');
    await lock.release();
    await stored();
    assert.equal(count(db, 'feedback_answers'), 5);
    assert.equal(count(db, 'feedback_votes'), 5);
    db.close();
  });

  test('a write that fails for its own reason is dropped without holding up the others', async () => {
    const { db, writes, store, stored } = openFeedback();
    writes.enqueue('broken write', (database) => database.prepare('INSERT INTO no_such_table VALUES (1)').run());
    store.recordAnswer('QLoRA?', []);
    await stored();
    assert.equal(count(db, 'feedback_answers'), 1);
    db.close();
  });

  test('summary counts votes, the up ratio and the most down-voted questions', async () => {
    const { db, store, stored } = openFeedback();
    assert.deepEqual(feedbackSummary(db), { answers: 0, votes: 0, up: 0, down: 0, upRatio: undefined, mostDownVoted: [], byOutcome: [] });
    const good = store.recordAnswer('好问题', [], new Date(), 'written');
    const bad = store.recordAnswer('差问题', [], new Date(), 'fell-back');
    const meh = store.recordAnswer('一般问题', []);
    store.vote(good, 'a', 'up');
    store.vote(good, 'b', 'up');
    store.vote(bad, 'a', 'down');
    store.vote(bad, 'b', 'down');
    store.vote(meh, 'a', 'down');
    store.vote(meh, 'b', 'up');
    await stored();
    const summary = feedbackSummary(db);
    assert.equal(summary.answers, 3);
    assert.equal(summary.votes, 6);
    assert.equal(summary.up, 3);
    assert.equal(summary.down, 3);
    assert.equal(summary.upRatio, 0.5);
    assert.deepEqual(summary.mostDownVoted, [
      { question: '差问题', down: 2, up: 0 },
      { question: '一般问题', down: 1, up: 1 },
    ]);
    assert.deepEqual(summary.byOutcome, [
      { outcome: 'fell-back', answers: 1, up: 0, down: 2 },
      { outcome: 'quoted', answers: 1, up: 1, down: 1 },
      { outcome: 'written', answers: 1, up: 2, down: 0 },
    ]);
    db.close();
  });

  test('close() stores what is queued before the database closes', async () => {
    const { dir, db, writes, store } = openFeedback();
    store.recordAnswer('QLoRA?', []);
    assert.equal(await writes.close(1000), 0);
    db.close();
    const reopened = openDatabase(dir);
    assert.equal(count(reopened, 'feedback_answers'), 1);
    reopened.close();
  });
});
