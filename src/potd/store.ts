/**
 * Paper-of-the-day state in the shared SQLite file: per-guild settings, rotation cycles and one row per
 * scheduled slot. Several shard processes use the file at once, so every decision that must happen once
 * (claiming a slot, opening a cycle) is made inside an IMMEDIATE transaction, which takes SQLite's write
 * lock before reading and so serialises the deciders across processes. The connection never waits for that
 * lock: a write meeting another process's lock throws SQLITE_BUSY at once (see RETRY.databaseLock) and the
 * scheduler tries again later. What is only read (known guilds, a cycle with papers left) takes no write lock.
 */
import { paperKey } from '../corpus/paper-ref.ts';
import { migrate, type Db } from '../storage/database.ts';
import type { Language } from '../types.ts';
import { cycleOrder, nextInCycle, type CycleSeeds } from './rotation.ts';
import { isSameLocalDay, scheduleKey, type Schedule } from './schedule.ts';

const SCHEMA = `
CREATE TABLE potd_guilds (
  guild_id TEXT PRIMARY KEY,
  channel_id TEXT,             -- NULL: the default channel (POTD_CHANNEL_ID, for the guild that owns it)
  cron TEXT,                   -- NULL: POTD_CRON
  time_zone TEXT,              -- NULL: POTD_TZ
  enabled INTEGER,             -- NULL: enabled
  active_since TEXT NOT NULL,  -- slots before this instant are never caught up
  updated_at TEXT NOT NULL
);
CREATE TABLE potd_cycles (
  guild_id TEXT NOT NULL,
  cycle INTEGER NOT NULL,
  seed INTEGER NOT NULL,       -- the cycle's order is cycleOrder(papers, seed, avoid_first)
  avoid_first TEXT,            -- the paper that ended the previous cycle
  started_at TEXT NOT NULL,
  PRIMARY KEY (guild_id, cycle)
);
CREATE TABLE potd_posts (
  guild_id TEXT NOT NULL,
  slot_at TEXT NOT NULL,       -- the scheduled instant, ISO 8601 UTC
  schedule TEXT NOT NULL,      -- "cron|zone" the slot came from
  cycle INTEGER NOT NULL,
  paper TEXT NOT NULL,         -- paperKey (corpus/paper-ref.ts); "digest#section" before potd-3
  status TEXT NOT NULL CHECK (status IN ('claimed', 'sent', 'failed')),
  attempts INTEGER NOT NULL,
  claimed_at TEXT NOT NULL,
  channel_id TEXT,
  sent_at TEXT,
  error TEXT,
  PRIMARY KEY (guild_id, slot_at)
);
CREATE INDEX potd_posts_by_cycle ON potd_posts (guild_id, cycle);
`;

/** The language a guild's posts are written in; added after the first release, hence its own migration. */
const LANGUAGE_COLUMN = `
ALTER TABLE potd_guilds ADD COLUMN language TEXT;  -- NULL: the default language (zh)
`;

/** Creates the tables, and the columns added since, once per database file. */
export function preparePotdTables(db: Db): void {
  migrate(db, 'potd-1', SCHEMA);
  migrate(db, 'potd-2-language', LANGUAGE_COLUMN);
  migrate(db, 'potd-3-paper-key', toPaperKeys);
}

/** Papers were stored as "digest#section" before one paper key served everywhere: rewritten as paperKey. */
function toPaperKeys(db: Db): void {
  const oldKey = /^(.*)#(\d+)$/su;
  const rewrite = (key: string) => {
    const match = oldKey.exec(key);
    return match ? paperKey({ digest: match[1]!, section: Number(match[2]) }) : key;
  };
  const posts = db.prepare<[], { rowid: number; paper: string }>('SELECT rowid, paper FROM potd_posts').all();
  const updatePost = db.prepare('UPDATE potd_posts SET paper = ? WHERE rowid = ?');
  for (const post of posts) updatePost.run(rewrite(post.paper), post.rowid);
  const cycles = db
    .prepare<[], { rowid: number; avoid_first: string }>('SELECT rowid, avoid_first FROM potd_cycles WHERE avoid_first IS NOT NULL')
    .all();
  const updateCycle = db.prepare('UPDATE potd_cycles SET avoid_first = ? WHERE rowid = ?');
  for (const cycle of cycles) updateCycle.run(rewrite(cycle.avoid_first), cycle.rowid);
}

/** What a guild has set; an absent field falls back to the environment default. */
export interface GuildOverrides {
  channelId?: string;
  cron?: string;
  timeZone?: string;
  enabled?: boolean;
  /** The language of the guild's posts. */
  language?: Language;
}

export interface GuildRecord extends GuildOverrides {
  /** Slots before this instant are not caught up: the guild was not scheduled (or differently) then. */
  activeSince: Date;
}

interface GuildRow {
  guild_id: string;
  channel_id: string | null;
  cron: string | null;
  time_zone: string | null;
  enabled: number | null;
  language: string | null;
  active_since: string;
}

/** A guild's stored record; undefined for a guild not tracked yet. Only reads. */
export function readGuild(db: Db, guildId: string): GuildRecord | undefined {
  const row = db.prepare<[string], GuildRow>('SELECT * FROM potd_guilds WHERE guild_id = ?').get(guildId);
  return row && toRecord(row);
}

/** The records of `guildIds`, starting to track (active from `now`) those seen for the first time. */
export function trackGuilds(db: Db, guildIds: readonly string[], now: Date): Map<string, GuildRecord> {
  const select = db.prepare<[string], GuildRow>('SELECT * FROM potd_guilds WHERE guild_id = ?');
  const read = () => {
    const records = new Map<string, GuildRecord>();
    for (const guildId of guildIds) {
      const row = select.get(guildId);
      if (row) records.set(guildId, toRecord(row));
    }
    return records;
  };
  // Known guilds are only read, which another process's write lock does not block.
  const known = db.transaction(read)();
  if (known.size === guildIds.length) return known;
  const insert = db.prepare('INSERT OR IGNORE INTO potd_guilds (guild_id, active_since, updated_at) VALUES (?, ?, ?)');
  return db.transaction(() => {
    for (const guildId of guildIds) if (!known.has(guildId)) insert.run(guildId, now.toISOString(), now.toISOString());
    return read();
  })();
}

export function writeGuild(db: Db, guildId: string, record: GuildRecord, now: Date): void {
  db.prepare(
    `INSERT INTO potd_guilds (guild_id, channel_id, cron, time_zone, enabled, language, active_since, updated_at)
     VALUES (@guildId, @channelId, @cron, @timeZone, @enabled, @language, @activeSince, @now)
     ON CONFLICT (guild_id) DO UPDATE SET channel_id = @channelId, cron = @cron, time_zone = @timeZone,
       enabled = @enabled, language = @language, active_since = @activeSince, updated_at = @now`,
  ).run({
    guildId,
    channelId: record.channelId ?? null,
    cron: record.cron ?? null,
    timeZone: record.timeZone ?? null,
    enabled: record.enabled === undefined ? null : Number(record.enabled),
    language: record.language ?? null,
    activeSince: record.activeSince.toISOString(),
    now: now.toISOString(),
  });
}

function toRecord(row: GuildRow): GuildRecord {
  return {
    channelId: row.channel_id ?? undefined,
    cron: row.cron ?? undefined,
    timeZone: row.time_zone ?? undefined,
    enabled: row.enabled === null ? undefined : row.enabled === 1,
    // A value this version does not know (written by a newer one) reads as the default.
    language: row.language === 'zh' || row.language === 'en' ? row.language : undefined,
    activeSince: new Date(row.active_since),
  };
}

export type PostStatus = 'claimed' | 'sent' | 'failed';

/** One scheduled slot of one guild as stored. */
export interface SlotPost {
  guildId: string;
  slotAt: Date;
  schedule: string;
  cycle: number;
  paper: string;
  status: PostStatus;
  attempts: number;
}

interface PostRow {
  guild_id: string;
  slot_at: string;
  schedule: string;
  cycle: number;
  paper: string;
  status: PostStatus;
  attempts: number;
}

function toPost(row: PostRow): SlotPost {
  return {
    guildId: row.guild_id,
    slotAt: new Date(row.slot_at),
    schedule: row.schedule,
    cycle: row.cycle,
    paper: row.paper,
    status: row.status,
    attempts: row.attempts,
  };
}

/** Posts a guild has shown or may have shown ('claimed' means a send was started and never confirmed). */
const SHOWN = `status IN ('claimed', 'sent')`;

/** The guild's most recent slot whose paper was (or may have been) shown. */
export function lastShownPost(db: Db, guildId: string): SlotPost | undefined {
  const row = db.prepare<[string], PostRow>(`SELECT * FROM potd_posts WHERE guild_id = ? AND ${SHOWN} ORDER BY slot_at DESC LIMIT 1`).get(guildId);
  return row && toPost(row);
}

/** Every stored slot of a guild, oldest first (for inspection and tests). */
export function slotPosts(db: Db, guildId: string): SlotPost[] {
  return db.prepare<[string], PostRow>('SELECT * FROM potd_posts WHERE guild_id = ? ORDER BY slot_at').all(guildId).map(toPost);
}

export interface ClaimRequest {
  guildId: string;
  slotAt: Date;
  schedule: Schedule;
  /** paperKey of every paper, in corpus order. */
  papers: readonly string[];
  /** A failed send is retried until this many attempts in all. */
  maxAttempts: number;
  now: Date;
  seeds: CycleSeeds;
}

export type ClaimResult = { claimed: SlotPost } | { skipped: string };

/**
 * Atomically decides whether this process posts `slotAt` for the guild, and with which paper.
 * Exactly one caller across all processes gets `claimed` for a slot; a slot whose send failed can be
 * claimed again (same paper) until `maxAttempts`. A slot left 'claimed' is never handed out again:
 * its process may have died after Discord accepted the message, and a missed day is better than a double post.
 */
export function claimSlot(db: Db, request: ClaimRequest): ClaimResult {
  const { guildId, slotAt, schedule, now } = request;
  return db
    .transaction((): ClaimResult => {
      const existing = db
        .prepare<[string, string], PostRow>('SELECT * FROM potd_posts WHERE guild_id = ? AND slot_at = ?')
        .get(guildId, slotAt.toISOString());
      if (existing?.status === 'sent') return { skipped: 'already posted' };
      if (existing?.status === 'claimed') return { skipped: 'claimed by a send that has not been confirmed' };
      if (existing && existing.attempts >= request.maxAttempts) {
        return { skipped: `gave up after ${existing.attempts} failed attempts` };
      }

      const last = lastShownPost(db, guildId);
      if (last && last.slotAt > slotAt) return { skipped: 'a later slot was already posted' };
      if (!existing && last && last.schedule !== scheduleKey(schedule) && isSameLocalDay(last.slotAt, slotAt, schedule.timeZone)) {
        return { skipped: 'already posted today under the previous schedule' };
      }

      if (existing) {
        db.prepare(
          `UPDATE potd_posts SET status = 'claimed', attempts = attempts + 1, claimed_at = ?, error = NULL
         WHERE guild_id = ? AND slot_at = ?`,
        ).run(now.toISOString(), guildId, existing.slot_at);
        return { claimed: { ...toPost(existing), status: 'claimed', attempts: existing.attempts + 1 } };
      }

      const { cycle, paper } = nextPaperInTransaction(db, guildId, request.papers, now, request.seeds);
      const post: SlotPost = { guildId, slotAt, schedule: scheduleKey(schedule), cycle, paper, status: 'claimed', attempts: 1 };
      db.prepare(
        `INSERT INTO potd_posts (guild_id, slot_at, schedule, cycle, paper, status, attempts, claimed_at)
       VALUES (?, ?, ?, ?, ?, 'claimed', 1, ?)`,
      ).run(guildId, slotAt.toISOString(), post.schedule, cycle, paper, now.toISOString());
      return { claimed: post };
    })
    .immediate();
}

export function recordSent(db: Db, post: SlotPost, channelId: string, now: Date): void {
  db.prepare(`UPDATE potd_posts SET status = 'sent', channel_id = ?, sent_at = ?, error = NULL WHERE guild_id = ? AND slot_at = ?`).run(
    channelId,
    now.toISOString(),
    post.guildId,
    post.slotAt.toISOString(),
  );
}

/** Marks a send that certainly did not post, so the slot may be claimed again. */
export function recordFailed(db: Db, post: SlotPost, channelId: string, error: string): void {
  db.prepare(`UPDATE potd_posts SET status = 'failed', channel_id = ?, error = ? WHERE guild_id = ? AND slot_at = ?`).run(
    channelId,
    error,
    post.guildId,
    post.slotAt.toISOString(),
  );
}

/**
 * The paper the guild's next claimed slot will show. Only reads (so another process's write lock does not block it):
 * when the current cycle is complete, the next one's first paper follows from its seed, which claimSlot will use.
 */
export function peekNextPaper(db: Db, guildId: string, papers: readonly string[], seeds: CycleSeeds): string {
  return db.transaction(() => nextInCurrentCycle(db, guildId, papers)?.paper ?? nextCycle(db, guildId, papers, seeds).first)();
}

interface CycleRow {
  cycle: number;
  seed: number;
  avoid_first: string | null;
}

function currentCycle(db: Db, guildId: string): CycleRow | undefined {
  return db
    .prepare<[string], CycleRow>('SELECT cycle, seed, avoid_first FROM potd_cycles WHERE guild_id = ? ORDER BY cycle DESC LIMIT 1')
    .get(guildId);
}

/** The next paper of the guild's current cycle; undefined when it has none left (or there is no cycle yet). */
function nextInCurrentCycle(db: Db, guildId: string, papers: readonly string[]): { cycle: number; paper: string } | undefined {
  const current = currentCycle(db, guildId);
  if (!current) return undefined;
  const paper = nextInCycle(cycleOrder(papers, current.seed, current.avoid_first ?? undefined), shownInCycle(db, guildId, current.cycle));
  return paper ? { cycle: current.cycle, paper } : undefined;
}

/** Must run inside an IMMEDIATE transaction: it may open a new cycle, which has to happen only once. */
function nextPaperInTransaction(db: Db, guildId: string, papers: readonly string[], now: Date, seeds: CycleSeeds): { cycle: number; paper: string } {
  const inCycle = nextInCurrentCycle(db, guildId, papers);
  if (inCycle) return inCycle;
  const opened = nextCycle(db, guildId, papers, seeds);
  db.prepare('INSERT INTO potd_cycles (guild_id, cycle, seed, avoid_first, started_at) VALUES (?, ?, ?, ?, ?)').run(
    guildId,
    opened.cycle,
    opened.seed,
    opened.avoidFirst ?? null,
    now.toISOString(),
  );
  return { cycle: opened.cycle, paper: opened.first };
}

/** The cycle that opens once the current one is complete: its number, seed, the paper it avoids first, and its first. */
function nextCycle(db: Db, guildId: string, papers: readonly string[], seeds: CycleSeeds) {
  const previous = currentCycle(db, guildId);
  const avoidFirst = previous && lastShownPost(db, guildId)?.paper;
  const cycle = (previous?.cycle ?? 0) + 1;
  const seed = seeds(guildId, cycle) >>> 0;
  const first = cycleOrder(papers, seed, avoidFirst)[0];
  if (first === undefined) throw new Error('the paper of the day needs at least one paper');
  return { cycle, seed, avoidFirst, first };
}

function shownInCycle(db: Db, guildId: string, cycle: number): Set<string> {
  const rows = db
    .prepare<[string, number], { paper: string }>(`SELECT paper FROM potd_posts WHERE guild_id = ? AND cycle = ? AND ${SHOWN}`)
    .all(guildId, cycle);
  return new Set(rows.map((row) => row.paper));
}
