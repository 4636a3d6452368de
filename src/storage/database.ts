import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

export type Db = Database.Database;

/**
 * Opens (creating if needed) the bot's SQLite database under `dataDir`.
 * WAL mode plus a busy timeout lets several shard processes share the file safely;
 * each feature creates its own tables through `migrate`.
 */
export function openDatabase(dataDir: string, fileName = 'paperbot.sqlite'): Db {
  fs.mkdirSync(dataDir, { recursive: true });
  const db = new Database(path.join(dataDir, fileName));
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)');
  return db;
}

/** Applies `sql` once per database, identified by `name`; safe to call from concurrent processes. */
export function migrate(db: Db, name: string, sql: string): void {
  db.transaction(() => {
    const done = db.prepare('SELECT 1 FROM schema_migrations WHERE name = ?').get(name);
    if (done) return;
    db.exec(sql);
    db.prepare('INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)').run(name, new Date().toISOString());
  }).immediate();
}
