import fs from 'node:fs';

/** One evaluation question: `section` null means the digest does not cover it. */
export interface EvalQuestion {
  q: string;
  section: number | null;
  keys?: string[];
}

/** What the metrics need of an answer: whether it answered, and its ranked citations. */
export interface RankedResult {
  answered: boolean;
  citations: { section: number; text: string }[];
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
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, i) => {
      try {
        return JSON.parse(line) as EvalQuestion;
      } catch {
        throw new Error(`${file}:${i + 1}: not valid JSON`);
      }
    });
}

/** The metrics of ../shared/eval/README.md: hit@1, key@3 and false refusals over answerable questions; refusals over off-topic ones. */
export function score(questions: readonly EvalQuestion[], results: readonly RankedResult[]): EvalReport {
  let answerable = 0, offTopic = 0, hits = 0, keys = 0, refusals = 0, falseRefusals = 0;
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
