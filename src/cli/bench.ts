/**
 * `npm run bench [-- --questions questions.jsonl]`: this pipeline vs the plain LangChain recipe on the same questions
 * and embedding model, side by side: quality (hit@1, key@3), query latency p50/p95, cold start to first answer,
 * index build time and peak RSS (building, serving). Prints a table and writes the figures as JSON. By default the
 * questions are the project's own (test/fixtures/questions.jsonl), and so are the answer-level files (--answers).
 *
 * `npm run bench -- --scale [1,10,30,100]`: the same questions over synthetic corpora of that many digests (the
 * real one plus marked copies, in a temp dir): full build time and peak RSS, the time to add one digest to the
 * built index, per-question p50/p95, cold start and serving RSS. Every figure comes from a fresh child process.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InvalidArgumentError, Option } from 'commander';
import type { Config } from '../config.ts';
import { LIMITS } from '../discord/format/limits.ts';
import { evalFileKind, OWN_QUESTION_FILES, percentile, readQuestions, score, type RankedResult } from '../eval/metrics.ts';
import type { WrittenBenchReport } from '../eval/written.ts';
import { configureLog } from '../log.ts';
import { cliProgram, loadSettings, runCli, wholeNumber } from './run.ts';
import { UserError } from '../user-error.ts';

const DEFAULT_QUESTIONS = OWN_QUESTION_FILES.retrieval[0];
const DEFAULT_SCALE = '1,10,30,100';

/** `--scale 1,10,30`: digest counts. */
function scaleSizes(value: string): number[] {
  const sizes = value.split(',').map(Number);
  if (sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new InvalidArgumentError(`Give digest counts such as ${DEFAULT_SCALE}.`);
  return sizes;
}

const program = cliProgram('bench', 'This pipeline against the plain LangChain recipe: quality, latency, build time and memory')
  .argument('[file]', 'the retrieval question file, as with --questions')
  .option('--questions <file>', `retrieval question file ({"q", "section", "keys"} per line) (default: ${DEFAULT_QUESTIONS})`)
  .option('--out <file>', 'where to write the JSON results', 'bench-results.json')
  .option('--repeat <n>', 'timed runs per question', wholeNumber(1), 5)
  .option('--answers <files...>', 'answer-level and conversation files for the answer-fact rate and turn accuracy', [
    ...OWN_QUESTION_FILES.answers,
    ...OWN_QUESTION_FILES.conversations,
  ])
  .addOption(
    new Option('--scale [sizes]', 'scale benchmark over synthetic corpora of these many digests (comma-separated)')
      .argParser(scaleSizes)
      .preset(DEFAULT_SCALE),
  )
  .option('--written-only', 'measure only written answers (needs LLM_BASE_URL)')
  .option('--discord', 'timings on the fake Discord: /ask deferral under a burst and under a database lock, event-loop delay')
  .addOption(new Option('--cold-child', 'internal: measure a cold start and per-question latency in this process').hideHelp())
  .addOption(new Option('--build-child', 'internal: build the index in this process and report its time and peak RSS').hideHelp())
  .parse();
const options = program.opts<{
  questions?: string;
  out: string;
  repeat: number;
  coldChild?: boolean;
  buildChild?: boolean;
  scale?: number[];
  writtenOnly?: boolean;
  discord?: boolean;
  answers: string[];
}>();

async function timeQueries(questions: string[], ask: (q: string) => Promise<RankedResult>, repeat: number) {
  for (const q of questions.slice(0, 3)) await ask(q); // warm-up
  const results: RankedResult[] = [];
  const latencies: number[] = [];
  // CPU time this process spends per question: unlike wall time, barely moved by other work on the machine.
  const cpuTimes: number[] = [];
  for (const q of questions) {
    for (let i = 0; i < repeat; i++) {
      const started = performance.now();
      const cpu = process.cpuUsage();
      const result = await ask(q);
      latencies.push(performance.now() - started);
      const used = process.cpuUsage(cpu);
      cpuTimes.push((used.user + used.system) / 1000);
      if (i === 0) results.push(result);
    }
  }
  return {
    results,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    cpuP50: percentile(cpuTimes, 50),
    cpuP95: percentile(cpuTimes, 95),
  };
}

interface ColdFigures {
  firstAnswerMs: number;
  p50: number;
  p95: number;
  cpuP50: number;
  cpuP95: number;
  peakRssMb: number;
}

/**
 * Runs in a fresh process on a built index: time from process start to the first answer, per-question latency
 * (model loaded, questions one after another), and peak RSS after all of them: what serving costs.
 */
async function coldChild(config: Config, questions: string[], repeat: number): Promise<void> {
  const { createQaService } = await import('../qa.ts');
  const qa = await createQaService(config);
  await qa.ask(questions[0]!);
  const firstAnswerMs = performance.now();
  const { p50, p95, cpuP50, cpuP95 } = await timeQueries(questions, async (q) => qa.ask(q), repeat);
  const figures: ColdFigures = { firstAnswerMs, p50, p95, cpuP50, cpuP95, peakRssMb: process.resourceUsage().maxRSS / 1024 };
  process.stdout.write(JSON.stringify(figures) + '\n');
}

interface BuildFigures {
  buildMs: number;
  reused: number;
  embedded: number;
  passages: number;
  peakRssMb: number;
}

/** Runs in a fresh process: (re)builds the index of CORPUS_DIR in INDEX_DIR, reusing what its cache holds. */
async function buildChild(config: Config): Promise<void> {
  const [{ loadCorpus }, { createEmbeddings }, { buildIndex }] = await Promise.all([
    import('../corpus/load.ts'),
    import('../qa.ts'),
    import('../retrieval/index-store.ts'),
  ]);
  const corpus = loadCorpus(config.corpusDir);
  const embeddings = createEmbeddings(config);
  await embeddings.load(); // the build's time, not the model's
  const started = performance.now();
  const { manifest } = await buildIndex({ indexDir: config.indexDir, corpus, embeddings });
  const figures: BuildFigures = {
    buildMs: performance.now() - started,
    reused: manifest.reused,
    embedded: manifest.embedded,
    passages: manifest.passageCount,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
  process.stdout.write(JSON.stringify(figures) + '\n');
}

/** Runs this script in a child process with `flag` and these settings, and returns the JSON it prints last. */
function child<T>(flag: string, file: string, env: Record<string, string>): T {
  const output = execFileSync(
    process.execPath,
    [...process.execArgv, process.argv[1]!, '--questions', file, flag, '--repeat', String(options.repeat)],
    {
      env: { ...process.env, LOG_LEVEL: 'warn', ...env },
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  return JSON.parse(output.trim().split('\n').at(-1)!) as T;
}

/** Serving figures are measured this many times per corpus size, in rounds over all sizes. */
const SCALE_ROUNDS = 3;

/** The scale benchmark: see the header. One row per corpus size. */
async function scale(config: Config, file: string, sizes: number[]): Promise<void> {
  const { addMarkedCopy, copyCorpus } = await import('../eval/synthetic.ts');
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'paperbot-scale-'));
  try {
    const built = sizes.map((size) => {
      const corpusDir = path.join(root, `corpus-${size}`);
      copyCorpus(config.corpusDir, corpusDir);
      for (let n = 2; n <= size; n++) addMarkedCopy(config.corpusDir, corpusDir, n);
      const env = { CORPUS_DIR: corpusDir, INDEX_DIR: path.join(root, `index-${size}`) };
      return { size, corpusDir, env, build: child<BuildFigures>('--build-child', file, env) };
    });
    // In rounds over every size, so that other work on the machine weighs on all sizes alike; medians are kept.
    const served = built.map((): ColdFigures[] => []);
    for (let round = 0; round < SCALE_ROUNDS; round++) built.forEach(({ env }, i) => served[i]!.push(child<ColdFigures>('--cold-child', file, env)));
    const rows = built.map(({ size, corpusDir, env, build }, i) => {
      const median = (figure: (cold: ColdFigures) => number) => percentile(served[i]!.map(figure), 50);
      const cold = {
        firstAnswerMs: median((c) => c.firstAnswerMs),
        p50: median((c) => c.p50),
        p95: median((c) => c.p95),
        cpuP50: median((c) => c.cpuP50),
        cpuP95: median((c) => c.cpuP95),
        peakRssMb: Math.max(...served[i]!.map((c) => c.peakRssMb)),
      };
      addMarkedCopy(config.corpusDir, corpusDir, size + 1);
      const update = child<BuildFigures>('--build-child', file, env);
      console.log(
        `${size} digests (${build.passages} passages): build ${(build.buildMs / 1000).toFixed(1)} s, peak RSS ${build.peakRssMb.toFixed(0)} MB; ` +
          `+1 digest ${(update.buildMs / 1000).toFixed(1)} s (${update.reused} reused, ${update.embedded} embedded); ` +
          `question p50/p95 ${cold.p50.toFixed(1)}/${cold.p95.toFixed(1)} ms (CPU ${cold.cpuP50.toFixed(1)}/${cold.cpuP95.toFixed(1)} ms); ` +
          `cold start ${(cold.firstAnswerMs / 1000).toFixed(2)} s; serving RSS ${cold.peakRssMb.toFixed(0)} MB`,
      );
      return { digests: size, passages: build.passages, build, update, cold, rounds: served[i] };
    });
    const report = { questions: file, repeat: options.repeat, machine: { cpus: os.cpus().length, node: process.version }, scale: rows };
    fs.writeFileSync(options.out, JSON.stringify(report, null, 2) + '\n');
    console.log(`\nJSON written to ${options.out}`);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

/** The suites whose scenarios the Discord timings come from; they print their figures as diagnostics. */
const DISCORD_SCENARIOS = ['test/load-discord.test.ts', 'test/db-lock.test.ts'];

/**
 * `--discord`: runs the load and database-lock scenarios against the fake Discord (the real client, the real
 * answering pool) and prints the timings they measure. The tests assert order only; the figures are read here.
 */
function discordTimings(): void {
  const output = execFileSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=tap', ...DISCORD_SCENARIOS], {
    encoding: 'utf8',
    env: { ...process.env, NODE_TEST_CONTEXT: undefined },
    maxBuffer: 1 << 26,
  });
  const figures = output
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => /^# (?:burst of|under the lock)/u.test(line))
    .map((line) => line.slice(2));
  for (const line of figures) console.log(line);
  fs.writeFileSync(options.out, JSON.stringify({ discord: figures }, null, 2) + '\n');
}

async function main(): Promise<void> {
  const file = options.questions ?? program.args[0] ?? DEFAULT_QUESTIONS;
  // Missing or broken files are told before anything is loaded.
  if (evalFileKind(file) !== 'retrieval') {
    throw new UserError(`${file} is not a retrieval question file ({"q", "section", "keys"} per line); give answer-level files with --answers.`);
  }
  for (const answerFile of options.answers) evalFileKind(answerFile);
  const config = await loadSettings();
  configureLog({ ...config, logLevel: config.logLevel === 'info' ? 'warn' : config.logLevel });
  const questions = readQuestions(file);
  const texts = questions.map((q) => q.q);
  const repeat = options.repeat;
  if (options.coldChild) return coldChild(config, texts, repeat);
  if (options.buildChild) return buildChild(config);
  if (options.writtenOnly) {
    const written = await measureWritten(config);
    fs.writeFileSync(options.out, JSON.stringify({ written }, null, 2) + '\n');
    return;
  }
  if (options.scale) return scale(config, file, options.scale);
  if (options.discord) return discordTimings();

  // Loaded here, not at the top: --help, a usage error and a missing file are told without loading the model's code.
  const [{ loadCorpus }, { createEmbeddings, createQaService }, { evaluateFile }, { buildBaseline }] = await Promise.all([
    import('../corpus/load.ts'),
    import('../qa.ts'),
    import('../eval/run.ts'),
    import('../eval/baseline.ts'),
  ]);
  const corpus = loadCorpus(config.corpusDir);
  const embeddings = createEmbeddings(config);
  await embeddings.load();

  const indexDir = fs.mkdtempSync(path.join(os.tmpdir(), 'paperbot-bench-'));
  const build = child<BuildFigures>('--build-child', file, { INDEX_DIR: indexDir });
  const buildMs = build.buildMs;
  const cold = child<ColdFigures>('--cold-child', file, { INDEX_DIR: indexDir });

  const qa = await createQaService({ ...config, indexDir });
  const ours = await timeQueries(texts, (q) => qa.ask(q), repeat);
  // What the reader reads: answer-fact rate and conversation turn accuracy (the plain recipe has no answer text).
  const answerLevel = [];
  for (const answerFile of options.answers) answerLevel.push(await evaluateFile(qa, answerFile));

  // The recipe gets the digests as received, not their English renderings.
  const sources = new Map(corpus.info.map(({ name, file }) => [name, fs.readFileSync(path.join(config.corpusDir, file), 'utf8')]));
  const started = performance.now();
  const baseline = await buildBaseline(corpus, sources, embeddings);
  const baselineBuildMs = performance.now() - started;
  const theirs = await timeQueries(texts, (q) => baseline.ask(q), repeat);

  const oursScore = score(questions, ours.results);
  const theirScore = score(questions, theirs.results);
  const report = {
    questions: file,
    count: questions.length,
    machine: { cpus: os.cpus().length, node: process.version },
    pipeline: {
      hitAt1: oursScore.hitAt1,
      keyAt3: oursScore.keyAt3,
      refusals: oursScore.refusals,
      falseRefusals: oursScore.falseRefusals,
      p50Ms: ours.p50,
      p95Ms: ours.p95,
      indexBuildMs: buildMs,
      coldStartToFirstAnswerMs: cold.firstAnswerMs,
      peakRssMb: cold.peakRssMb,
      buildPeakRssMb: build.peakRssMb,
    },
    langchainBaseline: {
      chunks: baseline.chunks,
      hitAt1: theirScore.hitAt1,
      keyAt3: theirScore.keyAt3,
      refusals: theirScore.refusals,
      falseRefusals: theirScore.falseRefusals,
      p50Ms: theirs.p50,
      p95Ms: theirs.p95,
      indexBuildMs: baselineBuildMs,
    },
    answerLevel: answerLevel.map((r) =>
      r.kind === 'answers'
        ? { file: r.file, answerFactRate: r.report.factRate }
        : r.kind === 'conversations'
          ? { file: r.file, turnAccuracy: r.report.accuracy }
          : { file: r.file },
    ),
    benchPeakRssMb: process.resourceUsage().maxRSS / 1024,
  };

  const f = (x: number, digits = 1) => (Number.isFinite(x) ? x.toFixed(digits) : '-');
  const rows: [string, string, string, string][] = [
    ['metric', 'paperbot pipeline', 'LangChain recipe', 'target'],
    ['hit@1', f(oursScore.hitAt1, 3), f(theirScore.hitAt1, 3), '>= 0.95'],
    ['key@3', f(oursScore.keyAt3, 3), f(theirScore.keyAt3, 3), '>= 0.93'],
    ['off-topic refused', f(oursScore.refusals, 3), f(theirScore.refusals, 3), '1.000'],
    ['false refusals', f(oursScore.falseRefusals, 3), f(theirScore.falseRefusals, 3), '<= 0.05'],
    ['query p50 (ms)', f(ours.p50), f(theirs.p50), '<= 25'],
    ['query p95 (ms)', f(ours.p95), f(theirs.p95), '<= 60'],
    ['index build (ms)', f(buildMs, 0), f(baselineBuildMs, 0), '<= 5000'],
    ['cold start to 1st answer (ms)', f(cold.firstAnswerMs, 0), '-', '<= 2000'],
    ['peak RSS serving (MB)', f(cold.peakRssMb, 0), '-', '<= 400'],
    ['peak RSS building (MB)', f(build.peakRssMb, 0), '-', '-'],
    ...answerLevel.flatMap((r): [string, string, string, string][] =>
      r.kind === 'answers'
        ? [[`answer-fact rate (${path.basename(r.file)})`, f(r.report.factRate, 3), '-', '>= 0.90']]
        : r.kind === 'conversations'
          ? [[`turn accuracy (${path.basename(r.file)})`, f(r.report.accuracy, 3), '-', '>= 0.90']]
          : [],
    ),
  ];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  for (const row of rows) console.log(row.map((cell, c) => cell.padEnd(widths[c]!)).join('  '));
  const written = await measureWritten({ ...config, indexDir });
  fs.rmSync(indexDir, { recursive: true, force: true });
  fs.writeFileSync(options.out, JSON.stringify({ ...report, written }, null, 2) + '\n');
  console.log(`\n${questions.length} questions from ${file}, ${repeat} timed runs each; JSON written to ${options.out}`);
}

/**
 * Written answers per outcome on each answer-level file, with the operator's model; without one, says so and skips.
 * Prints its own table.
 */
async function measureWritten(config: Config): Promise<WrittenBenchReport[] | 'skipped: no model configured'> {
  const [{ createResponder, loadWritingModel }, { createQaService }, { benchWritten }] = await Promise.all([
    import('../written/responder.ts'),
    import('../qa.ts'),
    import('../eval/written.ts'),
  ]);
  const model = await loadWritingModel(config);
  if (!model) {
    console.log('\nWritten answers: no language model configured (LLM_BASE_URL unset); skipped.');
    return 'skipped: no model configured';
  }
  const responder = createResponder(await createQaService(config), model, LIMITS.content); // measured as the bot shows them
  const reports: WrittenBenchReport[] = [];
  for (const file of options.answers.filter((f) => evalFileKind(f) === 'answers')) {
    const report = await benchWritten(responder, file);
    reports.push(report);
    console.log(
      `\nWritten answers by ${config.llm!.model}, ${report.questions} questions of ${file}: answer-fact rate ${report.answerFactRate.toFixed(3)}`,
    );
    console.log('outcome    share   first text p50 (ms)  total p50 / p95 (ms)');
    for (const [outcome, t] of Object.entries(report.byOutcome)) {
      console.log(
        `${outcome.padEnd(9)}  ${t.share.toFixed(3)}   ${t.firstTextP50Ms.toFixed(0).padStart(19)}  ${t.totalP50Ms.toFixed(0)} / ${t.totalP95Ms.toFixed(0)}`,
      );
    }
  }
  return reports;
}

runCli(main);
