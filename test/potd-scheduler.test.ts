import assert from 'node:assert/strict';
import { buildPotdEmbed } from '../src/discord/format/potd.ts';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { setLogLevel } from '../src/log.ts';
import { paperKey } from '../src/corpus/paper-ref.ts';
import { PotdConfigError } from '../src/potd/schedule.ts';
import { PotdScheduler, type PotdSchedulerOptions, type PotdTimers } from '../src/potd/scheduler.ts';
import { claimSlot, preparePotdTables, slotPosts } from '../src/potd/store.ts';
import { openDatabase, type Db } from '../src/storage/database.ts';
import type { PaperProfile } from '../src/types.ts';
import { afterWaits } from '../src/util/retry.ts';
import { tempDir } from './support/core.ts';
import { everySlotOn } from './support/potd-time.ts';

const PAPERS: PaperProfile[] = Array.from({ length: 10 }, (_, i) => ({
  digest: 'ten-papers',
  section: i + 1,
  heading: `论文 ${i + 1}`,
  titleEn: `Paper ${i + 1}`,
  aliases: [],
  links: [],
  tags: { en: [], zh: [] },
  discusses: [],
  arxivUrl: `https://arxiv.org/abs/2301.0000${i}`,
  summary: `第 ${i + 1} 篇论文的摘要。`,
  keyPoints: ['要点一', '要点二'],
  exampleQuestion: `论文 ${i + 1} 讲了什么?`,
}));

/** The same papers with an English rendering, as a digest with a translation has them. */
const PAPERS_EN: PaperProfile[] = PAPERS.map((paper) => ({
  ...paper,
  en: {
    title: `Paper ${paper.section} in English`,
    summary: `The summary of paper ${paper.section}.`,
    keyPoints: ['Key point one'],
    exampleQuestion: `What is paper ${paper.section} about?`,
  },
}));

/** A clock and timers that only move when the test says so. */
class FakeTime {
  private nowMs: number;
  private pending: { id: number; at: number; callback: () => Promise<void> }[] = [];
  private lastId = 0;

  constructor(start: string) {
    this.nowMs = Date.parse(start);
  }

  readonly clock = { now: () => new Date(this.nowMs) };

  readonly timers: PotdTimers = {
    set: (callback, delayMs) => {
      const id = ++this.lastId;
      this.pending.push({ id, at: this.nowMs + delayMs, callback });
      return id;
    },
    clear: (handle) => {
      this.pending = this.pending.filter((timer) => timer.id !== handle);
    },
    everySlot: (schedule, onSlot) => everySlotOn(this.clock, this.timers)(schedule, onSlot),
  };

  /** Moves the clock to `iso`, running on the way every timer that falls due, in order. */
  async advanceTo(iso: string): Promise<void> {
    const target = Date.parse(iso);
    for (;;) {
      const due = this.pending.filter((timer) => timer.at <= target).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.pending = this.pending.filter((timer) => timer !== due);
      this.nowMs = Math.max(this.nowMs, due.at);
      await due.callback();
    }
    this.nowMs = target;
  }

  /** Moves the clock without running anything, as while the process is down. */
  jumpTo(iso: string): void {
    this.nowMs = Date.parse(iso);
  }
}

interface Sent {
  guildId: string;
  channelId: string;
  section: number;
  at: string;
  language?: string;
  title?: string;
}

setLogLevel('error'); // failed sends are expected here and logged as warnings

describe('PotdScheduler', () => {
  let dataDir: string;
  let db: Db;
  let time: FakeTime;
  let sent: Sent[];
  let scheduler: PotdScheduler | undefined;

  beforeEach(() => {
    dataDir = tempDir('potd-scheduler-');
    db = openDatabase(dataDir);
    sent = [];
  });
  afterEach(async () => {
    await scheduler?.stop();
    scheduler = undefined;
    db.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  /** A scheduler for guild g1 posting at 09:00 Shanghai time (01:00 UTC) to the env channel. */
  function create(options: Partial<PotdSchedulerOptions> = {}): PotdScheduler {
    scheduler = new PotdScheduler({
      db,
      papers: PAPERS,
      defaults: { cron: '0 9 * * *', timeZone: 'Asia/Shanghai' },
      guilds: () => ['g1'],
      resolveDefaultChannel: () => 'env-channel',
      send: async (post) => {
        const { guildId, channelId } = post;
        const at = time.clock.now().toISOString();
        sent.push({
          guildId,
          channelId,
          section: post.paper.section,
          at,
          language: post.language,
          title: buildPotdEmbed(post.paper, post.slotAt, post.language).title,
        });
      },
      clock: time.clock,
      timers: time.timers,
      ...options,
    });
    return scheduler;
  }

  /** Starts a scheduler with the clock at `iso`. */
  function startAt(iso: string, options: Partial<PotdSchedulerOptions> = {}): Promise<void> {
    time = new FakeTime(iso);
    return create(options).start();
  }

  /** Simulates a process restart: the old scheduler and connection go, a new pair opens the same file. */
  function restart(at: string, options: Partial<PotdSchedulerOptions> = {}): Promise<void> {
    void scheduler?.stop(); // the process goes away: nothing waits for what it was doing
    db.close();
    time.jumpTo(at);
    db = openDatabase(dataDir);
    return create(options).start();
  }

  /** Another connection takes the file's write lock, as another process would; the scheduler's own never waits. */
  function lockDatabase(): { release(): void } {
    const other = new Database(path.join(dataDir, 'paperbot.sqlite'));
    other.exec('BEGIN EXCLUSIVE');
    return {
      release: () => {
        other.exec('COMMIT');
        other.close();
      },
    };
  }

  const sections = () => sent.map((post) => post.section);
  const postTimes = () => sent.map((post) => post.at);

  it('posts once a day at 09:00 in the configured zone, all ten papers before any repeat', async () => {
    await startAt('2023-05-01T00:30:00Z');
    assert.equal(sent.length, 0, 'nothing before the first slot');
    await time.advanceTo('2023-05-10T12:00:00Z');
    assert.deepEqual(
      postTimes(),
      Array.from({ length: 10 }, (_, day) => `2023-05-${String(day + 1).padStart(2, '0')}T01:00:00.000Z`),
    );
    assert.deepEqual(
      [...sections()].sort((a, b) => a - b),
      PAPERS.map((paper) => paper.section),
    );
    assert.notDeepEqual(
      sections(),
      PAPERS.map((paper) => paper.section),
      'shuffled, not 1..10',
    );
    assert.ok(sent.every((post) => post.channelId === 'env-channel' && post.guildId === 'g1'));
  });

  it("draws each guild's posts from its own scope: the global papers and its own digests', never another guild's", async () => {
    const own: PaperProfile[] = [1, 2].map((section) => ({ ...PAPERS[0]!, digest: 'g1-notes', section, heading: `g1 的论文 ${section}` }));
    const posted: { guildId: string; digest: string }[] = [];
    await startAt('2023-05-01T00:30:00Z', {
      guilds: () => ['g1', 'g2'],
      papers: (guildId) => (guildId === 'g1' ? [...PAPERS, ...own] : PAPERS),
      send: async (post) => void posted.push({ guildId: post.guildId, digest: post.paper.digest }),
    });
    await time.advanceTo('2023-05-12T12:00:00Z');
    const digests = (guildId: string) => posted.filter((post) => post.guildId === guildId).map((post) => post.digest);
    assert.equal(digests('g1').length, 12);
    assert.equal(digests('g1').filter((digest) => digest === 'g1-notes').length, 2, 'a whole cycle of g1 holds its own two papers');
    assert.equal(digests('g2').length, 12);
    assert.ok(!digests('g2').includes('g1-notes'));
  });

  it('neither repeats nor skips nor posts a slot twice across restarts', async () => {
    await startAt('2023-05-01T00:30:00Z');
    await time.advanceTo('2023-05-03T02:00:00Z');
    assert.equal(sent.length, 3);
    await restart('2023-05-03T02:00:01Z'); // same day, slot already posted
    assert.equal(sent.length, 3, 'no second post for the same slot');
    await time.advanceTo('2023-05-06T02:00:00Z');
    await restart('2023-05-06T02:00:01Z');
    await time.advanceTo('2023-05-10T02:00:00Z');
    assert.equal(sent.length, 10);
    assert.equal(new Set(sections()).size, 10, 'the whole cycle, no repeat');
  });

  it('after a short downtime posts the missed slot once, later the same local day', async () => {
    await startAt('2023-05-01T00:30:00Z');
    await time.advanceTo('2023-05-01T02:00:00Z');
    await scheduler!.stop();
    await restart('2023-05-02T03:00:00Z'); // 11:00 in Shanghai, the 09:00 slot was missed
    assert.deepEqual(postTimes(), ['2023-05-01T01:00:00.000Z', '2023-05-02T03:00:00.000Z']);
    await restart('2023-05-02T05:00:00Z');
    await time.advanceTo('2023-05-02T12:00:00Z');
    assert.equal(sent.length, 2, 'caught up once, not again');
    await time.advanceTo('2023-05-03T01:00:00Z');
    assert.equal(sent.length, 3);
    assert.notEqual(sent[2]!.section, sent[1]!.section);
  });

  it('after downtime past the local day waits for the next slot instead of posting late', async () => {
    await startAt('2023-05-01T00:30:00Z');
    await time.advanceTo('2023-05-01T02:00:00Z');
    // Down from before the 2 May slot until 00:30 on 3 May in Shanghai (16:30 UTC on 2 May).
    await restart('2023-05-02T16:30:00Z');
    assert.equal(sent.length, 1, 'the 2 May slot is over');
    await time.advanceTo('2023-05-03T00:59:59Z');
    assert.equal(sent.length, 1);
    await time.advanceTo('2023-05-03T01:00:00Z');
    assert.deepEqual(postTimes(), ['2023-05-01T01:00:00.000Z', '2023-05-03T01:00:00.000Z']);
  });

  it('does not post a slot that passed before the guild was first scheduled', async () => {
    await startAt('2023-05-01T03:00:00Z');
    assert.equal(sent.length, 0);
    await time.advanceTo('2023-05-02T01:00:00Z');
    assert.equal(sent.length, 1);
  });

  it('lets each guild override the defaults, and uses the env channel only for the guild that owns it', async () => {
    const options = {
      defaults: { cron: '0 9 * * *', timeZone: 'UTC' },
      guilds: () => ['owner', 'custom', 'silent'],
      resolveDefaultChannel: (guildId: string) => (guildId === 'owner' ? 'env-channel' : undefined),
    };
    await startAt('2023-05-01T00:00:00Z', options);
    const custom = await scheduler!.updateSettings('custom', { channelId: 'custom-channel', schedule: '18:30', timeZone: 'europe/berlin' });
    assert.deepEqual(
      { cron: custom.cron, timeZone: custom.timeZone, channelId: custom.channelId, enabled: custom.enabled },
      { cron: '30 18 * * *', timeZone: 'Europe/Berlin', channelId: 'custom-channel', enabled: true },
    );
    await time.advanceTo('2023-05-01T23:00:00Z');
    assert.deepEqual(
      sent.map(({ guildId, channelId, at }) => ({ guildId, channelId, at })),
      [
        { guildId: 'owner', channelId: 'env-channel', at: '2023-05-01T09:00:00.000Z' },
        { guildId: 'custom', channelId: 'custom-channel', at: '2023-05-01T16:30:00.000Z' }, // 18:30 CEST
      ],
    );
    assert.equal(scheduler!.settings('silent').channelId, undefined);

    // Settings live in SQLite, so a restarted process keeps them.
    await restart('2023-05-02T00:00:00Z', options);
    assert.equal(scheduler!.settings('custom').cron, '30 18 * * *');
    await scheduler!.updateSettings('custom', { schedule: null, timeZone: null });
    assert.deepEqual(scheduler!.settings('custom').overrides, { channelId: 'custom-channel' });
  });

  it("posts in each guild's language, Chinese by default, kept across restarts", async () => {
    const options = { papers: PAPERS_EN, guilds: () => ['g1', 'g2'] };
    await startAt('2023-05-01T00:00:00Z', options);
    assert.equal(scheduler!.settings('g1').language, 'zh', 'Chinese unless a guild chooses otherwise');
    const before = scheduler!.settings('g1').activeSince;
    const updated = await scheduler!.updateSettings('g1', { language: 'en' });
    assert.equal(updated.language, 'en');
    assert.deepEqual(scheduler!.settings('g1').overrides, { language: 'en' });
    assert.equal(scheduler!.settings('g1').activeSince.getTime(), before.getTime(), 'a new language is not a new schedule');
    assert.equal(scheduler!.settings('g2').language, 'zh', 'other guilds keep theirs');

    await time.advanceTo('2023-05-01T02:00:00Z');
    const byGuild = new Map(sent.map((post) => [post.guildId, post]));
    assert.equal(byGuild.get('g1')!.language, 'en');
    assert.match(byGuild.get('g1')!.title!, /^§\d+ Paper \d+ in English$/u);
    assert.equal(byGuild.get('g2')!.language, 'zh');
    assert.match(byGuild.get('g2')!.title!, /^§\d+ 论文 \d+$/u);

    await restart('2023-05-01T03:00:00Z', options);
    assert.equal(scheduler!.settings('g1').language, 'en');
    assert.equal((await scheduler!.postNow('g1')).language, 'en');
    await scheduler!.updateSettings('g1', { language: null });
    assert.equal(scheduler!.settings('g1').language, 'zh');
    assert.deepEqual(scheduler!.settings('g1').overrides, {});

    await assert.rejects(scheduler!.updateSettings('g1', { language: 'fr' as 'en' }), (error: Error) => {
      assert.ok(error instanceof PotdConfigError);
      assert.match(error.message, /choose zh \(Chinese\) or en \(English\)/u);
      assert.equal(error.say('zh'), '我不能用「fr」发布：请选择 zh（中文）或 en（英文）。');
      return true;
    });
    assert.deepEqual(scheduler!.settings('g1').overrides, {});
    await scheduler!.stop();
    assert.equal(create({ ...options, defaults: { cron: '0 9 * * *', timeZone: 'UTC', language: 'en' } }).settings('g2').language, 'en');
  });

  it('adds the language setting to a database written before it existed, keeping the stored settings', async () => {
    // The tables as the previous version left them: no language column, and its migration not yet applied.
    preparePotdTables(db);
    db.exec(`ALTER TABLE potd_guilds DROP COLUMN language`);
    db.prepare(`DELETE FROM schema_migrations WHERE name LIKE 'potd-%' AND name <> 'potd-1'`).run();
    db.prepare(`INSERT INTO potd_guilds (guild_id, cron, active_since, updated_at) VALUES ('g1', '30 9 * * *', ?, ?)`).run(
      '2023-04-01T00:00:00.000Z',
      '2023-04-01T00:00:00.000Z',
    );
    await startAt('2023-05-01T00:00:00Z');
    assert.deepEqual({ cron: scheduler!.settings('g1').cron, language: scheduler!.settings('g1').language }, { cron: '30 9 * * *', language: 'zh' });
    await scheduler!.updateSettings('g1', { language: 'en' });
    assert.deepEqual(scheduler!.settings('g1').overrides, { cron: '30 9 * * *', language: 'en' });
  });

  it('rejects an invalid time or zone with a clear message and stores nothing', async () => {
    await startAt('2023-05-01T00:00:00Z');
    await assert.rejects(scheduler!.updateSettings('g1', { schedule: '25:00' }), (error: Error) => {
      assert.ok(error instanceof PotdConfigError);
      assert.match(error.message, /hours go from 0 to 23/);
      return true;
    });
    await assert.rejects(scheduler!.updateSettings('g1', { timeZone: 'Nowhere/City' }), /not a time zone I know/);
    assert.deepEqual(scheduler!.settings('g1').overrides, {});
    assert.throws(() => create({ defaults: { cron: 'soon', timeZone: 'UTC' } }), /POTD_CRON \/ POTD_TZ: "soon" is not a valid schedule/);
  });

  it('stops while disabled and, re-enabled after the slot, waits for the next one', async () => {
    await startAt('2023-05-01T00:00:00Z');
    await scheduler!.updateSettings('g1', { enabled: false });
    await time.advanceTo('2023-05-02T02:00:00Z');
    assert.equal(sent.length, 0);
    await scheduler!.updateSettings('g1', { enabled: true });
    assert.equal(sent.length, 0, 'the slot missed while disabled is not caught up');
    await time.advanceTo('2023-05-03T01:00:00Z');
    assert.equal(sent.length, 1);
  });

  it('picks up a guild that joins later at the next slot of its schedule', async () => {
    const guilds = ['g1'];
    await startAt('2023-05-01T00:00:00Z', { guilds: () => guilds });
    await time.advanceTo('2023-05-01T02:00:00Z');
    guilds.push('g2');
    await time.advanceTo('2023-05-02T02:00:00Z');
    assert.deepEqual(
      sent.map((post) => post.guildId),
      ['g1', 'g1', 'g2'],
    );
  });

  it('starts a guild that just got a channel at its next slot', async () => {
    await startAt('2023-05-01T00:00:00Z', { resolveDefaultChannel: undefined });
    await time.advanceTo('2023-05-01T02:00:00Z');
    await scheduler!.updateSettings('g1', { channelId: 'new-channel' });
    assert.equal(sent.length, 0, 'the slot passed before there was a channel');
    await time.advanceTo('2023-05-02T01:00:00Z');
    assert.deepEqual(
      sent.map((post) => post.channelId),
      ['new-channel'],
    );
  });

  it('never re-posts a slot whose process died between claiming it and confirming the send', async () => {
    await startAt('2023-05-01T00:00:00Z');
    await scheduler!.stop();
    const slotAt = new Date('2023-05-01T01:00:00Z');
    const schedule = { cron: '0 9 * * *', timeZone: 'Asia/Shanghai' };
    claimSlot(db, { guildId: 'g1', slotAt, schedule, papers: PAPERS.map(paperKey), maxAttempts: 5, now: slotAt, seeds: () => 7 });
    await restart('2023-05-01T03:00:00Z');
    assert.equal(sent.length, 0);
    assert.equal(scheduler!.today('g1').posted, true, "counted as today's paper");
  });

  it("does not post twice in a day when the time is moved later after today's post", async () => {
    await startAt('2023-05-01T00:00:00Z');
    await time.advanceTo('2023-05-01T02:00:00Z');
    await scheduler!.updateSettings('g1', { schedule: '12:00' });
    await time.advanceTo('2023-05-01T15:00:00Z');
    assert.equal(sent.length, 1);
    await time.advanceTo('2023-05-02T04:00:00Z');
    assert.deepEqual(postTimes(), ['2023-05-01T01:00:00.000Z', '2023-05-02T04:00:00.000Z']);
  });

  it('retries a failed send of the slot with the same paper, and records it as sent', async () => {
    let failures = 1;
    const attempts: number[] = [];
    await startAt('2023-05-01T00:30:00Z', {
      sendRetry: afterWaits([60_000]),
      send: async (post) => {
        const { guildId, channelId } = post;
        attempts.push(post.paper.section);
        if (failures-- > 0) throw new Error('503 Service Unavailable');
        sent.push({ guildId, channelId, section: post.paper.section, at: time.clock.now().toISOString() });
      },
    });
    await time.advanceTo('2023-05-01T01:00:30Z');
    assert.equal(sent.length, 0);
    await time.advanceTo('2023-05-01T01:01:00Z');
    assert.deepEqual(postTimes(), ['2023-05-01T01:01:00.000Z']);
    assert.equal(attempts[0], attempts[1]);
    assert.deepEqual(
      slotPosts(db, 'g1').map(({ status, attempts: tries }) => ({ status, tries })),
      [{ status: 'sent', tries: 2 }],
    );
  });

  it('posts a slot that falls in a write lock once the lock clears, in every guild, exactly once', async () => {
    await startAt('2023-05-01T00:30:00Z', { guilds: () => ['g1', 'g2'] });
    const upcoming = scheduler!.today('g1').paper;
    const lock = lockDatabase();
    await time.advanceTo('2023-05-01T01:00:09Z'); // the 09:00 slot, then 9 s of refused claims
    assert.equal(sent.length, 0);
    assert.equal(scheduler!.today('g1').paper, upcoming, '/potd still answers while the file is locked');
    lock.release();
    await time.advanceTo('2023-05-01T01:00:10Z');
    assert.deepEqual(sent.map((post) => post.guildId).sort(), ['g1', 'g2']);
    assert.ok(
      sent.every((post) => post.at <= '2023-05-01T01:00:10.000Z'),
      'within a second of the lock clearing',
    );
    await time.advanceTo('2023-05-01T12:00:00Z');
    assert.equal(sent.length, 2, 'not again');
    assert.deepEqual(
      slotPosts(db, 'g1').map((post) => post.status),
      ['sent'],
    );
    await time.advanceTo('2023-05-02T01:00:00Z');
    assert.equal(sent.length, 4, 'the next day as usual');
  });

  it('gives up on a slot whose local day ends before the lock clears', async () => {
    await startAt('2023-05-01T23:00:00Z', { defaults: { cron: '59 23 * * *', timeZone: 'UTC' } });
    const lock = lockDatabase();
    await time.advanceTo('2023-05-02T00:00:30Z');
    lock.release();
    await time.advanceTo('2023-05-02T12:00:00Z');
    assert.equal(sent.length, 0, 'a day late is not the paper of that day');
    await time.advanceTo('2023-05-02T23:59:00Z');
    assert.deepEqual(postTimes(), ['2023-05-02T23:59:00.000Z']);
  });

  it('records a send whose bookkeeping meets a lock once the lock clears', async () => {
    let lock: { release(): void } | undefined;
    await startAt('2023-05-01T00:30:00Z', {
      send: async (post) => {
        const { guildId, channelId } = post;
        lock = lockDatabase(); // taken while Discord had the message
        sent.push({ guildId, channelId, section: post.paper.section, at: time.clock.now().toISOString() });
      },
    });
    await time.advanceTo('2023-05-01T01:00:05Z');
    assert.equal(sent.length, 1);
    assert.deepEqual(
      slotPosts(db, 'g1').map((post) => post.status),
      ['claimed'],
    );
    lock!.release();
    await time.advanceTo('2023-05-01T01:00:07Z');
    assert.deepEqual(
      slotPosts(db, 'g1').map((post) => post.status),
      ['sent'],
    );
  });

  it('records a failed send that meets a lock before retrying it, so the retry is not lost', async () => {
    let lock: { release(): void } | undefined;
    await startAt('2023-05-01T00:30:00Z', {
      sendRetry: afterWaits([60_000]),
      send: async (post) => {
        const { guildId, channelId } = post;
        if (!lock) {
          lock = lockDatabase();
          throw new Error('503 Service Unavailable');
        }
        sent.push({ guildId, channelId, section: post.paper.section, at: time.clock.now().toISOString() });
      },
    });
    await time.advanceTo('2023-05-01T01:00:10Z');
    lock!.release();
    await time.advanceTo('2023-05-01T01:02:00Z');
    assert.deepEqual(postTimes(), ['2023-05-01T01:01:00.000Z']);
    assert.deepEqual(
      slotPosts(db, 'g1').map(({ status, attempts }) => ({ status, attempts })),
      [{ status: 'sent', attempts: 2 }],
    );
  });

  it('starting on a locked file with a guild it has never seen arms the schedule once the lock clears', async () => {
    preparePotdTables(db);
    const lock = lockDatabase();
    await startAt('2023-05-01T00:30:00Z'); // g1 must be written down first, which the lock refuses
    await time.advanceTo('2023-05-01T00:30:05Z');
    lock.release();
    await time.advanceTo('2023-05-01T02:00:00Z');
    assert.deepEqual(postTimes(), ['2023-05-01T01:00:00.000Z']);
  });

  it("tells today's paper before and after the slot, and posts it on demand without moving the rotation", async () => {
    await startAt('2023-05-01T00:00:00Z');
    const upcoming = scheduler!.today('g1');
    assert.equal(upcoming.posted, false);
    assert.equal(upcoming.slotAt?.toISOString(), '2023-05-01T01:00:00.000Z');

    const manual = await scheduler!.postNow('g1');
    assert.equal(manual.paper.section, upcoming.paper.section);
    assert.equal(manual.channelId, 'env-channel');
    assert.equal(slotPosts(db, 'g1').length, 0, 'no slot claimed');

    await time.advanceTo('2023-05-01T02:00:00Z');
    assert.equal(sent.at(-1)!.section, upcoming.paper.section, 'the slot still posts the paper of the day');
    const posted = scheduler!.today('g1');
    assert.deepEqual({ section: posted.paper.section, posted: posted.posted }, { section: upcoming.paper.section, posted: true });
  });

  it('reads do not write: settings() and today() of a guild never seen store nothing, and today() is what gets posted', async () => {
    await startAt('2023-05-01T00:30:00Z', { guilds: () => ['g1'] });
    const count = (table: string) => db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get();
    const before = { guilds: count('potd_guilds'), cycles: count('potd_cycles') };
    const lock = lockDatabase(); // a write would fail at once
    assert.equal(scheduler!.settings('newcomer').cron, '0 9 * * *');
    const upcoming = scheduler!.today('newcomer');
    assert.equal(upcoming.posted, false);
    lock.release();
    assert.deepEqual({ guilds: count('potd_guilds'), cycles: count('potd_cycles') }, before);
    const upcomingG1 = scheduler!.today('g1').paper;
    await time.advanceTo('2023-05-01T01:00:05Z');
    assert.equal(sent.at(-1)?.section, upcomingG1.section, 'the paper /potd announced is the one posted');
  });

  it('refuses to post now without a channel', async () => {
    await startAt('2023-05-01T00:00:00Z', { resolveDefaultChannel: undefined });
    await assert.rejects(scheduler!.postNow('g1'), (error: Error) => {
      assert.ok(error instanceof PotdConfigError);
      assert.match(error.message, /No channel is set/);
      assert.equal(error.say('zh'), '还没有设置每日论文的频道：请先用 /potd-config channel 选择一个。');
      return true;
    });
  });

  it('posts each slot of a seconds-level cron once, on the real clock and timers', async () => {
    await startAt(new Date().toISOString(), {
      defaults: { cron: '* * * * * *', timeZone: 'UTC' },
      clock: undefined,
      timers: undefined,
      // Recorded at the slot the post was made for, not at the moment of sending.
      send: async (post) => {
        const { guildId, channelId } = post;
        sent.push({ guildId, channelId, section: post.paper.section, at: post.slotAt.toISOString() });
      },
    });
    await new Promise((resolve) => setTimeout(resolve, 2_300));
    await scheduler!.stop();
    const slots = postTimes();
    assert.ok(slots.length >= 1 && slots.length <= 3, `posted ${slots.length} times`);
    assert.equal(new Set(slots).size, slots.length, 'no slot twice');
    assert.ok(
      slots.every((slot) => slot.endsWith('.000Z')),
      'posted for whole-second slots',
    );
    for (let i = 1; i < sent.length; i++) assert.notEqual(sent[i]!.section, sent[i - 1]!.section);
  });
});
