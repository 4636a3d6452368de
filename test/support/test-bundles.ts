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

/** Rebuilds dist/test/ from test/*.test.ts, dropping bundles of test files that no longer exist (before any suite runs). */
export async function buildTestBundles(): Promise<void> {
  fs.rmSync(TEST_BUNDLE_DIR, { recursive: true, force: true });
  const testDir = path.join(ROOT, 'test');
  const entryPoints = fs
    .readdirSync(testDir)
    .filter((name) => name.endsWith('.test.ts'))
    .map((name) => path.join(testDir, name));
  await esbuild.build({
    ...BUNDLE,
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
