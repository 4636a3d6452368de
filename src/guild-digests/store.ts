/**
 * A server's own digests on disk, under `DATA_DIR/guilds/<guild id>/`, never in the checkout. What is served is one
 * generation, `gen-<n>/`: the digest files (`digests/`), their list (`digests.json`), the index of the server's scope
 * (`index/`: the global digests and its own, see src/guild-digests/scopes.ts) and the profiles of its own papers
 * (`papers.json`, which the bot's gateway thread reads for /paper and the paper of the day without loading any
 * answering code). `current` names the generation served.
 *
 * A change (add, replace, remove) writes a whole new generation into a staging folder, renames it into place and only
 * then rewrites `current` (itself written beside and renamed): a crash or kill at any point leaves the previous
 * generation served and nothing half-built reachable. Changes to one server are made one at a time, across threads
 * and processes (shards), under an exclusive lock file that a dead holder cannot keep (see BuildLock).
 *
 * Nothing about who added a digest is stored.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Language, PaperProfile } from '../types.ts';

const CURRENT = 'current';
const GENERATION_PREFIX = 'gen-';
const STAGING_PREFIX = '.staging-';
const LOCK = 'build.lock';
const LIST = 'digests.json';
const PAPERS = 'papers.json';
const SETTINGS = 'settings.json';
export const DIGESTS_FOLDER = 'digests';
export const INDEX_FOLDER = 'index';

/**
 * A lock whose holder has not written for this long is taken over even if its process seems alive (a pid reused on
 * another host sharing DATA_DIR): a build of a 1 MB digest embeds for a few minutes at most.
 */
export const STALE_LOCK_MS = 30 * 60_000;
/** How often a change waiting for another one to finish looks at the lock again. */
const LOCK_POLL_MS = 100;

/** One of a server's own digests, as `/digest list` shows it. */
export interface GuildDigest {
  /** Its digest name in the server's scope (citations and paper keys carry it); unique beside the global digests. */
  name: string;
  /** `<name>.md` or `<name>.txt` in the generation's digests folder. */
  file: string;
  title: string;
  language: Language;
  /** The headings of its papers, in order. */
  papers: string[];
  passages: number;
  addedAt: string;
}

/** A generation as served. */
export interface Generation {
  number: number;
  dir: string;
  digests: GuildDigest[];
}

/** A server's settings for its digests. */
export interface GuildDigestSettings {
  /** Members with this role may manage the server's digests, besides those with Manage Server. */
  managerRoleId?: string;
}

/** What the build step is given: a staging folder holding the new generation's digest files, to add its index and papers to. */
export interface StagedGeneration {
  dir: string;
  digestsDir: string;
  indexDir: string;
  digests: GuildDigest[];
  /** The index of the generation served until now, whose vectors the build may reuse; absent for a server's first digest. */
  previousIndexDir?: string;
}

/** Builds the staged generation's index and returns the profiles of the server's own papers. */
export type BuildGeneration = (staged: StagedGeneration) => Promise<PaperProfile[]>;

/** What a change does to the list; returns the list to build, or a reason (returned to the caller) not to change anything. */
export type ListChange<R> = (
  digests: GuildDigest[],
  dir: { write(file: string, bytes: Buffer): void },
) => { digests: GuildDigest[] } | { refused: R };

export class GuildDigestStore {
  private readonly root: string;
  /** Papers read per server, by generation: read again only when `current` names another. */
  private readonly papersCache = new Map<string, { generation: number; papers: PaperProfile[] }>();

  constructor(dataDir: string) {
    this.root = path.join(dataDir, 'guilds');
  }

  guildDir(guildId: string): string {
    if (!/^\d{1,20}$/u.test(guildId)) throw new Error(`not a guild id: ${guildId}`);
    return path.join(this.root, guildId);
  }

  /** The generation number `current` names, or undefined when the server has added no digest. One small read. */
  currentNumber(guildId: string): number | undefined {
    let text: string;
    try {
      text = fs.readFileSync(path.join(this.guildDir(guildId), CURRENT), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    const number = Number(text.trim());
    return Number.isSafeInteger(number) && number > 0 ? number : undefined;
  }

  /** The generation served for the server, if it has one. */
  current(guildId: string): Generation | undefined {
    const number = this.currentNumber(guildId);
    if (number === undefined) return undefined;
    const dir = this.generationDir(guildId, number);
    const digests = JSON.parse(fs.readFileSync(path.join(dir, LIST), 'utf8')) as GuildDigest[];
    return { number, dir, digests };
  }

  list(guildId: string): GuildDigest[] {
    return this.current(guildId)?.digests ?? [];
  }

  /** One of the server's digests by its name (what /digest show and remove are given). */
  find(guildId: string, name: string): GuildDigest | undefined {
    return this.list(guildId).find((digest) => digest.name === name);
  }

  /** The profiles of the server's own papers (its scope's global papers are not among them). */
  papers(guildId: string): readonly PaperProfile[] {
    const number = this.currentNumber(guildId);
    if (number === undefined) return [];
    const cached = this.papersCache.get(guildId);
    if (cached?.generation === number) return cached.papers;
    const papers = JSON.parse(fs.readFileSync(path.join(this.generationDir(guildId, number), PAPERS), 'utf8')) as PaperProfile[];
    this.papersCache.set(guildId, { generation: number, papers });
    return papers;
  }

  /** The papers a reader in the server may see: `global` (the global digests') and the server's own, never another server's. */
  papersInScope(global: readonly PaperProfile[], guildId: string | null | undefined): readonly PaperProfile[] {
    const own = guildId ? this.papers(guildId) : [];
    return own.length > 0 ? [...global, ...own] : global;
  }

  settings(guildId: string): GuildDigestSettings {
    try {
      return JSON.parse(fs.readFileSync(path.join(this.guildDir(guildId), SETTINGS), 'utf8')) as GuildDigestSettings;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw error;
    }
  }

  saveSettings(guildId: string, settings: GuildDigestSettings): void {
    const dir = this.guildDir(guildId);
    fs.mkdirSync(dir, { recursive: true });
    writeAtomically(path.join(dir, SETTINGS), JSON.stringify(settings));
  }

  /**
   * Makes a new generation from the current one: `change` decides the new list (writing any new digest file into the
   * staging folder), `build` indexes it, and the result is served once complete. Waits for a change another thread or
   * process is making to the same server first. Returns the new generation, or what `change` refused with.
   */
  async change<R>(guildId: string, change: ListChange<R>, build: BuildGeneration): Promise<{ generation: Generation } | { refused: R }> {
    const guildDir = this.guildDir(guildId);
    fs.mkdirSync(guildDir, { recursive: true });
    const lock = await BuildLock.acquire(path.join(guildDir, LOCK));
    try {
      this.removeLeftovers(guildId);
      const previous = this.current(guildId);
      const staging = fs.mkdtempSync(path.join(guildDir, STAGING_PREFIX));
      try {
        const digestsDir = path.join(staging, DIGESTS_FOLDER);
        fs.mkdirSync(digestsDir);
        for (const digest of previous?.digests ?? []) {
          fs.copyFileSync(path.join(previous!.dir, DIGESTS_FOLDER, digest.file), path.join(digestsDir, digest.file));
        }
        const decided = change(structuredClone(previous?.digests ?? []), {
          write: (file, bytes) => fs.writeFileSync(path.join(digestsDir, path.basename(file)), bytes),
        });
        if ('refused' in decided) return decided;
        // Files of digests no longer listed (a removed or replaced one) go.
        const kept = new Set(decided.digests.map((digest) => digest.file));
        for (const file of fs.readdirSync(digestsDir)) if (!kept.has(file)) fs.rmSync(path.join(digestsDir, file));
        fs.writeFileSync(path.join(staging, LIST), JSON.stringify(decided.digests, null, 2));
        const staged: StagedGeneration = {
          dir: staging,
          digestsDir,
          indexDir: path.join(staging, INDEX_FOLDER),
          digests: decided.digests,
          ...(previous ? { previousIndexDir: path.join(previous.dir, INDEX_FOLDER) } : {}),
        };
        const papers = decided.digests.length > 0 ? await build(staged) : [];
        fs.writeFileSync(path.join(staging, PAPERS), JSON.stringify(papers));
        lock.touch();
        const number = (previous?.number ?? this.highestGeneration(guildId)) + 1;
        const dir = this.generationDir(guildId, number);
        fs.rmSync(dir, { recursive: true, force: true }); // a generation a crash left unserved
        fs.renameSync(staging, dir);
        writeAtomically(path.join(guildDir, CURRENT), String(number));
        this.removeOldGenerations(guildId, number);
        return { generation: { number, dir, digests: decided.digests } };
      } finally {
        fs.rmSync(staging, { recursive: true, force: true });
      }
    } finally {
      lock.release();
    }
  }

  private generationDir(guildId: string, number: number): string {
    return path.join(this.guildDir(guildId), `${GENERATION_PREFIX}${number}`);
  }

  private generations(guildId: string): number[] {
    return fs
      .readdirSync(this.guildDir(guildId))
      .filter((name) => name.startsWith(GENERATION_PREFIX))
      .map((name) => Number(name.slice(GENERATION_PREFIX.length)))
      .filter(Number.isSafeInteger);
  }

  private highestGeneration(guildId: string): number {
    return Math.max(0, ...this.generations(guildId));
  }

  /**
   * Keeps the served generation and the one before it: a reader in another process that read `current` a moment
   * before it changed still finds the files it is about to open.
   */
  private removeOldGenerations(guildId: string, served: number): void {
    for (const number of this.generations(guildId)) {
      if (number < served - 1) fs.rmSync(this.generationDir(guildId, number), { recursive: true, force: true });
    }
  }

  /** Staging folders of changes that died before they were served (only the lock holder changes anything). */
  private removeLeftovers(guildId: string): void {
    const dir = this.guildDir(guildId);
    for (const name of fs.readdirSync(dir)) {
      if (name.startsWith(STAGING_PREFIX)) fs.rmSync(path.join(dir, name), { recursive: true, force: true });
    }
  }
}

/** Writes `file` whole or not at all: written beside it, then renamed over it. */
function writeAtomically(file: string, text: string): void {
  const temp = `${file}.${crypto.randomBytes(6).toString('hex')}.tmp`;
  fs.writeFileSync(temp, text);
  fs.renameSync(temp, file);
}

interface LockHolder {
  pid: number;
  host: string;
  token: string;
}

/**
 * An exclusive lock file (created with O_EXCL), naming its holder. A lock whose holder's process is gone (on this
 * host), or untouched for STALE_LOCK_MS, is stale: it is taken over, so a build killed mid-way never blocks the
 * server's digests for good.
 */
export class BuildLock {
  private constructor(
    private readonly file: string,
    private readonly token: string,
  ) {}

  static async acquire(file: string, pollMs = LOCK_POLL_MS): Promise<BuildLock> {
    const token = crypto.randomBytes(12).toString('hex');
    const holder: LockHolder = { pid: process.pid, host: os.hostname(), token };
    for (;;) {
      try {
        fs.writeFileSync(file, JSON.stringify(holder), { flag: 'wx' });
        return new BuildLock(file, token);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      if (BuildLock.isStale(file)) {
        // Moved aside, not deleted: of two processes finding it stale at once, only one rename succeeds.
        const aside = `${file}.${token}.stale`;
        try {
          fs.renameSync(file, aside);
          fs.rmSync(aside, { force: true });
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        }
        continue;
      }
      await sleep(pollMs);
    }
  }

  static isStale(file: string, now = Date.now()): boolean {
    let holder: LockHolder;
    let touched: number;
    try {
      touched = fs.statSync(file).mtimeMs;
      holder = JSON.parse(fs.readFileSync(file, 'utf8')) as LockHolder;
    } catch {
      return false; // released meanwhile, or being written: look again
    }
    if (now - touched > STALE_LOCK_MS) return true;
    return holder.host === os.hostname() && !processAlive(holder.pid);
  }

  /** Marks the lock as still held (a long build). */
  touch(): void {
    const now = new Date();
    fs.utimesSync(this.file, now, now);
  }

  release(): void {
    try {
      const holder = JSON.parse(fs.readFileSync(this.file, 'utf8')) as LockHolder;
      if (holder.token === this.token) fs.rmSync(this.file);
    } catch {
      // Already taken over as stale: nothing of ours to remove.
    }
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
