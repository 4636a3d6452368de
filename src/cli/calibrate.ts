/**
 * `npm run calibrate -- --digests <dir> [--write]`: fits the weights of the sentence cues that choose an answer's
 * quotes (src/answer/sentence-weights.ts) on the project's own digest (corpus/ with test/fixtures/answers.jsonl) and
 * every digest of <dir> that has a `<name>.answers.jsonl`, prints each digest's figure with weights fitted on the
 * others (leave-one-digest-out), and with --write stores the weights fitted on all of them. It then checks the "not
 * covered" thresholds the same way: each digest's false refusals and answered off-topic questions with the current
 * thresholds and with those the search below chooses on the other digests (src/eval/fit-coverage.ts).
 *
 * `npm run calibrate [-- --questions file ...]`: re-runs the search that chose the "not covered" thresholds
 * (src/retrieval/settings.ts COVERAGE) on the project's own question files (test/fixtures/, never ../shared/eval) and prints the
 * best settings next to the current ones. Off-topic questions are retrieval questions with `"section": null` and
 * answer-level questions with `"refuse": true`; the objective counts an answered off-topic question twice as much as
 * a false refusal, because a made-up answer costs a reader more than a refusal that names the nearest sections.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Config } from '../config.ts';
import type { SentenceCase } from '../eval/fit-sentences.ts';
import { evalFileKind, OWN_QUESTION_FILES, QuestionFileError, readJsonl, type AnswerQuestion, type EvalQuestion } from '../eval/metrics.ts';
import { configureLog } from '../log.ts';
import type { CoverageCase, ThresholdResult } from '../eval/fit-coverage.ts';
import { COVERAGE } from '../retrieval/settings.ts';
import { cliProgram, loadSettings, questionFiles, runCli, withQuestionFiles } from './run.ts';

/** The holdout answers are not among them: they check the tuning, so they must not take part in it. */
const OWN_FILES = [...OWN_QUESTION_FILES.retrieval, ...OWN_QUESTION_FILES.answers];

const program = withQuestionFiles(
  cliProgram('calibrate', 'Choose the "not covered" thresholds on our own question files'),
  'a retrieval or answer-level question file',
  OWN_FILES,
)
  .option('--digests <dir>', 'instead: fit the sentence weights on corpus/ and the digests of <dir> with their <name>.answers.jsonl')
  .option('--write', 'with --digests: store the weights fitted on all digests in src/answer/sentence-weights.ts')
  .parse();

async function main(): Promise<void> {
  const { digests, write } = program.opts<{ digests?: string; write?: boolean }>();
  if (digests) return fitSentences(digests, Boolean(write));
  const files = questionFiles(program, OWN_FILES);
  const kinds = files.map(evalFileKind); // a missing or broken file is told before the model loads
  const config = await loadSettings();
  configureLog({ ...config, logLevel: config.logLevel === 'info' ? 'warn' : config.logLevel });
  const { createQaService } = await import('../qa.ts'); // on demand: --help and a usage error do not load it
  const qa = await createQaService(config);
  const { searchThresholds, evaluateThresholds } = await import('../eval/fit-coverage.ts');
  const cases: CoverageCase[] = [];
  let decidedEarlier = 0;
  for (const [i, file] of files.entries()) {
    const kind = kinds[i]!;
    if (kind === 'conversations') continue;
    const questions =
      kind === 'answers'
        ? readJsonl<AnswerQuestion>(file).map((q) => ({ q: q.q, offTopic: q.refuse === true }))
        : readJsonl<EvalQuestion>(file).map((q) => ({ q: q.q, offTopic: q.section === null }));
    for (const { q, offTopic } of questions) {
      const evidence = await qa.coverageEvidence(q).catch(() => undefined);
      if (evidence) cases.push({ digest: path.basename(config.corpusDir), q, offTopic, evidence, passageShift: {} });
      else decidedEarlier++;
    }
  }
  const results = searchThresholds(cases);
  const offTopic = cases.filter((c) => c.offTopic).length;
  console.log(
    `${cases.length} questions reach the decision (${offTopic} off-topic, ${cases.length - offTopic} answerable); ${decidedEarlier} are decided before it (names, catalogue, small talk).`,
  );
  const show = (label: string, r: ThresholdResult) =>
    console.log(
      `${label.padEnd(8)} strong ${r.t.strongSentence.toFixed(2)}  sentence ${r.t.sentence.toFixed(2)}  lexical ${r.t.lexical.toFixed(2)}  ` +
        `strongLexical ${r.t.strongLexical.toFixed(2)}  floor ${r.t.sentenceFloor.toFixed(2)}  →  ` +
        `off-topic answered ${r.answeredOffTopic.length}/${offTopic}, false refusals ${r.falseRefusals.length}/${cases.length - offTopic}`,
    );
  const current = evaluateThresholds(cases, COVERAGE);
  show('current', current);
  results.slice(0, 5).forEach((r, i) => show(i === 0 ? 'best' : `#${i + 1}`, r));
  for (const c of current.answeredOffTopic)
    console.log(`  answered off-topic: ${c.q} (${c.evidence.sentenceTop.toFixed(3)}, ${c.evidence.lexicalCoverage.toFixed(3)})`);
  for (const c of current.falseRefusals)
    console.log(`  refused answerable: ${c.q} (${c.evidence.sentenceTop.toFixed(3)}, ${c.evidence.lexicalCoverage.toFixed(3)})`);
}

/**
 * Each digest alone: its answerable questions with the sentences their answers are chosen from, and every question
 * that reaches the "not covered" decision with its evidence and the shift that digest gives the thresholds.
 */
async function digestCases(dir: string, config: Config): Promise<{ sentences: SentenceCase[]; coverage: CoverageCase[] }> {
  const { digestsWithQuestions, scratchCorpus, sentenceCases } = await import('../eval/digests.ts');
  const digests = digestsWithQuestions(dir);
  if (digests.length === 0) throw new QuestionFileError(`No digest with a <name>.answers.jsonl in ${dir}`);
  const { createQaService } = await import('../qa.ts');
  const { detectLanguage } = await import('../answer/question.ts');
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'paperbot-calibrate-'));
  try {
    const corpora = [
      { digest: path.basename(config.corpusDir), config, questions: OWN_QUESTION_FILES.answers[0] },
      ...digests.map((d) => ({
        digest: d.name,
        config: scratchCorpus(config, path.join(scratch, d.name), [{ from: dir, file: d.file }]),
        questions: d.questions,
      })),
    ];
    const sentences: SentenceCase[] = [];
    const coverage: CoverageCase[] = [];
    for (const { digest, config: corpusConfig, questions } of corpora) {
      const qa = await createQaService(corpusConfig);
      sentences.push(...(await sentenceCases(qa, digest, questions)));
      for (const question of readJsonl<AnswerQuestion>(questions)) {
        const evidence = await qa.coverageEvidence(question.q).catch(() => undefined);
        const passageShift = qa.context.thresholds[detectLanguage(question.q)].passageShift ?? {};
        if (evidence) coverage.push({ digest, q: question.q, offTopic: question.refuse === true, evidence, passageShift });
      }
    }
    return { sentences, coverage };
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/** Leave-one-digest-out figures of the "not covered" decision, and the thresholds the search chooses on every digest. */
async function reportCoverage(cases: readonly CoverageCase[]): Promise<void> {
  const { leaveOneDigestOutCoverage, searchThresholds } = await import('../eval/fit-coverage.ts');
  console.log(
    '\ndigest | answerable, off-topic | "not covered": false refusals, off-topic answered: current thresholds; chosen on the other digests',
  );
  const figures = leaveOneDigestOutCoverage(cases, COVERAGE);
  const pair = (x: { falseRefusals: number; answeredOffTopic: number }) => `${x.falseRefusals}, ${x.answeredOffTopic}`;
  for (const f of figures) console.log(`${f.digest} | ${f.answerable}, ${f.offTopic} | ${pair(f.current)}; ${pair(f.heldOut)}`);
  const total = (pick: (f: (typeof figures)[number]) => { falseRefusals: number; answeredOffTopic: number }) => ({
    falseRefusals: figures.reduce((n, f) => n + pick(f).falseRefusals, 0),
    answeredOffTopic: figures.reduce((n, f) => n + pick(f).answeredOffTopic, 0),
  });
  console.log(`all digests | | ${pair(total((f) => f.current))}; ${pair(total((f) => f.heldOut))}`);
  const [best] = searchThresholds(cases);
  const t = best!.t;
  console.log(
    `chosen on all ${figures.length} digests: strongSentence ${t.strongSentence}, sentence ${t.sentence}, lexical ${t.lexical}, strongLexical ${t.strongLexical}, sentenceFloor ${t.sentenceFloor} ` +
      `(current ${COVERAGE.strongSentence}, ${COVERAGE.sentence}, ${COVERAGE.lexical}, ${COVERAGE.strongLexical}, ${COVERAGE.sentenceFloor}): ` +
      `${best!.falseRefusals.length} false refusals, ${best!.answeredOffTopic.length} off-topic answered`,
  );
}

async function fitSentences(dir: string, write: boolean): Promise<void> {
  const config = await loadSettings();
  configureLog({ ...config, logLevel: config.logLevel === 'info' ? 'warn' : config.logLevel });
  const { sentences: cases, coverage } = await digestCases(dir, config);
  // On demand, as the model: --help and a usage error do not load the answering code.
  const { fitSentenceWeights, leaveOneDigestOut, statedRate } = await import('../eval/fit-sentences.ts');
  const { SENTENCE_FEATURES } = await import('../answer/sentence-features.ts');
  const { SENTENCE_WEIGHTS } = await import('../answer/sentence-weights.ts');
  console.log('digest | questions | quotes state the facts: current weights, fitted on the other digests');
  const figures = leaveOneDigestOut(cases, SENTENCE_WEIGHTS);
  for (const f of figures) console.log(`${f.digest} | ${f.questions} | ${f.current.toFixed(2)}, ${f.heldOut.toFixed(2)}`);
  const mean = (pick: (f: (typeof figures)[number]) => number) => figures.reduce((sum, f) => sum + pick(f), 0) / figures.length;
  console.log(`mean over digests | ${cases.length} | ${mean((f) => f.current).toFixed(2)}, ${mean((f) => f.heldOut).toFixed(2)}`);
  const fitted = fitSentenceWeights(cases);
  console.log(`fitted on all ${figures.length} digests (in-sample ${statedRate(cases, fitted).toFixed(2)}):`);
  for (const name of SENTENCE_FEATURES)
    console.log(`  ${name.padEnd(16)} ${SENTENCE_WEIGHTS[name].toFixed(3).padStart(7)} → ${fitted[name].toFixed(3).padStart(7)}`);
  await reportCoverage(coverage);
  if (!write) return;
  const file = path.resolve(import.meta.dirname, '..', '..', 'src', 'answer', 'sentence-weights.ts');
  const rows = SENTENCE_FEATURES.map((name) => `  ${name}: ${fitted[name]},`).join('\n');
  const perDigest = figures.map((f) => ` *   ${f.digest}: ${f.questions} questions, ${f.current.toFixed(2)} → ${f.heldOut.toFixed(2)}`).join('\n');
  fs.writeFileSync(
    file,
    `import type { SentenceWeights } from './sentence-features.ts';

/**
 * How much each cue of a sentence (src/answer/select.ts \`sentenceFeatures\`) counts when choosing the sentences that
 * answer. Written by \`npm run calibrate -- --digests <dir> --write\` (src/cli/calibrate.ts), fitted on ${cases.length} questions
 * over ${figures.length} digests. Leave-one-digest-out (each digest with weights fitted on the others only), the share of
 * questions whose quotes state the asked facts, with the weights before and with the held-out fit:
${perDigest}
 *   mean over digests: ${mean((f) => f.current).toFixed(2)} → ${mean((f) => f.heldOut).toFixed(2)}
 */
export const SENTENCE_WEIGHTS: SentenceWeights = {
${rows}
};
`,
  );
  console.log(`Wrote ${path.relative(process.cwd(), file)}.`);
}

runCli(main);
