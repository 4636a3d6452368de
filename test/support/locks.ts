/** Another process holding the bot's SQLite write lock, as a backup tool or an operator's sqlite3 shell would. */
import { spawn } from 'node:child_process';
import path from 'node:path';
import type { PotdTimers } from '../../src/potd/scheduler.ts';
import { everySlotOn } from './potd-time.ts';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

/** Opens the file, takes the write lock with BEGIN EXCLUSIVE, says so, and holds it until its stdin ends; then commits. */
const LOCKER = `
import Database from 'better-sqlite3';
const db = new Database(process.env.LOCK_FILE);
db.pragma('busy_timeout = 5000');
db.exec('BEGIN EXCLUSIVE');
process.stdout.write('locked\\n');
process.stdin.resume();
process.stdin.on('end', () => {
  db.exec('COMMIT');
  db.close();
  process.stdout.write('released\\n');
});
`;

export interface HeldLock {
  /** Whether the other process still holds the lock (release has not been called). */
  readonly held: boolean;
  /** Tells the other process to commit; resolves once it has. */
  release(): Promise<void>;
}

/**
 * Resolves once another process holds the write lock of `file`, which it keeps until `release()`: a test decides
 * what happens while it is held by what it does before releasing it, never by how long anything takes.
 */
export async function lockFromAnotherProcess(file: string): Promise<HeldLock> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', LOCKER], {
    cwd: ROOT,
    env: { ...process.env, NODE_TEST_CONTEXT: undefined, LOCK_FILE: file },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const said = (word: string) =>
    new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (stdout.includes(`${word}\n`)) resolve();
      });
      child.on('exit', (code) => reject(new Error(`the locking process exited (${code}) before it ${word}: ${stderr}`)));
    });
  const released = said('released');
  released.catch(() => {}); // awaited by release(); this keeps an early failure from being unhandled meanwhile
  await said('locked');
  let held = true;
  return {
    get held() {
      return held;
    },
    release() {
      held = false;
      child.stdin.end();
      return released;
    },
  };
}

/**
 * A clock and timers for the paper-of-the-day scheduler that run in real time until the test jumps ahead: `jumpTo`
 * moves the clock to a moment and runs, at once, every timer due by then, resolving when their callbacks have.
 */
export class SteppedTime {
  private offsetMs = 0;
  private readonly pending = new Map<symbol, { dueAt: number; callback: () => Promise<void>; timer: NodeJS.Timeout }>();

  readonly clock = { now: () => new Date(Date.now() + this.offsetMs) };

  readonly timers: PotdTimers = {
    set: (callback, delayMs) => {
      const handle = Symbol('timer');
      const timer = setTimeout(() => {
        this.pending.delete(handle);
        void callback();
      }, delayMs);
      this.pending.set(handle, { dueAt: this.clock.now().getTime() + delayMs, callback, timer });
      return handle;
    },
    clear: (handle) => {
      clearTimeout(this.pending.get(handle as symbol)?.timer);
      this.pending.delete(handle as symbol);
    },
    everySlot: (schedule, onSlot) => everySlotOn(this.clock, this.timers)(schedule, onSlot),
  };

  /** How many timers are set to fire by `moment`: a test waits for the scheduler to have armed one before jumping. */
  dueBy(moment: Date): number {
    return [...this.pending.values()].filter((entry) => entry.dueAt <= moment.getTime()).length;
  }

  async jumpTo(moment: Date): Promise<void> {
    this.offsetMs = moment.getTime() - Date.now();
    const due = [...this.pending].filter(([, entry]) => entry.dueAt <= moment.getTime());
    for (const [handle, entry] of due) {
      clearTimeout(entry.timer);
      this.pending.delete(handle);
    }
    await Promise.all(due.map(([, entry]) => entry.callback()));
  }
}
