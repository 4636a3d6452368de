import { paperOfPassage } from '../corpus/paper-ref.ts';
import { log } from '../log.ts';
import { type Db, migrate } from './database.ts';
import { redactMentions } from './privacy.ts';
import type { WriteQueue } from './write-queue.ts';
import type { PreviousTurn } from '../types.ts';

export interface ConversationOptions {
  writes: WriteQueue;
  /** How long a stored turn still gives context (CONVERSATION_TTL_DAYS). */
  ttlDays: number;
  now?: () => Date;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The last exchange of each conversation, keyed by the bot's answer message ids and by thread id, so a reply or a
 * thread message can be answered with the previous turn as context. Kept in SQLite for `ttlDays`, so context
 * survives restarts and any number of newer answers. Neither call waits on the database: turns are written through
 * the write queue (and answered from memory until stored), and a read refused by a lock counts as no context.
 */
export class ConversationMemory {
  /** Turns still in the write queue, by key. */
  private readonly unsaved = new Map<string, PreviousTurn>();
  private readonly now: () => Date;

  constructor(
    private readonly db: Db,
    private readonly options: ConversationOptions,
  ) {
    migrate(
      db,
      'conversations-1',
      `CREATE TABLE conversation_turns (
         key TEXT PRIMARY KEY,       -- id of one of the bot's answer messages, or of a thread started from one
         turn_json TEXT NOT NULL,    -- the PreviousTurn, its question without mentions or ids
         stored_at TEXT NOT NULL
       );
       CREATE INDEX conversation_turns_by_age ON conversation_turns (stored_at);`,
    );
    migrate(db, 'conversations-2-paper-ref', withCitationDigests);
    this.now = options.now ?? (() => new Date());
  }

  remember(keys: readonly string[], turn: PreviousTurn): void {
    const stored: PreviousTurn = { ...turn, question: redactMentions(turn.question) };
    const row = { json: JSON.stringify(stored), at: this.now().toISOString() };
    for (const key of keys) this.unsaved.set(key, stored);
    this.options.writes.enqueue(
      'conversation turn',
      (db) => {
        const upsert = db.prepare(
          `INSERT INTO conversation_turns (key, turn_json, stored_at) VALUES (?, ?, ?)
           ON CONFLICT (key) DO UPDATE SET turn_json = excluded.turn_json, stored_at = excluded.stored_at`,
        );
        for (const key of keys) upsert.run(key, row.json, row.at);
      },
      () => {
        // A newer turn remembered under the same key (a thread's next answer) stays until its own write.
        for (const key of keys) if (this.unsaved.get(key) === stored) this.unsaved.delete(key);
      },
    );
  }

  /** The turn stored under the first key that has one still within its time to live. */
  recall(...keys: (string | undefined)[]): PreviousTurn | undefined {
    for (const key of keys) {
      const turn = key === undefined ? undefined : (this.unsaved.get(key) ?? this.stored(key));
      if (turn) return turn;
    }
    return undefined;
  }

  /** Deletes turns past their time to live. */
  prune(): void {
    const cutoff = this.cutoff();
    this.options.writes.enqueue('conversation pruning', (db) => db.prepare('DELETE FROM conversation_turns WHERE stored_at < ?').run(cutoff));
  }

  private stored(key: string): PreviousTurn | undefined {
    try {
      const row = this.db
        .prepare<[string, string], { turn_json: string }>('SELECT turn_json FROM conversation_turns WHERE key = ? AND stored_at >= ?')
        .get(key, this.cutoff());
      return row && (JSON.parse(row.turn_json) as PreviousTurn);
    } catch (error) {
      // Answered as a fresh question rather than waited for (a lock) or failed (anything else).
      log.warn(`Conversation context for ${key} could not be read; answering without it`, error);
      return undefined;
    }
  }

  private cutoff(): string {
    return new Date(this.now().getTime() - this.options.ttlDays * DAY_MS).toISOString();
  }
}

/**
 * Turns stored before citations carried their digest named only a section: the digest is read from the passage id.
 * A citation without one cannot say which paper it was and is dropped (its turn still has its question and topic).
 */
function withCitationDigests(db: Db): void {
  type OldCitation = { section: number; digest?: string; passageId?: string };
  const rows = db.prepare<[], { key: string; turn_json: string }>('SELECT key, turn_json FROM conversation_turns').all();
  const update = db.prepare('UPDATE conversation_turns SET turn_json = ? WHERE key = ?');
  for (const row of rows) {
    const turn = JSON.parse(row.turn_json) as Omit<PreviousTurn, 'citations'> & { citations: OldCitation[] };
    const citations = turn.citations.flatMap(({ digest, section, passageId }) => {
      const paper = digest !== undefined ? { digest, section } : passageId !== undefined ? paperOfPassage(passageId) : undefined;
      return paper ? [{ ...paper, ...(passageId !== undefined ? { passageId } : {}) }] : [];
    });
    update.run(JSON.stringify({ ...turn, citations }), row.key);
  }
}
