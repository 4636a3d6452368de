/**
 * The suites as `npm test` runs them: each test file bundled by esbuild into dist/test/ as the product is bundled
 * (esbuild.config.ts), so that every test process runs plain JavaScript. Under `--import tsx` each process pays about half a second of CPU
 * for tsx's loader, which handles every module the suite imports; over some forty files that is a fifth of the
 * run. A suite run alone still runs from source: `node --import tsx --test test/<name>.test.ts`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { NODE_BUNDLE } from '../../esbuild.config.mjs';
import { removeWhenDone, ROOT } from './core.ts';

export const TEST_BUNDLE_DIR = path.join(ROOT, 'dist', 'test');

/**
 * Each source file keeps its own import.meta.url and import.meta.dirname in the bundle, so that paths built from
 * them (the checkout's root, a test's support files, the answering worker beside qa-pool.ts) are those of the source.
 */
const importMetaOfSource: esbuild.Plugin = {
  name: 'import-meta-of-source',
  setup(build) {
    // No /u: esbuild runs the filter as a Go regular expression, which takes no flags.
    build.onLoad({ filter: /\/(src|test)\/.*\.ts$/ }, async ({ path: file }) => {
      const source = await fs.promises.readFile(file, 'utf8');
      const contents = source
        .replaceAll('import.meta.dirname', JSON.stringify(path.dirname(file)))
        .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(file).href));
      return { contents, loader: 'ts' };
    });
  },
};

/** How everything here is bundled: as the product, one file per bundle unless said otherwise. */
const BUNDLE: esbuild.BuildOptions = { ...NODE_BUNDLE, splitting: false, plugins: [...NODE_BUNDLE.plugins!, importMetaOfSource] };

/**
 * Where a suite's own bundle goes: dist/test/support/ (so that the packages left outside the bundle resolve from the
 * checkout's node_modules), under a name of this process's own, removed when the suite ends. No two suites ever
 * write the same file.
 */
function ownBundleFile(name: string): string {
  return removeWhenDone(path.join(TEST_BUNDLE_DIR, 'support', `${name}.${process.pid}.mjs`));
}

/**
 * A worker script of the tests (test/support/<name>.ts) bundled for this suite (a few tens of milliseconds), so that
 * the pool's threads start without tsx whether the suite runs from source or bundled.
 */
export async function bundledSupportWorker(name: string): Promise<URL> {
  const outfile = ownBundleFile(name);
  await esbuild.build({ ...BUNDLE, entryPoints: [path.join(ROOT, 'test', 'support', `${name}.ts`)], outfile });
  return pathToFileURL(outfile);
}

/**
 * A script a suite spawns (JavaScript importing the TypeScript sources by absolute path) bundled for this suite, so
 * that the process starts without tsx. Returns the file.
 */
export async function bundledScript(name: string, source: string): Promise<string> {
  const outfile = ownBundleFile(name);
  await esbuild.build({ ...BUNDLE, stdin: { contents: source, resolveDir: ROOT, loader: 'js' }, outfile });
  return outfile;
}

/**
 * Suites that `npm test` runs in one process, one group per bundle (dist/test/<group>.test.mjs); every other suite
 * runs in a process of its own. Starting a test process and importing its bundle costs about 0.3 s of CPU, and each
 * suite that answers on the main thread loads the model and the index (sharedQa, ~1.5 s): grouped, they pay it once.
 * A group runs its suites one after another, in this order, as a file runs its tests. Left out on purpose: suites
 * with answering pools (the model's runtime cannot be loaded again in a process where a thread that loaded it has
 * ended, src/workers/qa-pool.ts), and the suites that spend most of their time in the product's own processes (bots,
 * shards, `ask`, the other CLIs), which run beside the groups. Run alone, a suite is still its own file:
 * `node --import tsx --test test/<name>.test.ts`.
 */
export const SUITE_GROUPS: Readonly<Record<string, readonly string[]>> = {
  // On the shared QA service (sharedQa), answering in the test's own process; the two that wait on real time last.
  'group-shared-qa': [
    'answer-quality',
    'answering',
    'context-words',
    'qa-pipeline',
    'discord-bot',
    'digest-gaps-discord',
    'ops-discord',
    'discord-written',
    'potd-discord',
  ],
  // Each on a QA service of its own (another corpus, index or model, a server's own digests), sharing the import of
  // the model's runtime, its session, the tokenizer's dictionary and the lexicon (loaded once per process).
  'group-own-corpora': ['index-store', 'multi-digest', 'paper-identity', 'retrieval-units', 'guild-digests'],
  // Pure functions and small stores, a few hundred milliseconds each.
  'group-units': [
    'answer-logic',
    'authors',
    'command-options',
    'config',
    'console-chat',
    'corpus',
    'corpus-markdown',
    'discord-format',
    'discord-helpers',
    'eval-digests',
    'fake-discord',
    'fit-coverage',
    'fit-sentences',
    'gaps',
    'lexicon',
    'log',
    'messages',
    'ops-connection',
    'ops-input',
    'paper-lookup',
    'potd-post',
    'potd-rotation',
    'potd-schedule',
    'rendering',
    'retry',
    'sentences',
    'streamed-reply',
    'text-split',
    'written-check',
  ],
  // The database, the schedulers (which wait on short real intervals) and the few short-lived processes they start.
  'group-storage': [
    'db-conversation',
    'db-datadir',
    'db-lock',
    'feedback-store',
    'potd-race',
    'potd-scheduler',
    'privacy-feedback',
    'scale-index',
    'translate-corpus',
    'written',
  ],
};

/**
 * The bundles (groups or single suites) that take longest on the clock, mostly waiting on processes, timers and the
 * answering workers: started first, the others fill the cores meanwhile; started last, the run waited for them at its
 * end. node --test starts the files in the order of their names, so these are named 01-<name>.test.mjs, 02-..., and
 * sort before the rest.
 */
const START_FIRST = [
  'group-shared-qa',
  'cli',
  'group-storage',
  'sharding',
  'ask-written',
  'load-discord',
  'main',
  'group-own-corpora',
  'digest-discord',
  'ask-cli',
  'load-qa-pool',
  'potd-digest-discord',
];

/** The bundle's file name (without .mjs) of a group or a suite: numbered if it is one of START_FIRST. */
function bundleName(name: string): string {
  const rank = START_FIRST.indexOf(name);
  return rank < 0 ? `${name}.test` : `${String(rank + 1).padStart(2, '0')}-${name}.test`;
}

/** A group's entry: it imports its suites in order, each registering its tests. */
const suiteGroups: esbuild.Plugin = {
  name: 'suite-groups',
  setup(build) {
    build.onResolve({ filter: /^suite-group:/ }, (args) => ({ path: args.path.slice('suite-group:'.length), namespace: 'suite-group' }));
    build.onLoad({ filter: /.*/, namespace: 'suite-group' }, (args) => ({
      contents: SUITE_GROUPS[args.path]!.map((name) => `import ${JSON.stringify(path.join(ROOT, 'test', `${name}.test.ts`))};`).join('\n'),
      resolveDir: ROOT,
      loader: 'js',
    }));
  },
};

/** Rebuilds dist/test/ from test/*.test.ts, dropping bundles of test files that no longer exist (before any suite runs). */
export async function buildTestBundles(): Promise<void> {
  fs.rmSync(TEST_BUNDLE_DIR, { recursive: true, force: true });
  const testDir = path.join(ROOT, 'test');
  const suites = fs
    .readdirSync(testDir)
    .filter((name) => name.endsWith('.test.ts'))
    .map((name) => name.slice(0, -'.test.ts'.length));
  const grouped = new Set<string>();
  for (const [group, members] of Object.entries(SUITE_GROUPS)) {
    for (const name of members) {
      if (!suites.includes(name)) throw new Error(`test/support/test-bundles.ts: ${group} names ${name}, which has no test/${name}.test.ts`);
      if (grouped.has(name)) throw new Error(`test/support/test-bundles.ts: ${name} is in two groups`);
      grouped.add(name);
    }
  }
  const entryPoints = [
    ...Object.keys(SUITE_GROUPS).map((group) => ({ in: `suite-group:${group}`, out: bundleName(group) })),
    ...suites.filter((name) => !grouped.has(name)).map((name) => ({ in: path.join(testDir, `${name}.test.ts`), out: bundleName(name) })),
  ];
  await esbuild.build({
    ...BUNDLE,
    plugins: [...BUNDLE.plugins!, suiteGroups],
    entryPoints,
    outdir: TEST_BUNDLE_DIR,
    outExtension: { '.js': '.mjs' },
    // Code the suites share goes into chunks, and a dynamic import stays one: what a suite does not use (the QA
    // code behind sharedQa, with the model's runtime) is not loaded.
    splitting: true,
    // With --enable-source-maps, a failure's stack points into test/ and src/, not into the bundle. The maps name
    // the files without holding their text (which every suite would parse again: ~7% of the suite's CPU).
    sourcemap: 'linked',
    sourcesContent: false,
  });
}
