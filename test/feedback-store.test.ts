import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { openDatabase } from '../src/storage/database.ts';
import { FeedbackStore } from '../src/storage/feedback.ts';
import { citation } from './support/fixtures.ts';

const dirs: string[] = [];
function freshDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paperbot-feedback-'));
  dirs.push(dir);
  return dir;
}

describe('FeedbackStore', () => {
  after(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

  test('one vote per user per answer; a re-click changes it', () => {
    const db = openDatabase(freshDir());
    const store = new FeedbackStore(db);
    const id = store.recordAnswer('QLoRA?', [citation(1, 3, '段落。')]);
    assert.ok(store.vote(id, 'user-1', 'up'));
    assert.ok(store.vote(id, 'user-1', 'down'));
    assert.ok(store.vote(id, 'user-2', 'up'));
    assert.equal(store.vote('no-such-answer', 'user-1', 'up'), false);
    const rows = db.prepare('SELECT user_hash, vote FROM feedback_votes ORDER BY vote').all() as { user_hash: string; vote: string }[];
    assert.deepEqual(rows.map((row) => row.vote), ['down', 'up']);
    assert.ok(rows.every((row) => /^[0-9a-f]{64}$/u.test(row.user_hash) && !row.user_hash.includes('user-')));
    db.close();
  });

  test('the salt is random per database and kept across reopening', () => {
    const dir = freshDir();
    const first = new FeedbackStore(openDatabase(dir)).hashUser('42');
    assert.equal(new FeedbackStore(openDatabase(dir)).hashUser('42'), first);
    assert.notEqual(new FeedbackStore(openDatabase(freshDir())).hashUser('42'), first);
  });

  test('summary counts votes, the up ratio and the most down-voted questions', () => {
    const store = new FeedbackStore(openDatabase(freshDir()));
    assert.deepEqual(store.summary(), { answers: 0, votes: 0, up: 0, down: 0, upRatio: undefined, mostDownVoted: [] });
    const good = store.recordAnswer('好问题', []);
    const bad = store.recordAnswer('差问题', []);
    const meh = store.recordAnswer('一般问题', []);
    store.vote(good, 'a', 'up');
    store.vote(good, 'b', 'up');
    store.vote(bad, 'a', 'down');
    store.vote(bad, 'b', 'down');
    store.vote(meh, 'a', 'down');
    store.vote(meh, 'b', 'up');
    const summary = store.summary();
    assert.equal(summary.answers, 3);
    assert.equal(summary.votes, 6);
    assert.equal(summary.up, 3);
    assert.equal(summary.down, 3);
    assert.equal(summary.upRatio, 0.5);
    assert.deepEqual(summary.mostDownVoted, [
      { question: '差问题', down: 2, up: 0 },
      { question: '一般问题', down: 1, up: 1 },
    ]);
  });
});
