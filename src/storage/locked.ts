/**
 * What to do when another connection (a shard, a backup, an operator's sqlite3 shell) holds the database's write
 * lock. Our connection never waits for it (busy_timeout 0, see openDatabase): better-sqlite3 is synchronous, so a
 * wait would freeze the whole process — heartbeats, replies, timers. Instead a refused write fails at once and is
 * tried again later on a timer.
 */
import { setTimeout as sleep } from 'node:timers/promises';

/** SQLite refused because another connection holds a lock it needs. */
export function isLocked(error: unknown): boolean {
  const code = (error as { code?: unknown } | null | undefined)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

/** The wait before the next try after `refusals` refusals in a row: 50 ms, doubling up to 1 s. */
export function lockRetryDelayMs(refusals: number): number {
  return Math.min(50 * 2 ** refusals, 1000);
}

/**
 * Calls `attempt` until it returns true, waiting lockRetryDelayMs between tries, for at most `timeoutMs`; for
 * shutdown, where whatever is still unwritten must be written now or never. Resolves with the last result.
 */
export async function retryFor(attempt: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (let refusals = 0; ; refusals++) {
    if (attempt()) return true;
    const wait = Math.min(lockRetryDelayMs(refusals), deadline - Date.now());
    if (wait <= 0) return false;
    await sleep(wait);
  }
}
