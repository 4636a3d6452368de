/**
 * Every retry paperbot makes, in one place: the policies (how often, after which waits, for which errors) and the three
 * ways a retry runs: on timers, for work that nobody waits for (RetryTimers), in a loop bounded by a deadline, at
 * shutdown (retryFor), and at once, for synchronous work that never waits (retryAtOnce). The write queue (storage/write-queue.ts) drains itself on its own timer, with the waits of
 * RETRY.databaseLock.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { isLocked } from '../storage/locked.ts';

/** How a kind of work is tried again. */
export interface RetryPolicy {
  /** The wait before the next try after `failures` failed tries in a row (1 for the first); undefined gives up. */
  delayMs(failures: number): number | undefined;
  /** Whether an error means the work may succeed if tried again. */
  retryable(error: unknown): boolean;
}

/** A policy with a fixed number of tries: one, and one more after each listed wait. */
export interface LimitedRetryPolicy extends RetryPolicy {
  maxAttempts: number;
}

/** Tries again after each of `waitsMs` in turn (the n-th failure in a row waits `waitsMs[n - 1]`), then gives up. */
export function afterWaits(waitsMs: readonly number[], retryable: (error: unknown) => boolean = () => true): LimitedRetryPolicy {
  return { delayMs: (failures) => waitsMs[failures - 1], retryable, maxAttempts: waitsMs.length + 1 };
}

/** A rename refused because a directory with files in it stands where it would put its source. */
function isTargetTaken(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOTEMPTY' || code === 'EEXIST';
}

export const RETRY = {
  /**
   * Another connection (a shard, a backup, an operator's sqlite3 shell) holds the database's write lock. Ours never
   * waits for it (busy_timeout 0, see openDatabase): better-sqlite3 is synchronous, so a wait would freeze the whole
   * process (heartbeats, replies, timers). A refused write fails at once and is tried again after 50 ms, doubling up
   * to 1 s, for as long as the process runs; only shutdown gives up (retryFor).
   */
  databaseLock: {
    delayMs: (failures: number) => Math.min(50 * 2 ** (failures - 1), 1000),
    retryable: isLocked,
  } satisfies RetryPolicy,
  /**
   * A paper-of-the-day post Discord refused (the sender rejects only when nothing was posted): four more tries over
   * about 50 minutes. The tries are counted in the database (potd_posts.attempts), so a restart does not reset them.
   */
  potdSend: afterWaits([60_000, 5 * 60_000, 15 * 60_000, 30 * 60_000]),
  /**
   * The writing model (LLM): one retry at most, so a dead endpoint costs one budget, not LangChain's default six
   * attempts. LangChain's client makes it, which knows what is worth another try (not a request the server refused as
   * bad or unauthorised, nor an aborted one) and retries a streamed answer only before its first token.
   */
  writingModel: { maxRetries: 1 },
  /**
   * Swapping a new index build in while another process (a second shard starting at the same time) swaps in its own:
   * our rename finds that build in the place of the live store, moves it aside and tries again. Without waiting: what
   * is in the way is a finished build the next try moves aside, so a wait would only leave room for yet another. Five
   * retries are more than the builds that start together.
   */
  indexSwap: afterWaits([0, 0, 0, 0, 0], isTargetTaken),
} as const;

/** Timers, injectable so tests can drive time; `set` must call `callback` after about `delayMs`. */
export interface Timers {
  set(callback: () => Promise<void>, delayMs: number): unknown;
  clear(handle: unknown): void;
}

export const realTimers: Timers = {
  set(callback, delayMs) {
    const timer = setTimeout(() => void callback(), delayMs);
    timer.unref(); // the Discord connection keeps the process alive, not a pending retry
    return timer;
  },
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/**
 * Tries of work nobody waits for, each on a timer under a key (one pending try per key). A try's timer callback
 * resolves only once the try has, so a test that runs the timers sees each try through.
 */
export class RetryTimers<Key> {
  private readonly pending = new Map<Key, unknown>();

  constructor(private readonly timers: Timers) {}

  /**
   * Runs `attempt` after `policy`'s wait for `failures` failed tries in a row, in place of a try pending under `key`.
   * Returns false, scheduling nothing, when the policy gives up.
   */
  schedule(key: Key, policy: RetryPolicy, failures: number, attempt: () => Promise<void>): boolean {
    const delay = policy.delayMs(failures);
    if (delay === undefined) return false;
    this.cancel(key);
    const handle = this.timers.set(async () => {
      this.pending.delete(key);
      await attempt();
    }, delay);
    this.pending.set(key, handle);
    return true;
  }

  has(key: Key): boolean {
    return this.pending.has(key);
  }

  cancel(key: Key): void {
    if (this.pending.has(key)) this.timers.clear(this.pending.get(key));
    this.pending.delete(key);
  }

  cancelAll(): void {
    for (const key of [...this.pending.keys()]) this.cancel(key);
  }
}

/**
 * Calls `attempt` until it returns true, waiting as `policy` says between tries, for at most `timeoutMs`: for
 * shutdown, where what is still unwritten must be written now or never. Resolves with the last result.
 */
export async function retryFor(attempt: () => boolean, policy: RetryPolicy, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (let failures = 1; ; failures++) {
    if (attempt()) return true;
    const wait = Math.min(policy.delayMs(failures) ?? 0, deadline - Date.now());
    if (wait <= 0) return false;
    await sleep(wait);
  }
}

/**
 * Calls `attempt` (given how many tries failed before it) until it returns, as long as `policy` retries what it threw,
 * and returns what it returned. Synchronous, so it cannot wait: `policy` must wait 0 between tries.
 */
export function retryAtOnce<T>(attempt: (failures: number) => T, policy: RetryPolicy): T {
  for (let failures = 0; ; failures++) {
    try {
      return attempt(failures);
    } catch (error) {
      const wait = policy.delayMs(failures + 1);
      if (wait === undefined || !policy.retryable(error)) throw error;
      if (wait !== 0) throw new Error(`retryAtOnce cannot wait ${wait} ms`, { cause: error });
    }
  }
}
