/**
 * Coverage gaps: the questions members asked that no digest answers — refused ("not covered") or voted 👎 by more
 * members than voted 👍 — grouped by topic, so a group sees what to add next. They are read from the feedback store's
 * answers (src/storage/feedback.ts), which keep the question without mentions or ids, the server it was asked in and
 * whether it was refused, and are deleted after FEEDBACK_RETENTION_DAYS like the rest of the feedback.
 */
import type { Db } from '../storage/database.ts';
import { prepareFeedbackTables } from '../storage/feedback.ts';
import { clusterQuestions } from './cluster.ts';

/** Embeds texts for grouping them: the answering pool in the bot, the model itself in the CLI (LangChain's shape). */
export interface TextEmbedder {
  embedDocuments(texts: string[]): Promise<number[][]>;
}

export const DEFAULT_GAP_DAYS = 30;
/** The longest look back `/digest gaps` and `npm run gaps` take (feedback is kept 90 days unless set otherwise). */
export const MAX_GAP_DAYS = 365;
/** Topics `/digest gaps` lists and the chart draws: a longer list no longer reads at a glance. */
export const SHOWN_TOPICS = 10;
/**
 * The most recent questions grouped, at most: each is embedded (a few ms each in an answering worker) and compared with
 * every other, so a busy server's report stays quick; older ones are counted as left out.
 */
export const MAX_GAP_QUESTIONS = 300;
/** Examples listed under a topic besides its central question. */
const EXAMPLES = 2;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface GapScope {
  days: number;
  /** One server's questions; absent: every server's and those asked outside servers. */
  guildId?: string;
  now?: Date;
}

/** One question asked (once) that no digest answered. */
export interface GapQuestion {
  question: string;
  askedAt: string;
  /** Refused as not covered; otherwise answered and voted 👎. */
  refused: boolean;
}

export interface GapTopic {
  /** The question most central to the topic. */
  label: string;
  /** Other questions of the topic, as asked. */
  examples: string[];
  /** How often a question of the topic was asked, and of those how many were refused or answered and voted 👎. */
  asked: number;
  refused: number;
  downVoted: number;
}

export interface GapReport {
  days: number;
  guildId?: string;
  topics: GapTopic[];
  /** Questions grouped, and older ones left out past MAX_GAP_QUESTIONS. */
  questions: number;
  leftOut: number;
}

/** The gap questions in scope, newest first, at most `limit`; `total` counts them all. */
export function gapQuestions(db: Db, scope: GapScope, limit = MAX_GAP_QUESTIONS): { questions: GapQuestion[]; total: number } {
  prepareFeedbackTables(db);
  const since = new Date((scope.now ?? new Date()).getTime() - scope.days * DAY_MS).toISOString();
  const rows = db
    .prepare(
      `SELECT a.question, a.created_at AS askedAt, COALESCE(a.kind = 'refusal', 0) AS refused
       FROM feedback_answers a LEFT JOIN feedback_votes v ON v.answer_id = a.id
       WHERE a.created_at >= @since AND (@guildId IS NULL OR a.guild_id = @guildId)
       GROUP BY a.id
       HAVING refused OR COALESCE(SUM(v.vote = 'down'), 0) > COALESCE(SUM(v.vote = 'up'), 0)
       ORDER BY a.created_at DESC, a.rowid DESC`,
    )
    .all({ since, guildId: scope.guildId ?? null }) as { question: string; askedAt: string; refused: number }[];
  return { questions: rows.slice(0, limit).map((row) => ({ ...row, refused: row.refused === 1 })), total: rows.length };
}

/** The same question asked again, whatever its spacing or case, is one text to embed (as it was last written). */
function sameText(question: string): string {
  return question.trim().replace(/\s+/gu, ' ').toLowerCase();
}

/** The gaps in scope grouped by topic, largest first. */
export async function coverageGaps(db: Db, embedder: TextEmbedder, scope: GapScope): Promise<GapReport> {
  const { questions, total } = gapQuestions(db, scope);
  const byText = new Map<string, GapQuestion[]>();
  for (const question of questions) {
    const key = sameText(question.question);
    byText.set(key, [...(byText.get(key) ?? []), question]);
  }
  const asked = [...byText.values()];
  const texts = asked.map((same) => same[0]!.question.trim());
  const vectors = texts.length > 0 ? await embedder.embedDocuments(texts) : [];
  const topics = clusterQuestions(texts, vectors).map((cluster): GapTopic => {
    const all = cluster.members.flatMap((i) => asked[i]!);
    const refused = all.filter((question) => question.refused).length;
    return {
      label: texts[cluster.central]!,
      examples: cluster.members
        .filter((i) => i !== cluster.central)
        .map((i) => texts[i]!)
        .slice(0, EXAMPLES),
      asked: all.length,
      refused,
      downVoted: all.length - refused,
    };
  });
  topics.sort((a, b) => b.asked - a.asked || b.refused - a.refused);
  return {
    days: scope.days,
    ...(scope.guildId ? { guildId: scope.guildId } : {}),
    topics,
    questions: questions.length,
    leftOut: total - questions.length,
  };
}
