import assert from 'node:assert/strict';
import fs from 'node:fs';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { cycleOrder, nextInCycle } from '../src/potd/rotation.ts';
import type { Schedule } from '../src/potd/schedule.ts';
import {
  claimSlot,
  peekNextPaper,
  preparePotdTables,
  recordFailed,
  recordSent,
  slotPosts,
  type ClaimRequest,
  type SlotPost,
} from '../src/potd/store.ts';
import { openDatabase, type Db } from '../src/storage/database.ts';
import { paperKey } from '../src/corpus/paper-ref.ts';
import { tempDir } from './support/core.ts';

const PAPERS = Array.from({ length: 10 }, (_, i) => paperKey({ digest: 'digest', section: i + 1 }));
const DAILY: Schedule = { cron: '0 9 * * *', timeZone: 'UTC' };
const DAY_MS = 24 * 60 * 60 * 1000;
const FIRST_SLOT = Date.parse('2023-05-01T09:00:00Z');

describe('cycle order', () => {
  it('is a permutation of all papers, reproducible from the seed', () => {
    const order = cycleOrder(PAPERS, 42);
    assert.deepEqual([...order].sort(), [...PAPERS].sort());
    assert.deepEqual(cycleOrder(PAPERS, 42), order);
    assert.notDeepEqual(cycleOrder(PAPERS, 43), order);
  });

  it('never opens with the paper that ended the previous cycle', () => {
    for (let seed = 0; seed < 200; seed++) {
      const first = cycleOrder(PAPERS, seed)[0]!;
      const order = cycleOrder(PAPERS, seed, first);
      assert.notEqual(order[0], first, `seed ${seed}`);
      assert.deepEqual([...order].sort(), [...PAPERS].sort());
    }
  });

  it('picks the first paper not yet shown', () => {
    assert.equal(nextInCycle(['a', 'b', 'c'], new Set(['a', 'c'])), 'b');
    assert.equal(nextInCycle(['a'], new Set(['a'])), undefined);
  });
});

describe('slot claims in SQLite', () => {
  let dataDir: string;
  let db: Db;
  let seeds: number;

  beforeEach(() => {
    dataDir = tempDir('potd-rotation-');
    db = open();
    seeds = 0;
  });
  afterEach(() => {
    db.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  function open(): Db {
    const opened = openDatabase(dataDir);
    preparePotdTables(opened);
    return opened;
  }

  function claim(day: number, overrides: Partial<ClaimRequest> = {}) {
    const slotAt = new Date(FIRST_SLOT + day * DAY_MS);
    return claimSlot(db, {
      guildId: 'g1',
      slotAt,
      schedule: DAILY,
      papers: PAPERS,
      maxAttempts: 3,
      now: slotAt,
      seeds: () => 1000 + seeds++,
      ...overrides,
    });
  }

  function claimed(result: ReturnType<typeof claimSlot>): SlotPost {
    assert.ok('claimed' in result, 'skipped' in result ? result.skipped : '');
    return result.claimed;
  }

  /** Claims and sends `count` daily slots from `fromDay`, returning the papers in order. */
  function postDays(fromDay: number, count: number, guildId = 'g1'): string[] {
    return Array.from({ length: count }, (_, i) => {
      const post = claimed(claim(fromDay + i, { guildId }));
      recordSent(db, post, 'channel', post.slotAt);
      return post.paper;
    });
  }

  it('goes through all papers before any repeats, never twice in a row, in a different order each cycle', () => {
    const papers = postDays(0, 40);
    const cycles = [0, 10, 20, 30].map((start) => papers.slice(start, start + 10));
    for (const cycle of cycles) assert.deepEqual([...cycle].sort(), [...PAPERS].sort());
    for (let i = 1; i < papers.length; i++) assert.notEqual(papers[i], papers[i - 1], `day ${i}`);
    for (const cycle of cycles) assert.notDeepEqual(cycle, PAPERS, 'not simply 1..10');
    assert.equal(new Set(cycles.map((cycle) => cycle.join())).size, cycles.length, 'no two cycles alike');
    assert.deepEqual(
      slotPosts(db, 'g1')
        .slice(0, 10)
        .map((post) => post.paper),
      cycleOrder(PAPERS, 1000),
      'the first cycle is the order its stored seed gives',
    );
  });

  it('keeps the rotation per guild', () => {
    postDays(0, 3);
    assert.deepEqual(postDays(0, 10, 'g2').sort(), [...PAPERS].sort(), 'g2 has a full cycle of its own');
    assert.equal(slotPosts(db, 'g1').length, 3);
  });

  it('resumes after a restart without repeating or skipping, and never claims a slot twice', () => {
    const before = postDays(0, 4);
    db.close();
    db = open();
    assert.deepEqual(claim(3), { skipped: 'already posted' });
    const after = postDays(4, 6);
    assert.deepEqual([...before, ...after].sort(), [...PAPERS].sort());
  });

  it('retries a failed send of the same slot with the same paper, up to the attempt limit', () => {
    const first = claimed(claim(0));
    recordFailed(db, first, 'channel', 'Missing Permissions');
    const second = claimed(claim(0));
    assert.equal(second.paper, first.paper);
    assert.equal(second.attempts, 2);
    recordFailed(db, second, 'channel', 'Missing Permissions');
    recordFailed(db, claimed(claim(0)), 'channel', 'Missing Permissions');
    assert.deepEqual(claim(0), { skipped: 'gave up after 3 failed attempts' });
  });

  it('offers a paper whose slot never got posted again on the next slot', () => {
    const failed = claimed(claim(0));
    recordFailed(db, failed, 'channel', 'timeout');
    assert.equal(
      peekNextPaper(db, 'g1', PAPERS, () => 0),
      failed.paper,
    );
    assert.equal(claimed(claim(1)).paper, failed.paper);
    assert.deepEqual(claim(0), { skipped: 'a later slot was already posted' });
  });

  it('never hands out a slot whose send was started and not confirmed (a crash mid-send)', () => {
    const inFlight = claimed(claim(0));
    assert.deepEqual(claim(0), { skipped: 'claimed by a send that has not been confirmed' });
    assert.notEqual(claimed(claim(1)).paper, inFlight.paper, 'counted as shown in the rotation');
  });

  it('does not post again the same day after the schedule changed', () => {
    postDays(0, 1);
    const later = { cron: '0 18 * * *', timeZone: 'UTC' };
    const evening = new Date(FIRST_SLOT + 9 * 60 * 60 * 1000);
    assert.deepEqual(claim(0, { schedule: later, slotAt: evening, now: evening }), {
      skipped: 'already posted today under the previous schedule',
    });
    claimed(claim(1, { schedule: later, slotAt: new Date(evening.getTime() + DAY_MS) }));
  });

  it('peeks at the next paper without writing anything, and the next claim posts that paper', () => {
    const bySeed = (_guild: string, cycle: number) => 1000 + cycle;
    const peeked = peekNextPaper(db, 'g1', PAPERS, bySeed);
    assert.equal(db.prepare('SELECT COUNT(*) FROM potd_cycles').pluck().get(), 0, 'no cycle opened by a peek');
    assert.equal(claimed(claim(0, { seeds: bySeed })).paper, peeked);
    postDays(1, PAPERS.length - 1); // the rest of the cycle: the next peek looks into a cycle not opened yet
    const nextCycleFirst = peekNextPaper(db, 'g1', PAPERS, bySeed);
    assert.equal(db.prepare('SELECT COUNT(*) FROM potd_cycles').pluck().get(), 1);
    assert.equal(claimed(claim(PAPERS.length, { seeds: bySeed })).paper, nextCycleFirst);
  });
});
