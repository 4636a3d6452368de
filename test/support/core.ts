/**
 * Shared set-up for tests: temporary folders, the one index a test run shares, and the bundle that spawned entry
 * points run from. No test writes into the checkout's index/.
 */
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { loadConfig, type Config } from '../../src/config.ts';
import { loadCorpus } from '../../src/corpus/load.ts';
import type { LocalQaService } from '../../src/qa.ts';

export const ROOT = path.resolve(import.meta.dirname, '../..');

/**
 * How long a test waits for something that must happen (a reply, a post, a connection) before it fails. Generous on
 * purpose: CI shares two busy cores, and this bounds only how long a broken test hangs, never how fast a working one is.
 */
export const PATIENCE_MS = 120_000;

const madeByThisProcess: string[] = [];
/** Removes what removeWhenDone registered; runs when the suite's process exits, however its tests ended. */
process.on('exit', () => {
  for (const file of madeByThisProcess) fs.rmSync(file, { recursive: true, force: true });
});

/** Registers a file or folder this suite made, to be removed when the suite's process exits. */
export function removeWhenDone(file: string): string {
  madeByThisProcess.push(file);
  return file;
}

/** A new temporary folder, removed with everything in it when the suite's process exits. */
export function tempDir(prefix = 'paperbot-test-'): string {
  return removeWhenDone(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
}

/** The shared index folder of the checkout's corpus, by embedding model. */
const indexDirs = new Map<string, string>();

/**
 * The index folder for a corpus and model: one per corpus, model, index and embedding code, in the OS temp folder, so that a
 * test run builds it at most once (later runs reuse it) and every suite and spawned process shares it.
 */
export function sharedIndexDir(config: Pick<Config, 'corpusDir' | 'embeddingModel'> = loadConfig({}, ROOT)): string {
  // Reading the corpus for its hash takes ~25 ms, and every spawned process and test config asks: the checkout's
  // corpus, which no test changes, is read once per process (a test's own corpus folder each time: it may change).
  const known = path.resolve(config.corpusDir) === path.join(ROOT, 'corpus') ? config.embeddingModel : undefined;
  const cached = known === undefined ? undefined : indexDirs.get(known);
  if (cached) return cached;
  const key = crypto
    .createHash('sha256')
    .update(loadCorpus(config.corpusDir).hash)
    .update(config.embeddingModel)
    .update(fs.readFileSync(path.join(ROOT, 'src/retrieval/index-store.ts')))
    .update(fs.readFileSync(path.join(ROOT, 'src/retrieval/hnsw-store.ts')))
    .update(fs.readFileSync(path.join(ROOT, 'src/retrieval/embeddings.ts')))
    .digest('hex')
    .slice(0, 16);
  const dir = path.join(os.tmpdir(), `paperbot-test-index-${key}`);
  if (known !== undefined) indexDirs.set(known, dir);
  return dir;
}

/** A shared index no run has used for this long was made by an older version of the code: removed by the next run. */
const STALE_INDEX_MS = 24 * 60 * 60 * 1000;

/** Removes the shared indexes of older code (their key differs) that no run has touched for a day. */
export function removeStaleSharedIndexes(): void {
  const current = path.basename(sharedIndexDir());
  for (const name of fs.readdirSync(os.tmpdir())) {
    if (!name.startsWith('paperbot-test-index-') || name === current) continue;
    const dir = path.join(os.tmpdir(), name);
    if (Date.now() - fs.statSync(dir).mtimeMs > STALE_INDEX_MS) fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Settings as a user would have them, with data in a fresh temporary folder and the shared index (unless INDEX_DIR is given). */
export function testConfig(env: Record<string, string> = {}): Config {
  const config = loadConfig({ DATA_DIR: tempDir('paperbot-data-'), LOG_LEVEL: 'error', ...env }, ROOT);
  return env.INDEX_DIR ? config : { ...config, indexDir: sharedIndexDir(config) };
}

let shared: Promise<LocalQaService> | undefined;

/**
 * One real QaService per test process, on the shared index (built here if this run has not built it yet). The index
 * is left readable by everyone: a suite runs the bot as an ordinary user, who reads it too. The QA code (the model's
 * runtime, LangChain) is imported only here, when first needed: most suites using this module never load it.
 */
export function sharedQa(): Promise<LocalQaService> {
  shared ??= import('../../src/qa.ts').then(async ({ createQaService }) => {
    const qa = await createQaService(testConfig());
    readableByAll(sharedIndexDir());
    return qa;
  });
  return shared;
}

/** A QaService over one digest written from these paragraphs, with a corpus folder and an index of its own. */
export async function qaOverDigest(file: string, paragraphs: readonly string[]): Promise<LocalQaService> {
  const dir = tempDir('paperbot-digest-');
  fs.writeFileSync(path.join(dir, file), paragraphs.join('\n\n'));
  const { createQaService } = await import('../../src/qa.ts');
  return createQaService(testConfig({ CORPUS_DIR: dir, INDEX_DIR: tempDir('paperbot-index-') }));
}

/** The shared index folder, built (by sharedQa) only if this run has not built it yet. */
export async function ensureSharedIndex(): Promise<string> {
  const dir = sharedIndexDir();
  if (!fs.existsSync(path.join(dir, 'store', 'manifest.json'))) await sharedQa();
  return dir;
}

function readableByAll(dir: string): void {
  fs.chmodSync(dir, 0o755);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) readableByAll(full);
    else fs.chmodSync(full, 0o644);
  }
}

/** The environment a spawned entry point gets: the shared index, never the checkout's index/. */
export function spawnEnv(env: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  return { ...process.env, NODE_TEST_CONTEXT: undefined, INDEX_DIR: sharedIndexDir(), ...env };
}

/**
 * Set by `npm test`, whose global set-up has built dist/ before any suite starts: suites then never build, so that no
 * suite rewrites files another one is running.
 */
const PREBUILT = process.env.PAPERBOT_TEST_PREBUILT === '1';

/**
 * The node arguments that run an entry point (`main`, `shard-manager`, `cli/ask`, ...) from the esbuild bundle in dist/,
 * as `npm start` and the npm scripts do. Under `npm test` the bundle is built once, before the suites; a suite run
 * alone (`node --import tsx --test test/<name>.test.ts`) rebuilds it when a source file is newer.
 */
export function bundled(entry: string): string[] {
  const file = path.join(ROOT, 'dist', `${entry}.mjs`);
  if (PREBUILT) {
    if (!fs.existsSync(file)) throw new Error(`${file} is missing: the global set-up of npm test builds it`);
  } else if (!fs.existsSync(file) || newestSource() > fs.statSync(file).mtimeMs) {
    execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });
  }
  return [file];
}

/** The answering worker as `npm start` starts it, from the bundle: the thread does not have to start tsx first. */
export function bundledQaWorker(): URL {
  return pathToFileURL(bundled('workers/qa-worker')[0]!);
}

function newestSource(dir = path.join(ROOT, 'src')): number {
  return Math.max(
    ...fs.readdirSync(dir, { withFileTypes: true }).map((entry) => {
      const full = path.join(dir, entry.name);
      return entry.isDirectory() ? newestSource(full) : fs.statSync(full).mtimeMs;
    }),
  );
}

/** Polls `condition` every 25 ms until it holds, failing after `timeoutMs`. */
export async function until(condition: () => boolean, what: string, timeoutMs = PATIENCE_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}
