import type { AnswerOutcome } from '../types.ts';
import type { Responder } from '../written/responder.ts';
import { outcomeOf } from '../written/responder.ts';
import { percentile, readJsonl, scoreAnswers, type AnswerQuestion, type ReadAnswer } from './metrics.ts';
import { askOne } from './run.ts';

/**
 * Written answers measured the way readers meet them (`npm run bench` with a model configured): for each outcome,
 * how often it happened, time to the first text shown and to the final answer; and the answer-fact rate of an
 * answer-level file, whoever wrote the text.
 */

export interface OutcomeTimes {
  count: number;
  share: number;
  firstTextP50Ms: number;
  totalP50Ms: number;
  totalP95Ms: number;
}

export interface WrittenBenchReport {
  file: string;
  questions: number;
  answerFactRate: number;
  byOutcome: Partial<Record<AnswerOutcome, OutcomeTimes>>;
}

export async function benchWritten(responder: Responder, file: string): Promise<WrittenBenchReport> {
  const questions = readJsonl<AnswerQuestion>(file);
  const results: ReadAnswer[] = [];
  const timings = new Map<AnswerOutcome, { first: number[]; total: number[] }>();
  for (const { q } of questions) {
    const started = performance.now();
    let firstText: number | undefined;
    const answer = await askOne({ ask: (question) => responder.respond(question, { onText: () => (firstText ??= performance.now()) }) }, q);
    const total = performance.now() - started;
    results.push(answer);
    // A quoted answer appears whole: its first text is the answer.
    const outcome = 'kind' in answer ? outcomeOf(answer) : 'quoted';
    const entry = timings.get(outcome) ?? { first: [], total: [] };
    entry.first.push((firstText ?? performance.now()) - started);
    entry.total.push(total);
    timings.set(outcome, entry);
  }
  const byOutcome: WrittenBenchReport['byOutcome'] = {};
  for (const [outcome, { first, total }] of timings) {
    byOutcome[outcome] = {
      count: total.length,
      share: total.length / questions.length,
      firstTextP50Ms: percentile(first, 50),
      totalP50Ms: percentile(total, 50),
      totalP95Ms: percentile(total, 95),
    };
  }
  return { file, questions: questions.length, answerFactRate: scoreAnswers(questions, results).factRate, byOutcome };
}
