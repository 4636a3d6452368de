/**
 * Posts the paper of the day for the guilds this process holds, without knowing anything about Discord:
 * the caller supplies the guild list and a `send` that delivers a neutral PotdPost (the Discord layer turns it
 * into an embed). All "exactly once" guarantees live in SQLite (see
 * claimSlot), so any number of shard processes can run a scheduler over the same file.
 *
 * When a slot is posted: at its time, or later the same local day (in the guild's zone) if the process was
 * down then — only the latest slot, so downtime never causes a burst — and never for a slot that passed
 * before the guild's current schedule took effect (first seen, schedule changed, or re-enabled).
 *
 * Slots fire through croner (one job per distinct schedule, see runAtSlots). Nothing here waits for the database: a
 * claim (or a send's bookkeeping) that meets another process's write lock fails at once and is tried again on a timer
 * until the lock clears, as long as the slot is still due. Both that and a failed send are retried through one
 * RetryTimers, as RETRY (src/util/retry.ts) says.
 */
import type { Config } from '../config.ts';
import { log } from '../log.ts';
import { localized } from '../messages/catalogue.ts';
import { paperKey } from '../corpus/paper-ref.ts';
import type { Db } from '../storage/database.ts';
import type { Language, PaperProfile } from '../types.ts';
import { realTimers, RETRY, RetryTimers, retryFor, type LimitedRetryPolicy, type Timers } from '../util/retry.ts';
import { cycleSeed, type CycleSeeds } from './rotation.ts';
import {
  isSameLocalDay,
  nextSlot,
  parseScheduleInput,
  parseTimeZone,
  PotdConfigError,
  previousSlot,
  runAtSlots,
  scheduleKey,
  validateCron,
  type Schedule,
} from './schedule.ts';
import {
  claimSlot,
  lastShownPost,
  peekNextPaper,
  preparePotdTables,
  readGuild,
  recordFailed,
  recordSent,
  trackGuilds,
  writeGuild,
  type GuildOverrides,
  type GuildRecord,
  type SlotPost,
} from './store.ts';

/** What the scheduler hands to its sender: which paper to post where, in which language, for which slot. */
export interface PotdPost {
  guildId: string;
  channelId: string;
  paper: PaperProfile;
  /** The language the guild asked for (the post is Chinese when the paper has no English rendering). */
  language: Language;
  /** The slot posted for (for postNow, the moment asked): what the post shows as its time. */
  slotAt: Date;
}

/** The scheduler's timers, injectable (with its clock) so tests can drive time. */
export interface PotdTimers extends Timers {
  /** Calls `onSlot` at each slot of `schedule` until stopped (croner's runAtSlots unless a test drives time). */
  everySlot(schedule: Schedule, onSlot: () => Promise<void>): { stop(): void };
}

export interface PotdSchedulerOptions {
  db: Db;
  /** The papers a guild's posts come from: the same for every guild, or its scope's (the global digests and its own). */
  papers: readonly PaperProfile[] | ((guildId: string) => readonly PaperProfile[]);
  /** POTD_CRON and POTD_TZ (and the posts' language, Chinese unless given); a guild's own settings override them. */
  defaults: Pick<Config['potd'], 'cron' | 'timeZone'> & { language?: Language };
  /** Ids of the guilds this process is responsible for (its shard's guilds). */
  guilds: () => readonly string[];
  /**
   * The channel a guild posts to when it has not chosen one (POTD_CHANNEL_ID, for the guild that owns
   * that channel only). Without it a guild posts only once a channel is set for it.
   */
  resolveDefaultChannel?: (guildId: string) => string | undefined;
  /** Delivers a post; must reject only when the message was not posted. */
  send: (post: PotdPost) => Promise<void>;
  /** The clock the timers run on; a test that injects one injects the timers too. */
  clock?: { now(): Date };
  timers?: PotdTimers;
  /** Seeds of rotation cycles (cycleSeed unless given). */
  seeds?: CycleSeeds;
  /** How a failed send of a slot is tried again (RETRY.potdSend unless given). */
  sendRetry?: LimitedRetryPolicy;
}

/** A guild's settings after defaults are applied. */
export interface EffectiveSettings extends Schedule {
  channelId?: string;
  enabled: boolean;
  /** The language of the guild's posts (a paper without an English rendering is posted in Chinese). */
  language: Language;
  /** Slots before this instant are not caught up (see GuildRecord). */
  activeSince: Date;
  /** What the guild set itself (the rest comes from the defaults). */
  overrides: GuildOverrides;
}

/** A change from /potd-config; `null` returns a setting to its default. */
export interface SettingsChange {
  channelId?: string | null;
  /** A time of day ("09:30") or a cron expression. */
  schedule?: string | null;
  timeZone?: string | null;
  enabled?: boolean | null;
  language?: Language | null;
}

export interface TodayPaper {
  paper: PaperProfile;
  /** The slot it was posted for, or the slot it will be posted at (none if the schedule never fires again). */
  slotAt?: Date;
  posted: boolean;
}

/** How long stop() keeps trying to record the outcome of sends while the database is locked. */
const STOP_RECORD_TIMEOUT_MS = 2000;
/** The retry key of the work a locked database refused (a failed send's is its guild's work item). */
const LOCK_RETRY = 'lock';

export class PotdScheduler {
  private readonly db: Db;
  private readonly clock: { now(): Date };
  private readonly timers: PotdTimers;
  private readonly seeds: CycleSeeds;
  private readonly sendRetry: LimitedRetryPolicy;
  /** One croner job per distinct schedule, shared by all guilds that use it. */
  private readonly jobs = new Map<string, { stop(): void }>();
  /** Pending retries: the refused work (LOCK_RETRY) and failed sends ('guild:<id>'). */
  private readonly retries: RetryTimers<string>;
  /**
   * Work a locked database refused, done again by the lock retry: 'all' (start-up), 'schedule:<key>' (a slot whose
   * guilds could not even be listed) or 'guild:<id>' (a guild's due slot).
   */
  private readonly refusedWork = new Set<string>();
  private lockRefusals = 0;
  /** Outcomes of sends (sent, failed) a lock kept from being recorded; written before the next claim. */
  private readonly unrecorded: (() => void)[] = [];
  /** Slot posts under way, which stop() lets finish so their outcome is recorded before the database closes. */
  private readonly inFlight = new Set<Promise<void>>();
  private running = false;

  constructor(private readonly options: PotdSchedulerOptions) {
    if (Array.isArray(options.papers) && options.papers.length === 0) throw new Error('the paper of the day needs at least one paper');
    try {
      validateCron(options.defaults.cron);
      parseTimeZone(options.defaults.timeZone);
    } catch (error) {
      // The operator's settings, not an admin's: said in English, as every other startup error is.
      throw new PotdConfigError(() => `POTD_CRON / POTD_TZ: ${(error as Error).message}`);
    }
    this.db = options.db;
    preparePotdTables(this.db);
    this.clock = options.clock ?? { now: () => new Date() };
    this.timers = options.timers ?? { ...realTimers, everySlot: runAtSlots };
    this.retries = new RetryTimers(this.timers);
    this.seeds = options.seeds ?? cycleSeed;
    this.sendRetry = options.sendRetry ?? RETRY.potdSend;
  }

  /** The papers of a guild's rotation, by key: read at each use, since a guild's own digests change while the bot runs. */
  private papersOf(guildId: string): { keys: string[]; byKey: Map<string, PaperProfile> } {
    const papers = typeof this.options.papers === 'function' ? this.options.papers(guildId) : this.options.papers;
    return { keys: papers.map(paperKey), byKey: new Map(papers.map((paper) => [paperKey(paper), paper])) };
  }

  /** Starts the schedules' jobs and posts any slot missed earlier today; resolves when that catch-up is done. */
  async start(): Promise<void> {
    this.running = true;
    await this.postDue(new Set(['all']));
  }

  /** Stops the jobs and retries; resolves once the posts already under way are recorded. */
  async stop(): Promise<void> {
    this.running = false;
    for (const job of this.jobs.values()) job.stop();
    this.jobs.clear();
    this.retries.cancelAll();
    await Promise.all(this.inFlight);
    // Now or never. A slot whose outcome stays unrecorded stays 'claimed' and is never posted again: no double post.
    const recorded = await retryFor(() => this.tryWriteUnrecorded(), RETRY.databaseLock, STOP_RECORD_TIMEOUT_MS);
    if (!recorded) log.error(`potd: the database stayed locked; ${this.unrecorded.length} post outcome(s) not recorded`);
  }

  /** The guild's settings after defaults. Only reads: a guild not tracked yet is shown as it would start now. */
  settings(guildId: string): EffectiveSettings {
    return this.effective(guildId, readGuild(this.db, guildId) ?? { activeSince: this.clock.now() });
  }

  /**
   * Validates and stores a change, then reschedules. A new time or zone, or starting to post (enabled, or
   * given a channel), takes effect from the next slot: no catch-up of a slot that passed under the old
   * settings. postNow posts at once.
   */
  async updateSettings(guildId: string, change: SettingsChange): Promise<EffectiveSettings> {
    const before = this.record(guildId);
    const after: GuildRecord = { ...before };
    if (change.channelId !== undefined) after.channelId = change.channelId ?? undefined;
    if (change.schedule !== undefined) after.cron = change.schedule === null ? undefined : parseScheduleInput(change.schedule);
    if (change.timeZone !== undefined) after.timeZone = change.timeZone === null ? undefined : parseTimeZone(change.timeZone);
    if (change.enabled !== undefined) after.enabled = change.enabled ?? undefined;
    if (change.language !== undefined) after.language = change.language === null ? undefined : parseLanguage(change.language);

    const now = this.clock.now();
    const old = this.effective(guildId, before);
    const updated = this.effective(guildId, after);
    if (scheduleKey(old) !== scheduleKey(updated) || (!isPosting(old) && isPosting(updated))) after.activeSince = now;
    writeGuild(this.db, guildId, after, now);
    await this.reschedule(guildId);
    return { ...updated, activeSince: after.activeSince };
  }

  /** Picks up a guild's new settings (or a guild that just joined) and posts its slot if one is due. */
  async reschedule(guildId: string): Promise<void> {
    await this.postDue(new Set([`guild:${guildId}`]));
  }

  /** Today's paper: the one posted for today's slot, else the one the next slot will post. Only reads. */
  today(guildId: string): TodayPaper {
    const settings = this.settings(guildId);
    const now = this.clock.now();
    const last = lastShownPost(this.db, guildId);
    const papers = this.papersOf(guildId);
    const lastPaper = last && papers.byKey.get(last.paper);
    if (last && lastPaper && isSameLocalDay(last.slotAt, now, settings.timeZone)) {
      return { paper: lastPaper, slotAt: last.slotAt, posted: true };
    }
    const upcoming = peekNextPaper(this.db, guildId, papers.keys, this.seeds);
    return { paper: papers.byKey.get(upcoming)!, slotAt: nextSlot(settings, now), posted: false };
  }

  /** Posts today's paper right away, outside the schedule: no slot is claimed and the rotation does not move. */
  async postNow(guildId: string): Promise<PotdPost> {
    const { channelId, language } = this.settings(guildId);
    if (!channelId) {
      throw new PotdConfigError(localized('noPotdChannel'));
    }
    const post: PotdPost = { guildId, channelId, paper: this.today(guildId).paper, language, slotAt: this.clock.now() };
    await this.options.send(post);
    return post;
  }

  /**
   * Brings the jobs in line with the guilds' current schedules and returns the guilds that post
   * (enabled, with a channel) with their settings.
   */
  private sync(): Map<string, EffectiveSettings> {
    const now = this.clock.now();
    const posting = new Map<string, EffectiveSettings>();
    for (const [guildId, record] of trackGuilds(this.db, this.options.guilds(), now)) {
      const settings = this.effective(guildId, record);
      if (isPosting(settings)) posting.set(guildId, settings);
    }
    if (!this.running) return posting;
    const schedules = new Map([...posting.values()].map((settings) => [scheduleKey(settings), settings]));
    for (const [key, job] of this.jobs) {
      if (schedules.has(key)) continue;
      job.stop();
      this.jobs.delete(key);
    }
    for (const [key, schedule] of schedules) {
      if (this.jobs.has(key)) continue;
      const onSlot = () => this.postDueOrLog(new Set([`schedule:${key}`]));
      this.jobs.set(key, this.timers.everySlot(schedule, onSlot));
    }
    return posting;
  }

  /**
   * Posts the due slots of the posting guilds that `work` names ('all', 'schedule:<key>', 'guild:<id>'). A database
   * locked by another process puts the work off to the lock retry; any other failure to list the guilds throws.
   */
  private async postDue(work: ReadonlySet<string>): Promise<void> {
    let posting: Map<string, EffectiveSettings>;
    try {
      posting = this.sync();
    } catch (error) {
      if (!RETRY.databaseLock.retryable(error)) throw error;
      for (const item of work) this.retryWhenUnlocked(item);
      return;
    }
    for (const [guildId, settings] of posting) {
      const named = work.has('all') || work.has(`guild:${guildId}`) || work.has(`schedule:${scheduleKey(settings)}`);
      if (named && this.running) await this.postIfDue(guildId, settings);
    }
  }

  /** postDue() for jobs and retries, which have no caller to report a failure to. */
  private async postDueOrLog(work: ReadonlySet<string>): Promise<void> {
    try {
      await this.postDue(work);
    } catch (error) {
      log.error('potd: could not read the guild settings', error);
    }
  }

  /**
   * Posts the guild's latest slot if it is due: not yet posted, today, and under the current schedule.
   * Never throws, so one guild's trouble (say a locked database) cannot hold up the others.
   */
  private postIfDue(guildId: string, settings: EffectiveSettings): Promise<void> {
    const work = this.postSlot(guildId, settings).finally(() => this.inFlight.delete(work));
    this.inFlight.add(work);
    return work;
  }

  private async postSlot(guildId: string, settings: EffectiveSettings): Promise<void> {
    if (!isPosting(settings)) return;
    const { channelId } = settings;
    const now = this.clock.now();
    const slotAt = previousSlot(settings, now);
    if (!slotAt || !isSameLocalDay(slotAt, now, settings.timeZone)) return;
    if (slotAt < settings.activeSince) return;
    try {
      // A failed send must be on record as failed before its slot can be claimed again.
      this.writeUnrecorded();
      const claim = claimSlot(this.db, {
        guildId,
        slotAt,
        schedule: settings,
        papers: this.papersOf(guildId).keys,
        maxAttempts: this.sendRetry.maxAttempts,
        now,
        seeds: this.seeds,
      });
      if ('skipped' in claim) {
        log.debug(`potd: guild ${guildId} slot ${slotAt.toISOString()} skipped: ${claim.skipped}`);
        return;
      }
      await this.deliver(claim.claimed, channelId, settings.language);
    } catch (error) {
      if (RETRY.databaseLock.retryable(error)) this.retryWhenUnlocked(`guild:${guildId}`);
      else log.error(`potd: guild ${guildId} slot ${slotAt.toISOString()} could not be handled`, error);
    }
  }

  private async deliver(slot: SlotPost, channelId: string, language: Language): Promise<void> {
    try {
      const paper = this.papersOf(slot.guildId).byKey.get(slot.paper);
      if (!paper) throw new Error(`paper ${slot.paper} is no longer in the corpus`);
      await this.options.send({ guildId: slot.guildId, channelId, paper, language, slotAt: slot.slotAt });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.recordOutcome(() => recordFailed(this.db, slot, channelId, reason));
      log.warn(`potd: posting to guild ${slot.guildId} failed (attempt ${slot.attempts})`, error);
      this.retryLater(slot);
      return;
    }
    // Outside the try: if only this bookkeeping fails, the slot stays 'claimed' and is never sent again.
    const sentAt = this.clock.now();
    this.recordOutcome(() => recordSent(this.db, slot, channelId, sentAt));
    log.info(`potd: posted ${slot.paper} to guild ${slot.guildId} for ${slot.slotAt.toISOString()}`);
  }

  /** Writes a send's outcome, or keeps it for later while the database is locked. */
  private recordOutcome(write: () => void): void {
    try {
      write();
    } catch (error) {
      if (!RETRY.databaseLock.retryable(error)) throw error;
      this.unrecorded.push(write);
      this.retryWhenUnlocked();
    }
  }

  /** Writes the outcomes a lock held back, oldest first; throws (only) while the database is still locked. */
  private writeUnrecorded(): void {
    while (this.unrecorded.length > 0) {
      try {
        this.unrecorded[0]!();
      } catch (error) {
        if (RETRY.databaseLock.retryable(error)) throw error;
        log.error('potd: the outcome of a post could not be recorded; its slot stays claimed', error);
      }
      this.unrecorded.shift();
    }
  }

  /** writeUnrecorded(), false while the database is locked. */
  private tryWriteUnrecorded(): boolean {
    try {
      this.writeUnrecorded();
      return true;
    } catch {
      return false;
    }
  }

  /** Does `work` again at the lock retry (RETRY.databaseLock), which waits longer the longer the database stays locked. */
  private retryWhenUnlocked(work?: string): void {
    if (work) this.refusedWork.add(work);
    if (this.retries.has(LOCK_RETRY) || !this.running) return;
    if (this.lockRefusals === 0) log.info('potd: the database is locked by another process; the paper of the day waits for it');
    this.retries.schedule(LOCK_RETRY, RETRY.databaseLock, ++this.lockRefusals, () => this.retryRefused());
  }

  private async retryRefused(): Promise<void> {
    if (!this.running) return;
    const work = new Set(this.refusedWork);
    this.refusedWork.clear();
    if (!this.tryWriteUnrecorded()) {
      for (const item of work) this.refusedWork.add(item);
      this.retryWhenUnlocked();
      return;
    }
    await this.postDueOrLog(work);
    // Nothing was refused this time: the next lock starts with short waits again.
    if (!this.retries.has(LOCK_RETRY)) this.lockRefusals = 0;
  }

  /** Posts the guild's slot again after the send retry's wait for the slot's failed attempts (kept in the database). */
  private retryLater(slot: SlotPost): void {
    if (!this.running) return;
    const work = `guild:${slot.guildId}`;
    this.retries.schedule(work, this.sendRetry, slot.attempts, () => this.postDueOrLog(new Set([work])));
  }

  private record(guildId: string): GuildRecord {
    return trackGuilds(this.db, [guildId], this.clock.now()).get(guildId)!;
  }

  private effective(guildId: string, record: GuildRecord): EffectiveSettings {
    const { activeSince, ...fields } = record;
    const overrides = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
    return {
      cron: record.cron ?? this.options.defaults.cron,
      timeZone: record.timeZone ?? this.options.defaults.timeZone,
      channelId: record.channelId ?? this.options.resolveDefaultChannel?.(guildId),
      enabled: record.enabled ?? true,
      language: record.language ?? this.options.defaults.language ?? 'zh',
      activeSince,
      overrides,
    };
  }
}

/** A language for the posts, or a PotdConfigError naming the choices. */
export function parseLanguage(input: string): Language {
  const language = input.trim().toLowerCase();
  if (language === 'zh' || language === 'en') return language;
  throw new PotdConfigError(localized('unknownPostLanguage', { input }));
}

function isPosting(settings: EffectiveSettings): settings is EffectiveSettings & { channelId: string } {
  return settings.enabled && settings.channelId !== undefined;
}
