import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { DataDirError } from '../config.ts';

export type Db = Database.Database;

/**
 * How long opening the file and changing its schema may wait for another process doing the same (shards starting
 * together on a fresh file). Only these one-off steps wait; the bot's ordinary work never does (see RETRY.databaseLock
 * in src/util/retry.ts).
 */
const SCHEMA_WAIT_MS = 10_000;

/**
 * Opens (creating if needed) the bot's SQLite database under `dataDir`, in WAL mode so that several shard processes
 * share the file and readers never wait for a writer. A DATA_DIR that cannot hold it is a DataDirError, whose message
 * names the variable and the path. Each feature creates its own tables through `migrate`.
 */
export function openDatabase(dataDir: string, fileName = 'paperbot.sqlite'): Db {
  const file = path.join(dataDir, fileName);
  try {
    fs.mkdirSync(dataDir, { recursive: true });
    // Checked here, since SQLite would only say "unable to open database file", or open the file read-only.
    fs.accessSync(dataDir, fs.constants.W_OK | fs.constants.X_OK);
    if (fs.existsSync(file)) fs.accessSync(file, fs.constants.R_OK | fs.constants.W_OK);
  } catch (error) {
    throw new DataDirError(dataDir, describeProblem(error));
  }
  let db: Db | undefined;
  try {
    db = new Database(file);
    const opened = db;
    withBusyTimeout(opened, SCHEMA_WAIT_MS, () => {
      opened.pragma('journal_mode = WAL');
      opened.pragma('foreign_keys = ON');
      opened.exec('CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)');
    });
    return opened;
  } catch (error) {
    db?.close();
    throw new DataDirError(dataDir, describeProblem(error, fileName));
  }
}

/**
 * Applies `change` (SQL, or a function for changes SQL alone cannot make) once per database, identified by `name`;
 * safe to call from concurrent processes. Once applied it costs one read, which another writer does not block.
 */
export function migrate(db: Db, name: string, change: string | ((db: Db) => void)): void {
  const applied = db.prepare('SELECT 1 FROM schema_migrations WHERE name = ?');
  if (applied.get(name)) return;
  withBusyTimeout(db, SCHEMA_WAIT_MS, () =>
    db
      .transaction(() => {
        if (applied.get(name)) return;
        if (typeof change === 'string') db.exec(change);
        else change(db);
        db.prepare('INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)').run(name, new Date().toISOString());
      })
      .immediate(),
  );
}

function withBusyTimeout(db: Db, timeoutMs: number, work: () => void): void {
  db.pragma(`busy_timeout = ${timeoutMs}`);
  try {
    work();
  } finally {
    db.pragma('busy_timeout = 0');
  }
}

const FILE_SYSTEM_PROBLEMS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOTDIR: 'part of the path is a file, not a folder',
  EEXIST: 'it is a file, not a folder',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
};

/** One line saying what went wrong, without a stack trace. */
function describeProblem(error: unknown, fileName?: string): string {
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && code.startsWith('SQLITE_')) return `SQLite cannot open or write ${fileName} there (${code})`;
  if (typeof code === 'string' && code in FILE_SYSTEM_PROBLEMS) return `${FILE_SYSTEM_PROBLEMS[code]} (${code})`;
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}
