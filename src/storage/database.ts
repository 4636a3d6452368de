import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

export type Db = Database.Database;

/**
 * How long opening the file and changing its schema may wait for another process doing the same (shards starting
 * together on a fresh file). Only these one-off steps wait; the bot's ordinary work never does (see locked.ts).
 */
const SCHEMA_WAIT_MS = 10_000;

/**
 * Opens (creating if needed) the bot's SQLite database under `dataDir`, in WAL mode so that several shard processes
 * share the file and readers never wait for a writer. Each feature creates its own tables through `migrate`.
 */
export function openDatabase(dataDir: string, fileName = 'paperbot.sqlite'): Db {
  fs.mkdirSync(dataDir, { recursive: true });
  const db = new Database(path.join(dataDir, fileName));
  withBusyTimeout(db, SCHEMA_WAIT_MS, () => {
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)');
  });
  return db;
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
