import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Config } from '../config.ts';
import { digestFiles } from '../corpus/load.ts';
import type { LocalQaService } from '../qa.ts';
import type { QaService } from '../types.ts';
import { SENTENCE_WEIGHTS } from '../answer/sentence-weights.ts';
import { leaveOneDigestOut, type HeldOutFigure, type SentenceCase } from './fit-sentences.ts';
import { readJsonl, scoreAnswers, type AnswerQuestion, type AnswerReport } from './metrics.ts';
import { askAll } from './run.ts';

/**
 * How the bot does on digests it was not built around (issue 20's measure): a folder of digests as published, each
 * `<name>.md` (or `.txt`) beside `<name>.answers.jsonl`, asked alone (a corpus of that digest only) and all together
 * with the project's own corpus, where each question's first citation must also come from its own digest. The
 * project's own answer file is asked in the mixed corpus too, to show what the others cost the seed digest.
 */

export interface DigestFigures {
  digest: string;
  alone: AnswerReport;
  together: AnswerReport;
}

export interface DigestsReport {
  digests: DigestFigures[];
  /** The project's own digest, asked with every other digest beside it. */
  own: { file: string; together: AnswerReport };
  /** Each digest alone, its sentences chosen with the current weights and with weights fitted on the others only. */
  heldOut: HeldOutFigure[];
}

type QaFactory = (config: Config) => Promise<QaService & Pick<LocalQaService, 'sentenceChoice'>>;

/** A digest's answerable questions with the sentences their answers are chosen from (what the sentence weights are fitted on). */
export async function sentenceCases(qa: Pick<LocalQaService, 'sentenceChoice'>, digest: string, questions: string): Promise<SentenceCase[]> {
  const cases: SentenceCase[] = [];
  for (const question of readJsonl<AnswerQuestion>(questions).filter((q) => !q.refuse)) {
    const input = await qa.sentenceChoice(question.q);
    if (input) cases.push({ digest, question, input });
  }
  return cases;
}

/** The digests of `dir` that have questions. */
export function digestsWithQuestions(dir: string): { name: string; file: string; questions: string }[] {
  return digestFiles(dir)
    .map((file) => ({ name: file.replace(/\.(md|txt)$/u, ''), file }))
    .map((entry) => ({ ...entry, questions: path.join(dir, `${entry.name}.answers.jsonl`) }))
    .filter((entry) => fs.existsSync(entry.questions));
}

/** Settings for a corpus of just these digest files, copied into `folder` (its corpus/ and index/). */
export function scratchCorpus(config: Config, folder: string, files: { from: string; file: string }[]): Config {
  const corpusDir = path.join(folder, 'corpus');
  fs.mkdirSync(corpusDir, { recursive: true });
  for (const { from, file } of files) fs.copyFileSync(path.join(from, file), path.join(corpusDir, file));
  return { ...config, corpusDir, indexDir: path.join(folder, 'index') };
}

export async function evaluateDigests(dir: string, config: Config, ownAnswers: string, createQa: QaFactory): Promise<DigestsReport> {
  const digests = digestsWithQuestions(dir);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'paperbot-digests-'));
  try {
    const corpusOf = (name: string, files: { from: string; file: string }[]) => scratchCorpus(config, path.join(scratch, name), files);
    const alone = new Map<string, AnswerReport>();
    const cases: SentenceCase[] = [];
    for (const digest of digests) {
      const qa = await createQa(corpusOf(`alone-${digest.name}`, [{ from: dir, file: digest.file }]));
      alone.set(digest.name, scoreAnswers(readJsonl(digest.questions), await askAll(qa, readJsonl(digest.questions))));
      cases.push(...(await sentenceCases(qa, digest.name, digest.questions)));
    }
    cases.push(...(await sentenceCases(await createQa(config), path.basename(config.corpusDir), ownAnswers)));
    const own = fs.readdirSync(config.corpusDir).map((file) => ({ from: config.corpusDir, file }));
    const mixed = await createQa(corpusOf('together', [...own, ...digests.map((digest) => ({ from: dir, file: digest.file }))]));
    const askTagged = async (file: string, digest: string | undefined) => {
      const questions = readJsonl<AnswerQuestion>(file).map((q) => (digest ? { ...q, digest } : q));
      return scoreAnswers(questions, await askAll(mixed, questions));
    };
    const figures: DigestFigures[] = [];
    for (const digest of digests)
      figures.push({ digest: digest.name, alone: alone.get(digest.name)!, together: await askTagged(digest.questions, digest.name) });
    return {
      digests: figures,
      own: { file: ownAnswers, together: await askTagged(ownAnswers, undefined) },
      heldOut: leaveOneDigestOut(cases, SENTENCE_WEIGHTS),
    };
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

const fact = (r: AnswerReport) => `${r.factRate.toFixed(2)} (${Math.round(r.factRate * r.questions)}/${r.questions})`;
const figures = (r: AnswerReport) => `${fact(r)}, ${r.falselyRefused}, ${r.refused}/${r.refusable}`;
const mean = (values: readonly number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
/** The digests' figures summed: the mean answer-fact rate, and the counts over all of them. */
function overall(reports: readonly AnswerReport[]): string {
  const sum = (pick: (r: AnswerReport) => number) => reports.reduce((total, r) => total + pick(r), 0);
  const refused = `${sum((r) => r.refused)}/${sum((r) => r.refusable)}`;
  return `mean ${mean(reports.map((r) => r.factRate)).toFixed(2)}, ${sum((r) => r.falselyRefused)}, ${refused}`;
}

/** The table `npm run eval -- --digests <dir>` prints, and with `verbose` every miss. */
export function describeDigests(report: DigestsReport, verbose: boolean): string[] {
  const lines = [
    'digest | alone: answer-fact, false refusals, off-topic refused | with all the others: answer-fact (first citation from it), false refusals, off-topic refused',
  ];
  for (const { digest, alone, together } of report.digests) lines.push(`${digest} | ${figures(alone)} | ${figures(together)}`);
  lines.push(
    `all ${report.digests.length} digests | ${overall(report.digests.map((d) => d.alone))} | ${overall(report.digests.map((d) => d.together))}`,
  );
  lines.push(`${path.basename(report.own.file)} (the project's own digest) | - | ${figures(report.own.together)}`);
  lines.push(
    '',
    'leave-one-digest-out, each digest alone | questions | quotes state the facts: current weights, weights fitted on the other digests',
  );
  for (const f of report.heldOut) lines.push(`${f.digest} | ${f.questions} | ${f.current.toFixed(2)}, ${f.heldOut.toFixed(2)}`);
  lines.push(
    `mean | ${report.heldOut.reduce((n, f) => n + f.questions, 0)} | ${mean(report.heldOut.map((f) => f.current)).toFixed(2)}, ${mean(report.heldOut.map((f) => f.heldOut)).toFixed(2)}`,
  );
  if (verbose) {
    for (const { digest, alone, together } of report.digests) {
      for (const f of alone.failures) lines.push(`  ${digest} alone miss: ${f.q}\n      → ${f.answer.replace(/\n/gu, ' ').slice(0, 240)}`);
      for (const f of together.failures) lines.push(`  ${digest} together miss: ${f.q}\n      → ${f.answer.replace(/\n/gu, ' ').slice(0, 240)}`);
    }
  }
  return lines;
}
