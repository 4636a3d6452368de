import { log } from '../log.ts';
import type { Db } from './database.ts';
import { RETRY, retryFor } from '../util/retry.ts';
import { isLocked } from './locked.ts';

/** One write nothing waits for (a feedback row, a conversation turn). */
interface QueuedWrite {
  /** What it stores, for the log. */
  what: string;
  run: (db: Db) => void;
  /** Called once the write is stored, or dropped. */
  settled?: () => void;
}

/** Writes stored per transaction, so that a backlog after a long lock is written a slice at a time. */
const BATCH_SIZE = 200;
/** Past this many waiting writes (hours of a locked database) the oldest go, rather than memory without bound. */
const MAX_WAITING = 20_000;

/**
 * Writes that a reply does not need, stored off the reply path: queued, then written on a timer in IMMEDIATE
 * transactions. A locked database (another process holds the write lock) refuses at once and the writes wait for
 * the next try (RETRY.databaseLock: after 50 ms, growing to 1 s); nothing is lost while the process runs, and close()
 * writes what is left.
 */
export class WriteQueue {
  private readonly waiting: QueuedWrite[] = [];
  /** Cancels the pending try, if one is scheduled. */
  private cancelPending: (() => void) | undefined;
  private refusals = 0;
  private closed = false;

  constructor(private readonly db: Db) {}

  /** How many writes are not stored yet. */
  get size(): number {
    return this.waiting.length;
  }

  enqueue(what: string, run: (db: Db) => void, settled?: () => void): void {
    if (this.closed) {
      log.error(`A ${what} arrived after the database was closed and was not stored`);
      settled?.();
      return;
    }
    this.waiting.push({ what, run, settled });
    if (this.waiting.length > MAX_WAITING) {
      const dropped = this.waiting.shift()!;
      log.error(`The database has refused writes for too long: a ${dropped.what} was dropped`);
      dropped.settled?.();
    }
    this.schedule(0);
  }

  /**
   * Stops taking writes and stores those waiting, trying for at most `timeoutMs` while the database is locked.
   * Resolves with how many could not be stored.
   */
  async close(timeoutMs: number): Promise<number> {
    this.closed = true;
    this.cancelPending?.();
    this.cancelPending = undefined;
    await retryFor(() => this.writeAll(), RETRY.databaseLock, timeoutMs);
    if (this.waiting.length > 0) {
      log.error(`${this.waiting.length} queued database write(s) lost at shutdown: the database stayed locked`);
    }
    return this.waiting.length;
  }

  private schedule(delayMs: number): void {
    if (this.cancelPending !== undefined || this.closed) return;
    const run = () => {
      this.cancelPending = undefined;
      if (!this.writeBatch()) this.schedule(RETRY.databaseLock.delayMs(this.refusals));
      else if (this.waiting.length > 0) this.schedule(0);
    };
    // A first try runs as soon as the current work (a reply on its way) yields; later ones wait for the lock.
    // Unref'd: the Discord connection keeps the process alive, and shutdown stores what is left through close().
    if (delayMs === 0) {
      const immediate = setImmediate(run).unref();
      this.cancelPending = () => clearImmediate(immediate);
    } else {
      const timeout = setTimeout(run, delayMs).unref();
      this.cancelPending = () => clearTimeout(timeout);
    }
  }

  private writeAll(): boolean {
    while (this.waiting.length > 0) if (!this.writeBatch()) return false;
    return true;
  }

  /** Stores the oldest batch in one transaction; false when the database refused it (it stays queued). */
  private writeBatch(): boolean {
    const batch = this.waiting.slice(0, BATCH_SIZE);
    try {
      this.db.transaction(() => batch.forEach((write) => this.runOne(write))).immediate();
    } catch (error) {
      // The first refusal of a run is worth a line; later ones would repeat it.
      if (this.refusals++ > 0) return false;
      if (isLocked(error)) log.info('The database is locked by another process; feedback and conversation writes wait for it');
      else log.warn('Queued database writes failed; trying again', error);
      return false;
    }
    this.waiting.splice(0, batch.length);
    this.refusals = 0;
    for (const write of batch) write.settled?.();
    return true;
  }

  /** A write that fails for its own reason (not a refusal by the database) is dropped, so it cannot block the rest. */
  private runOne(write: QueuedWrite): void {
    try {
      this.db.transaction(write.run)(this.db);
    } catch (error) {
      if (isRefusal(error)) throw error;
      log.error(`A ${write.what} could not be stored and was dropped`, error);
    }
  }
}

/** The database could not take the write now (locked, disk full, I/O trouble) but may later. */
function isRefusal(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return isLocked(error) || (typeof code === 'string' && /^SQLITE_(FULL|IOERR|READONLY)/u.test(code));
}
