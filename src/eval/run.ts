import { nextTurn } from '../answer/conversation.ts';
import { InvalidQuestionError, type Answer, type PreviousTurn, type QaService } from '../types.ts';
import {
  evalFileKind,
  readJsonl,
  score,
  scoreAnswers,
  scoreConversations,
  type AnswerQuestion,
  type AnswerReport,
  type Conversation,
  type ConversationReport,
  type EvalQuestion,
  type EvalReport,
  type ReadAnswer,
} from './metrics.ts';

/**
 * Runs a question file of any kind through a QaService the way users meet it: one question at a time, or
 * conversations whose turns continue each other exactly as `ask --stdin --conversation` does.
 */

export async function askOne(qa: Pick<QaService, 'ask'>, question: string, previous?: PreviousTurn): Promise<Answer | ReadAnswer> {
  try {
    return await qa.ask(question, previous ? { previous } : {});
  } catch (error) {
    if (error instanceof InvalidQuestionError) return { answered: false, answer: error.message, citations: [] };
    throw error;
  }
}

export async function askAll(qa: QaService, questions: readonly { q: string }[]): Promise<ReadAnswer[]> {
  const results: ReadAnswer[] = [];
  for (const { q } of questions) results.push(await askOne(qa, q));
  return results;
}

export async function askConversations(qa: QaService, conversations: readonly Conversation[]): Promise<ReadAnswer[][]> {
  const results: ReadAnswer[][] = [];
  for (const { turns } of conversations) {
    let previous: PreviousTurn | undefined;
    const answers: ReadAnswer[] = [];
    for (const turn of turns) {
      const answer = await askOne(qa, turn.q, previous);
      if ('kind' in answer) previous = nextTurn(previous, answer.question, answer);
      answers.push(answer);
    }
    results.push(answers);
  }
  return results;
}

export type FileReport =
  | { kind: 'retrieval'; file: string; report: EvalReport }
  | { kind: 'answers'; file: string; report: AnswerReport }
  | { kind: 'conversations'; file: string; report: ConversationReport };

export async function evaluateFile(qa: QaService, file: string): Promise<FileReport> {
  const kind = evalFileKind(file);
  if (kind === 'conversations') {
    const conversations = readJsonl<Conversation>(file);
    return { kind, file, report: scoreConversations(conversations, await askConversations(qa, conversations)) };
  }
  if (kind === 'answers') {
    const questions = readJsonl<AnswerQuestion>(file);
    return { kind, file, report: scoreAnswers(questions, await askAll(qa, questions)) };
  }
  const questions = readJsonl<EvalQuestion>(file);
  return { kind, file, report: score(questions, await askAll(qa, questions)) };
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

/** The lines `npm run eval` prints for one file; `verbose` adds every miss. */
export function describeReport(result: FileReport, verbose = true): string[] {
  const lines = [`== ${result.file} (${result.kind})`];
  if (result.kind === 'retrieval') {
    const r = result.report;
    lines.push(
      `questions        ${r.answerable + r.offTopic} (${r.answerable} answerable, ${r.offTopic} off-topic)`,
      `hit@1            ${r.hitAt1.toFixed(3)}`,
      `key@3            ${r.keyAt3.toFixed(3)}`,
      `refusals         ${r.refusals.toFixed(3)} (${pct(r.refusals)} of off-topic refused)`,
      `false refusals   ${r.falseRefusals.toFixed(3)} (${pct(r.falseRefusals)} of answerable refused)`,
    );
    if (verbose) {
      for (const f of r.failures) {
        const what = [
          !f.answered && f.expected !== null ? 'refused' : '',
          f.expected === null ? 'answered' : '',
          f.expected !== null && !f.hit ? `top §${f.got}` : '',
          f.expected !== null && !f.key ? 'no key in top 3' : '',
        ];
        lines.push(`  miss §${f.expected ?? '-'} ${what.filter(Boolean).join(', ')}: ${f.q}`);
      }
    }
  } else if (result.kind === 'answers') {
    const r = result.report;
    lines.push(`answer-fact rate ${r.factRate.toFixed(3)} (${r.questions} questions)`);
    lines.push(`false refusals   ${r.falselyRefused} of ${r.questions} answerable`);
    if (r.refusable > 0) lines.push(`refused          ${r.refused} of ${r.refusable} that should be`);
    if (verbose)
      for (const f of r.failures) lines.push(`  miss${f.kind ? ` [${f.kind}]` : ''}: ${f.q}\n      → ${f.answer.replace(/\n/gu, ' ').slice(0, 300)}`);
  } else {
    const r = result.report;
    lines.push(`turn accuracy    ${r.accuracy.toFixed(3)} (${r.turns} turns)`);
    if (verbose)
      for (const f of r.failures) lines.push(`  miss #${f.conversation}.${f.turn}: ${f.q}\n      → ${f.answer.replace(/\n/gu, ' ').slice(0, 300)}`);
  }
  return lines;
}
