/**
 * `npm run calibrate -- --digests <dir> [--write]`: fits the weights of the sentence cues that choose an answer's
 * quotes (src/answer/sentence-weights.ts) on the project's own digest (corpus/ with test/fixtures/answers.jsonl) and
 * every digest of <dir> that has a `<name>.answers.jsonl`, prints each digest's figure with weights fitted on the
 * others (leave-one-digest-out), and with --write stores the weights fitted on all of them.
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
import { loadConfig, type Config } from '../config.ts';
import type { SentenceCase } from '../eval/fit-sentences.ts';
import { evalFileKind, OWN_QUESTION_FILES, QuestionFileError, readJsonl, type AnswerQuestion, type EvalQuestion } from '../eval/metrics.ts';
import { configureLog } from '../log.ts';
import type { CoverageEvidence, Thresholds } from '../qa.ts';
import { COVERAGE } from '../retrieval/settings.ts';
import { cliProgram, questionFiles, runCli, withQuestionFiles } from './run.ts';

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

const range = (from: number, to: number, step: number) =>
  Array.from({ length: Math.round((to - from) / step) + 1 }, (_, i) => Number((from + i * step).toFixed(3)));

async function main(): Promise<void> {
  const { digests, write } = program.opts<{ digests?: string; write?: boolean }>();
  if (digests) return fitSentences(digests, Boolean(write));
  const files = questionFiles(program, OWN_FILES);
  const kinds = files.map(evalFileKind); // a missing or broken file is told before the model loads
  const config = loadConfig();
  configureLog({ ...config, logLevel: config.logLevel === 'info' ? 'warn' : config.logLevel });
  const { createQaService, isCovered } = await import('../qa.ts'); // on demand: --help and a usage error do not load it
  const qa = await createQaService(config);
  const cases: { q: string; offTopic: boolean; evidence: CoverageEvidence }[] = [];
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
      if (evidence) cases.push({ q, offTopic, evidence });
      else decidedEarlier++;
    }
  }
  const evaluate = (t: Thresholds) => {
    const answeredOffTopic = cases.filter((c) => c.offTopic && isCovered(c.evidence, t));
    const falseRefusals = cases.filter((c) => !c.offTopic && !isCovered(c.evidence, t));
    return { t, answeredOffTopic, falseRefusals, cost: 2 * answeredOffTopic.length + falseRefusals.length };
  };
  // A sentence similarity alone never answers below 0.60: unrelated questions reach that much with this model.
  const results = range(0.6, 0.7, 0.01).flatMap((strongSentence) =>
    range(0.45, 0.6, 0.01)
      .filter((s) => s <= strongSentence)
      .flatMap((sentence) =>
        range(0.2, 0.6, 0.05).flatMap((lexical) =>
          range(0.6, 1, 0.1).flatMap((strongLexical) =>
            range(0.4, 0.55, 0.05)
              .filter((floor) => floor <= sentence)
              .map((sentenceFloor) => evaluate({ strongSentence, sentence, lexical, strongLexical, sentenceFloor })),
          ),
        ),
      ),
  );
  // Among equally good settings, the most conservative: the highest bar for answering.
  const bar = (t: Thresholds) => [t.strongSentence, t.sentence, t.lexical, t.strongLexical, t.sentenceFloor];
  results.sort((a, b) => a.cost - b.cost || bar(b.t).reduce((d, x, i) => d || x - bar(a.t)[i]!, 0));
  const offTopic = cases.filter((c) => c.offTopic).length;
  console.log(
    `${cases.length} questions reach the decision (${offTopic} off-topic, ${cases.length - offTopic} answerable); ${decidedEarlier} are decided before it (names, catalogue, small talk).`,
  );
  const show = (label: string, r: ReturnType<typeof evaluate>) =>
    console.log(
      `${label.padEnd(8)} strong ${r.t.strongSentence.toFixed(2)}  sentence ${r.t.sentence.toFixed(2)}  lexical ${r.t.lexical.toFixed(2)}  ` +
        `strongLexical ${r.t.strongLexical.toFixed(2)}  floor ${r.t.sentenceFloor.toFixed(2)}  →  ` +
        `off-topic answered ${r.answeredOffTopic.length}/${offTopic}, false refusals ${r.falseRefusals.length}/${cases.length - offTopic}`,
    );
  show('current', evaluate(COVERAGE));
  results.slice(0, 5).forEach((r, i) => show(i === 0 ? 'best' : `#${i + 1}`, r));
  const current = evaluate(COVERAGE);
  for (const c of current.answeredOffTopic)
    console.log(`  answered off-topic: ${c.q} (${c.evidence.sentenceTop.toFixed(3)}, ${c.evidence.lexicalCoverage.toFixed(3)})`);
  for (const c of current.falseRefusals)
    console.log(`  refused answerable: ${c.q} (${c.evidence.sentenceTop.toFixed(3)}, ${c.evidence.lexicalCoverage.toFixed(3)})`);
}

/** Each digest's answerable questions with the sentences their answers are chosen from. */
async function sentenceCases(dir: string, config: Config): Promise<SentenceCase[]> {
  const { digestsWithQuestions, scratchCorpus, sentenceCases: casesOf } = await import('../eval/digests.ts');
  const digests = digestsWithQuestions(dir);
  if (digests.length === 0) throw new QuestionFileError(`No digest with a <name>.answers.jsonl in ${dir}`);
  const { createQaService } = await import('../qa.ts');
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
    const cases: SentenceCase[] = [];
    for (const corpus of corpora) cases.push(...(await casesOf(await createQaService(corpus.config), corpus.digest, corpus.questions)));
    return cases;
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

async function fitSentences(dir: string, write: boolean): Promise<void> {
  const config = loadConfig();
  configureLog({ ...config, logLevel: config.logLevel === 'info' ? 'warn' : config.logLevel });
  const cases = await sentenceCases(dir, config);
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
