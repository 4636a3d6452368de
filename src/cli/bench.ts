/**
 * `npm run bench [-- questions.jsonl]`: this pipeline vs the plain LangChain recipe on the same questions and
 * embedding model, side by side: quality (hit@1, key@3), query latency p50/p95, cold start to first answer,
 * index build time and peak RSS. Prints a table and writes the figures as JSON.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { loadConfig, type Config } from '../config.ts';
import { loadCorpus } from '../corpus/load.ts';
import { buildBaseline } from '../eval/baseline.ts';
import { readQuestions, score, type RankedResult } from '../eval/metrics.ts';
import { evaluateFile } from '../eval/run.ts';
import { log, setLogLevel } from '../log.ts';
import { createEmbeddings, createQaService } from '../qa.ts';
import { buildIndex } from '../retrieval/index-store.ts';

const program = new Command('bench')
  .argument('[file]', 'questions', '../shared/eval/dev.jsonl')
  .option('--out <file>', 'where to write the JSON results', 'bench-results.json')
  .option('--repeat <n>', 'timed runs per question', '5')
  .option('--answers <files...>', 'answer-level and conversation files for the answer-fact rate and turn accuracy', [
    '../shared/eval/answers-dev.jsonl',
    '../shared/eval/conversations-dev.jsonl',
    'test/fixtures/answers.jsonl',
    'test/fixtures/conversations.jsonl',
  ])
  .option('--cold-child', 'internal: measure a cold start in this process')
  .parse();
const options = program.opts<{ out: string; repeat: string; coldChild?: boolean; answers: string[] }>();

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
};

async function timeQueries(questions: string[], ask: (q: string) => Promise<RankedResult>, repeat: number) {
  for (const q of questions.slice(0, 3)) await ask(q); // warm-up
  const results: RankedResult[] = [];
  const latencies: number[] = [];
  for (const q of questions) {
    for (let i = 0; i < repeat; i++) {
      const started = performance.now();
      const result = await ask(q);
      latencies.push(performance.now() - started);
      if (i === 0) results.push(result);
    }
  }
  return { results, p50: percentile(latencies, 50), p95: percentile(latencies, 95) };
}

/** Runs in a fresh process: time from process start to the first answer, then peak RSS after all questions. */
async function coldChild(config: Config, questions: string[]): Promise<void> {
  const qa = await createQaService(config);
  await qa.ask(questions[0]!);
  const firstAnswerMs = performance.now();
  for (const q of questions) await qa.ask(q);
  process.stdout.write(JSON.stringify({ firstAnswerMs, peakRssMb: process.resourceUsage().maxRSS / 1024 }) + '\n');
}

async function main(): Promise<void> {
  const config = loadConfig();
  setLogLevel(config.logLevel === 'info' ? 'warn' : config.logLevel);
  const file = program.args[0] ?? '../shared/eval/dev.jsonl';
  const questions = readQuestions(file);
  const texts = questions.map((q) => q.q);
  if (options.coldChild) return coldChild(config, texts);

  const repeat = Number(options.repeat);
  const corpus = loadCorpus(config.corpusDir);
  const embeddings = createEmbeddings(config);
  await embeddings.load();

  const indexDir = fs.mkdtempSync(path.join(os.tmpdir(), 'paperbot-bench-'));
  let started = performance.now();
  await buildIndex({ indexDir, corpus, embeddings });
  const buildMs = performance.now() - started;

  const child = execFileSync(process.execPath, [...process.execArgv, process.argv[1]!, file, '--cold-child'], {
    env: { ...process.env, INDEX_DIR: indexDir, LOG_LEVEL: 'warn' },
    encoding: 'utf8',
  });
  const cold = JSON.parse(child.trim().split('\n').at(-1)!) as { firstAnswerMs: number; peakRssMb: number };

  const qa = await createQaService({ ...config, indexDir });
  const ours = await timeQueries(texts, (q) => qa.ask(q), repeat);
  // What the reader reads: answer-fact rate and conversation turn accuracy (the plain recipe has no answer text).
  const answerLevel = [];
  for (const answerFile of options.answers.filter((f) => fs.existsSync(f))) answerLevel.push(await evaluateFile(qa, answerFile));

  // The recipe gets the digests as received, not their English renderings.
  const sources = new Map(corpus.info.map(({ name }) => [name, fs.readFileSync(path.join(config.corpusDir, `${name}.txt`), 'utf8')]));
  started = performance.now();
  const baseline = await buildBaseline(corpus, sources, embeddings);
  const baselineBuildMs = performance.now() - started;
  const theirs = await timeQueries(texts, (q) => baseline.ask(q), repeat);
  fs.rmSync(indexDir, { recursive: true, force: true });

  const oursScore = score(questions, ours.results);
  const theirScore = score(questions, theirs.results);
  const report = {
    questions: file,
    count: questions.length,
    machine: { cpus: os.cpus().length, node: process.version },
    pipeline: {
      hitAt1: oursScore.hitAt1, keyAt3: oursScore.keyAt3, refusals: oursScore.refusals, falseRefusals: oursScore.falseRefusals,
      p50Ms: ours.p50, p95Ms: ours.p95, indexBuildMs: buildMs, coldStartToFirstAnswerMs: cold.firstAnswerMs, peakRssMb: cold.peakRssMb,
    },
    langchainBaseline: {
      chunks: baseline.chunks, hitAt1: theirScore.hitAt1, keyAt3: theirScore.keyAt3, refusals: theirScore.refusals, falseRefusals: theirScore.falseRefusals,
      p50Ms: theirs.p50, p95Ms: theirs.p95, indexBuildMs: baselineBuildMs,
    },
    answerLevel: answerLevel.map((r) =>
      r.kind === 'answers' ? { file: r.file, answerFactRate: r.report.factRate } : r.kind === 'conversations' ? { file: r.file, turnAccuracy: r.report.accuracy } : { file: r.file },
    ),
    benchPeakRssMb: process.resourceUsage().maxRSS / 1024,
  };
  fs.writeFileSync(options.out, JSON.stringify(report, null, 2) + '\n');

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
    ['peak RSS (MB)', f(cold.peakRssMb, 0), '-', '<= 400'],
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
  console.log(`\n${questions.length} questions from ${file}, ${repeat} timed runs each; JSON written to ${options.out}`);
}

main().catch((error: unknown) => {
  log.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
