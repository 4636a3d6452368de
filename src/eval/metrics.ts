import fs from 'node:fs';
import { UserError } from '../user-error.ts';

/** One evaluation question: `section` null means the digest does not cover it. */
export interface EvalQuestion {
  q: string;
  section: number | null;
  keys?: string[];
}

/** What the metrics need of an answer: whether it answered, and its ranked citations. */
export interface RankedResult {
  answered: boolean;
  citations: { section: number; text: string; digest?: string }[];
}

export interface EvalReport {
  answerable: number;
  offTopic: number;
  hitAt1: number;
  keyAt3: number;
  refusals: number;
  falseRefusals: number;
  failures: { q: string; expected: number | null; got: number | null; hit: boolean; key: boolean; answered: boolean }[];
}

export function readQuestions(file: string): EvalQuestion[] {
  return readJsonl<EvalQuestion>(file);
}

/** The metrics of ../shared/eval/README.md: hit@1, key@3 and false refusals over answerable questions; refusals over off-topic ones. */
export function score(questions: readonly EvalQuestion[], results: readonly RankedResult[]): EvalReport {
  let answerable = 0,
    offTopic = 0,
    hits = 0,
    keys = 0,
    refusals = 0,
    falseRefusals = 0;
  const failures: EvalReport['failures'] = [];
  questions.forEach((question, i) => {
    const result = results[i]!;
    const got = result.citations[0]?.section ?? null;
    if (question.section === null) {
      offTopic++;
      if (!result.answered) refusals++;
      else failures.push({ q: question.q, expected: null, got, hit: false, key: false, answered: true });
      return;
    }
    answerable++;
    const hit = got === question.section;
    const key = result.citations.slice(0, 3).some((c) => (question.keys ?? []).some((k) => c.text.includes(k)));
    if (hit) hits++;
    if (key) keys++;
    if (!result.answered) falseRefusals++;
    if (!hit || !key || !result.answered) failures.push({ q: question.q, expected: question.section, got, hit, key, answered: result.answered });
  });
  return {
    answerable,
    offTopic,
    hitAt1: answerable ? hits / answerable : 0,
    keyAt3: answerable ? keys / answerable : 0,
    refusals: offTopic ? refusals / offTopic : 0,
    falseRefusals: answerable ? falseRefusals / answerable : 0,
    failures,
  };
}

/** The p-th percentile (nearest rank) of `values`; NaN for none. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

/** An answer-level question (../shared/eval/README.md): the answer text must state the facts in `groups`. */
export interface AnswerQuestion {
  q: string;
  sections?: number[];
  groups?: string[][];
  min?: number;
  /** Our own files also hold questions the bot must refuse. */
  refuse?: boolean;
  kind?: string;
  /** With several digests loaded: the digest the first citation must come from. */
  digest?: string;
}

export interface ConversationTurn extends AnswerQuestion {
  noCitations?: boolean;
}

export interface Conversation {
  turns: ConversationTurn[];
}

/** What the answer-level metrics need of an answer. */
export interface ReadAnswer extends RankedResult {
  answer: string;
}

/** Whether the answer text contains an alternative of at least `min` (default: all) of the groups. */
export function statesFacts(answer: string, groups: readonly string[][] = [], min?: number): boolean {
  const text = answer.toLowerCase();
  const matched = groups.filter((group) => group.some((alternative) => text.includes(alternative.toLowerCase()))).length;
  return matched >= (min ?? groups.length);
}

/** Answered, first source in one of `sections` (an empty or absent list accepts any) and the facts stated. */
export function answerStatesFact(question: AnswerQuestion, result: ReadAnswer): boolean {
  if (question.refuse) return !result.answered;
  const first = result.citations[0];
  const sectionOk = !question.sections || question.sections.length === 0 || (first !== undefined && question.sections.includes(first.section));
  const digestOk = !question.digest || first?.digest === question.digest;
  return result.answered && sectionOk && digestOk && statesFacts(result.answer, question.groups, question.min);
}

/** A conversation turn passes as ../shared/eval/README.md defines it. */
export function turnPasses(turn: ConversationTurn, result: ReadAnswer): boolean {
  if (turn.refuse) return !result.answered;
  if (turn.noCitations) return result.citations.length === 0 && statesFacts(result.answer, turn.groups, turn.min);
  return answerStatesFact(turn, result);
}

export interface AnswerReport {
  questions: number;
  factRate: number;
  /** Answerable questions that were refused. */
  falselyRefused: number;
  refusable: number;
  refused: number;
  failures: { q: string; answer: string; kind?: string }[];
}

export function scoreAnswers(questions: readonly AnswerQuestion[], results: readonly ReadAnswer[]): AnswerReport {
  const failures: AnswerReport['failures'] = [];
  let stated = 0,
    answerable = 0,
    falselyRefused = 0,
    refusable = 0,
    refused = 0;
  questions.forEach((question, i) => {
    const ok = answerStatesFact(question, results[i]!);
    if (question.refuse) {
      refusable++;
      if (ok) refused++;
    } else {
      answerable++;
      if (ok) stated++;
      if (!results[i]!.answered) falselyRefused++;
    }
    if (!ok) failures.push({ q: question.q, answer: results[i]!.answer, ...(question.kind ? { kind: question.kind } : {}) });
  });
  return { questions: answerable, factRate: answerable ? stated / answerable : 0, falselyRefused, refusable, refused, failures };
}

export interface ConversationReport {
  turns: number;
  accuracy: number;
  failures: { conversation: number; turn: number; q: string; answer: string }[];
}

export function scoreConversations(conversations: readonly Conversation[], results: readonly ReadAnswer[][]): ConversationReport {
  let turns = 0,
    passed = 0;
  const failures: ConversationReport['failures'] = [];
  conversations.forEach((conversation, c) =>
    conversation.turns.forEach((turn, t) => {
      turns++;
      const result = results[c]![t]!;
      if (turnPasses(turn, result)) passed++;
      else failures.push({ conversation: c + 1, turn: t + 1, q: turn.q, answer: result.answer });
    }),
  );
  return { turns, accuracy: turns ? passed / turns : 0, failures };
}

/** A question file that is missing or not JSONL of objects; the message names the file (and line). */
export class QuestionFileError extends UserError {
  override name = 'QuestionFileError';
}

/**
 * The project's own question files (see test/fixtures/), from the project root: what `npm run eval`, `bench` and
 * `calibrate` read when no file is given. `holdout` was written after the answer changes it checks, and `checking` (questions
 * carrying words that only set the scene; conversations whose off-topic turn follows an answer) by someone who did not see
 * the code: never tune on them.
 */
export const OWN_QUESTION_FILES = {
  retrieval: ['test/fixtures/questions.jsonl', 'test/fixtures/hard-questions.jsonl'],
  answers: ['test/fixtures/answers.jsonl'],
  holdout: ['test/fixtures/answers-holdout.jsonl'],
  conversations: ['test/fixtures/conversations.jsonl'],
  checking: ['test/fixtures/context-words.jsonl', 'test/fixtures/conversations-offtopic.jsonl'],
} as const;

/** Any JSONL file of objects. */
export function readJsonl<T>(file: string): T[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new QuestionFileError(code === 'ENOENT' ? `Question file not found: ${file}` : `Question file ${file} cannot be read (${code}).`);
  }
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, i) => {
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        throw new QuestionFileError(`${file}:${i + 1}: not valid JSON.`);
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new QuestionFileError(`${file}:${i + 1}: not a JSON object.`);
      return value as T;
    });
}

export type EvalFileKind = 'retrieval' | 'answers' | 'conversations';

/** Which metrics a question file is for, read from its first line's fields. */
export function evalFileKind(file: string): EvalFileKind {
  const [first] = readJsonl<Record<string, unknown>>(file);
  if (first && 'turns' in first) return 'conversations';
  if (first && ('groups' in first || 'sections' in first || 'refuse' in first)) return 'answers';
  return 'retrieval';
}
