/**
 * `npm run calibrate [-- --questions file ...]`: re-runs the search that chose the "not covered" thresholds
 * (src/retrieval/settings.ts COVERAGE) on the project's own question files (test/fixtures/, never ../shared/eval) and prints the
 * best settings next to the current ones. Off-topic questions are retrieval questions with `"section": null` and
 * answer-level questions with `"refuse": true`; the objective counts an answered off-topic question twice as much as
 * a false refusal, because a made-up answer costs a reader more than a refusal that names the nearest sections.
 */
import { loadConfig } from '../config.ts';
import { evalFileKind, OWN_QUESTION_FILES, readJsonl, type AnswerQuestion, type EvalQuestion } from '../eval/metrics.ts';
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
).parse();

const range = (from: number, to: number, step: number) =>
  Array.from({ length: Math.round((to - from) / step) + 1 }, (_, i) => Number((from + i * step).toFixed(3)));

async function main(): Promise<void> {
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

runCli(main);
