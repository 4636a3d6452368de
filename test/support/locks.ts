/** Another process holding the bot's SQLite write lock, as a backup tool or an operator's sqlite3 shell would. */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

/** Opens the file, takes the write lock with BEGIN EXCLUSIVE, says so, holds it for LOCK_HOLD_MS, then commits. */
const LOCKER = `
import Database from 'better-sqlite3';
const db = new Database(process.env.LOCK_FILE);
db.pragma('busy_timeout = 5000');
db.exec('BEGIN EXCLUSIVE');
process.stdout.write('locked\\n');
setTimeout(() => {
  db.exec('COMMIT');
  db.close();
  process.stdout.write('released\\n');
}, Number(process.env.LOCK_HOLD_MS));
`;

export interface HeldLock {
  /** When the other process reported holding the lock (Date.now()). */
  heldAt: number;
  /** Resolves with the time the other process reported releasing it. */
  released: Promise<number>;
}

/** Resolves once another process holds the write lock of `file`, which it keeps for `holdMs`. */
export async function lockFromAnotherProcess(file: string, holdMs: number): Promise<HeldLock> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', LOCKER], {
    cwd: ROOT,
    env: { ...process.env, NODE_TEST_CONTEXT: undefined, LOCK_FILE: file, LOCK_HOLD_MS: String(holdMs) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const said = (word: string) =>
    new Promise<number>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (stdout.includes(`${word}\n`)) resolve(Date.now());
      });
      child.on('exit', (code) => reject(new Error(`the locking process exited (${code}) before it ${word}: ${stderr}`)));
    });
  const released = said('released');
  released.catch(() => {}); // awaited by the caller; this keeps an early failure from being unhandled meanwhile
  return { heldAt: await said('locked'), released };
}

/** Polls `condition` every 25 ms until it holds, failing after `timeoutMs`. */
export async function until(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}
