import { createHmac, randomUUID } from 'node:crypto';
import type { AnswerKind, AnswerOutcome, Citation } from '../types.ts';
import { type Db, migrate } from './database.ts';
import { isLocked } from './locked.ts';
import { redactMentions } from './privacy.ts';
import type { WriteQueue } from './write-queue.ts';

export type Vote = 'up' | 'down';

export interface FeedbackSummary {
  answers: number;
  votes: number;
  up: number;
  down: number;
  /** Share of up-votes among all votes, 0..1; undefined with no votes. */
  upRatio?: number;
  mostDownVoted: { question: string; down: number; up: number }[];
  /** Answers and votes by how each answer came about (quoted, or written by the operator's model, repaired, fell back). */
  byOutcome: { outcome: AnswerOutcome; answers: number; up: number; down: number }[];
}

export interface FeedbackOptions {
  /** HMAC key standing for voters; kept outside the database (see privacy.ts feedbackKey). */
  key: Buffer;
  writes: WriteQueue;
  /** Answers (and their votes) older than this many days are deleted by prune(). */
  retentionDays: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Creates the tables, and brings a database written by an earlier version up to the privacy rules. */
export function prepareFeedbackTables(db: Db): void {
  migrate(
    db,
    'feedback-1',
    `CREATE TABLE feedback_settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
     CREATE TABLE feedback_answers (
       id TEXT PRIMARY KEY,
       question TEXT NOT NULL,
       citations_json TEXT NOT NULL,
       created_at TEXT NOT NULL
     );
     CREATE TABLE feedback_votes (
       answer_id TEXT NOT NULL REFERENCES feedback_answers(id) ON DELETE CASCADE,
       user_hash TEXT NOT NULL,
       vote TEXT NOT NULL CHECK (vote IN ('up', 'down')),
       voted_at TEXT NOT NULL,
       PRIMARY KEY (answer_id, user_hash)
     );`,
  );
  // Earlier versions kept mentions in the questions and the hash salt in this database; without the salt the old
  // hashes can no longer be matched to anyone.
  migrate(db, 'feedback-2-privacy', (database) => {
    const rows = database.prepare('SELECT id, question FROM feedback_answers').all() as { id: string; question: string }[];
    const update = database.prepare('UPDATE feedback_answers SET question = ? WHERE id = ?');
    for (const row of rows) update.run(redactMentions(row.question), row.id);
    database.exec(`DROP TABLE feedback_settings;
                   CREATE INDEX feedback_answers_by_age ON feedback_answers (created_at);`);
  });
  // Answers recorded before written answers existed were all quoted.
  migrate(db, 'feedback-3-outcome', `ALTER TABLE feedback_answers ADD COLUMN outcome TEXT NOT NULL DEFAULT 'quoted';`);
  // Where the question was asked and whether it was refused, for the coverage gaps (src/gaps/): a server id names no
  // person. Rows from earlier versions have neither; a question asked outside a server has no guild_id.
  migrate(
    db,
    'feedback-4-gaps',
    `ALTER TABLE feedback_answers ADD COLUMN guild_id TEXT;
     ALTER TABLE feedback_answers ADD COLUMN kind TEXT;
     CREATE INDEX feedback_answers_by_guild ON feedback_answers (guild_id, created_at);`,
  );
}

/** Where an answer was given and what kind of reply it was. */
export interface AnswerSetting {
  /** The server it was asked in; absent in direct messages. */
  guildId?: string | null;
  kind?: AnswerKind;
}

/**
 * Answers shown with 👍/👎 buttons and the votes they get. Nothing stored identifies anyone: questions lose their
 * mentions and Discord ids, and a voter is an HMAC of their id under a key kept outside the database.
 * Writes go through the write queue, so a locked database never holds up a reply; reads never wait either.
 */
export class FeedbackStore {
  /** Answers recorded but still in the write queue, with their sources: they take votes already. */
  private readonly unsaved = new Map<string, readonly Citation[]>();

  constructor(
    private readonly db: Db,
    private readonly options: FeedbackOptions,
  ) {
    prepareFeedbackTables(db);
  }

  /**
   * Records an answer about to be shown with feedback buttons, how it came about, where and what kind of reply it is;
   * returns its id for the buttons at once.
   */
  recordAnswer(
    question: string,
    citations: readonly Citation[],
    now = new Date(),
    outcome: AnswerOutcome = 'quoted',
    { guildId = null, kind }: AnswerSetting = {},
  ): string {
    const id = randomUUID();
    const row = [id, redactMentions(question), JSON.stringify(citations), now.toISOString(), outcome, guildId, kind ?? null] as const;
    this.unsaved.set(id, citations);
    this.options.writes.enqueue(
      'feedback answer',
      (db) =>
        db
          .prepare('INSERT INTO feedback_answers (id, question, citations_json, created_at, outcome, guild_id, kind) VALUES (?, ?, ?, ?, ?, ?, ?)')
          .run(...row),
      () => this.unsaved.delete(id),
    );
    return id;
  }

  /**
   * The sources an answer cited, as recorded; undefined when the answer is unknown (never recorded, or pruned). A read
   * refused by a lock throws: nothing is queued to retry it, and the reader can simply ask again.
   */
  citations(answerId: string): readonly Citation[] | undefined {
    const unsaved = this.unsaved.get(answerId);
    if (unsaved) return unsaved;
    const row = this.db.prepare('SELECT citations_json FROM feedback_answers WHERE id = ?').get(answerId) as { citations_json: string } | undefined;
    return row ? (JSON.parse(row.citations_json) as Citation[]) : undefined;
  }

  /** Stores or changes a user's vote on an answer; false when the answer is unknown (never recorded, or pruned). */
  vote(answerId: string, userId: string, vote: Vote, now = new Date()): boolean {
    if (!this.unsaved.has(answerId) && !this.isStored(answerId)) return false;
    const row = { answerId, userHash: this.hashUser(userId), vote, votedAt: now.toISOString() };
    this.options.writes.enqueue('feedback vote', (db) =>
      db
        .prepare(
          // The answer may have been pruned meanwhile: then there is nothing to vote on.
          `INSERT INTO feedback_votes (answer_id, user_hash, vote, voted_at)
           SELECT @answerId, @userHash, @vote, @votedAt WHERE EXISTS (SELECT 1 FROM feedback_answers WHERE id = @answerId)
           ON CONFLICT (answer_id, user_hash) DO UPDATE SET vote = excluded.vote, voted_at = excluded.voted_at`,
        )
        .run(row),
    );
    return true;
  }

  /** The voter's stand-in: HMAC-SHA-256 of the user id under the key, so one vote per user without storing who. */
  hashUser(userId: string): string {
    return createHmac('sha256', this.options.key).update(userId).digest('hex');
  }

  /**
   * Deletes answers older than the retention period; their votes go with them (ON DELETE CASCADE), and so do the
   * refused and down-voted questions the coverage gaps are read from (src/gaps/).
   */
  prune(now = new Date()): void {
    const cutoff = new Date(now.getTime() - this.options.retentionDays * DAY_MS).toISOString();
    this.options.writes.enqueue('feedback pruning', (db) => db.prepare('DELETE FROM feedback_answers WHERE created_at < ?').run(cutoff));
  }

  /** Whether the answer is in the database; a read refused by a lock counts as yes (the queued vote checks again). */
  private isStored(answerId: string): boolean {
    try {
      return this.db.prepare('SELECT 1 FROM feedback_answers WHERE id = ?').get(answerId) !== undefined;
    } catch (error) {
      if (isLocked(error)) return true;
      throw error;
    }
  }
}

/** Totals and the most down-voted questions: counts and question text (stored without mentions or ids), no hashes. */
export function feedbackSummary(db: Db, limit = 5): FeedbackSummary {
  prepareFeedbackTables(db);
  const totals = db
    .prepare(
      `SELECT (SELECT COUNT(*) FROM feedback_answers) AS answers,
              COUNT(*) AS votes,
              COALESCE(SUM(vote = 'up'), 0) AS up,
              COALESCE(SUM(vote = 'down'), 0) AS down
       FROM feedback_votes`,
    )
    .get() as { answers: number; votes: number; up: number; down: number };
  const mostDownVoted = db
    .prepare(
      `SELECT a.question, SUM(v.vote = 'down') AS down, SUM(v.vote = 'up') AS up
       FROM feedback_votes v JOIN feedback_answers a ON a.id = v.answer_id
       GROUP BY a.question HAVING down > 0
       ORDER BY down DESC, up ASC, MAX(v.voted_at) DESC LIMIT ?`,
    )
    .all(limit) as { question: string; down: number; up: number }[];
  const byOutcome = db
    .prepare(
      `SELECT a.outcome, COUNT(DISTINCT a.id) AS answers, COALESCE(SUM(v.vote = 'up'), 0) AS up, COALESCE(SUM(v.vote = 'down'), 0) AS down
       FROM feedback_answers a LEFT JOIN feedback_votes v ON v.answer_id = a.id
       GROUP BY a.outcome ORDER BY answers DESC, a.outcome`,
    )
    .all() as FeedbackSummary['byOutcome'];
  return { ...totals, upRatio: totals.votes > 0 ? totals.up / totals.votes : undefined, mostDownVoted, byOutcome };
}
