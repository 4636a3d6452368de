import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Citation } from '../types.ts';
import { type Db, migrate } from './database.ts';

export type Vote = 'up' | 'down';

export interface FeedbackSummary {
  answers: number;
  votes: number;
  up: number;
  down: number;
  /** Share of up-votes among all votes, 0..1; undefined with no votes. */
  upRatio?: number;
  mostDownVoted: { question: string; down: number; up: number }[];
}

/**
 * Answers shown with 👍/👎 buttons and the votes they get. Users are stored only as a salted SHA-256 hash;
 * the salt is random per database, so hashes cannot be matched across deployments or against a list of ids.
 */
export class FeedbackStore {
  private readonly salt: string;

  constructor(private readonly db: Db) {
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
    db.prepare('INSERT OR IGNORE INTO feedback_settings (key, value) VALUES (?, ?)').run(
      'user_salt',
      randomBytes(32).toString('hex'),
    );
    const row = db.prepare('SELECT value FROM feedback_settings WHERE key = ?').get('user_salt') as { value: string };
    this.salt = row.value;
  }

  /** Records an answer that is about to be shown with feedback buttons; returns its id for the buttons. */
  recordAnswer(question: string, citations: readonly Citation[], now = new Date()): string {
    const id = randomUUID();
    this.db
      .prepare('INSERT INTO feedback_answers (id, question, citations_json, created_at) VALUES (?, ?, ?, ?)')
      .run(id, question, JSON.stringify(citations), now.toISOString());
    return id;
  }

  /** Stores or changes `userId`'s vote on an answer; false when the answer is unknown. */
  vote(answerId: string, userId: string, vote: Vote, now = new Date()): boolean {
    const known = this.db.prepare('SELECT 1 FROM feedback_answers WHERE id = ?').get(answerId);
    if (!known) return false;
    this.db
      .prepare(
        `INSERT INTO feedback_votes (answer_id, user_hash, vote, voted_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (answer_id, user_hash) DO UPDATE SET vote = excluded.vote, voted_at = excluded.voted_at`,
      )
      .run(answerId, this.hashUser(userId), vote, now.toISOString());
    return true;
  }

  hashUser(userId: string): string {
    return createHash('sha256').update(this.salt).update(userId).digest('hex');
  }

  summary(limit = 5): FeedbackSummary {
    const totals = this.db
      .prepare(
        `SELECT (SELECT COUNT(*) FROM feedback_answers) AS answers,
                COUNT(*) AS votes,
                COALESCE(SUM(vote = 'up'), 0) AS up,
                COALESCE(SUM(vote = 'down'), 0) AS down
         FROM feedback_votes`,
      )
      .get() as { answers: number; votes: number; up: number; down: number };
    const mostDownVoted = this.db
      .prepare(
        `SELECT a.question, SUM(v.vote = 'down') AS down, SUM(v.vote = 'up') AS up
         FROM feedback_votes v JOIN feedback_answers a ON a.id = v.answer_id
         GROUP BY a.question HAVING down > 0
         ORDER BY down DESC, up ASC, MAX(v.voted_at) DESC LIMIT ?`,
      )
      .all(limit) as { question: string; down: number; up: number }[];
    return { ...totals, upRatio: totals.votes > 0 ? totals.up / totals.votes : undefined, mostDownVoted };
  }
}
