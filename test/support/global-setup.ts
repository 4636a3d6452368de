/**
 * Run by `npm test` before the suites: builds the product bundle the spawned entry points run from, the bundles of
 * the suites themselves (./test-bundles.ts) and the shared index. Nothing is built after this: the suites run with
 * PAPERBOT_TEST_PREBUILT=1 and only read dist/, so no suite can rewrite a file another one is running.
 *
 * As make does, a run whose bundles were built from exactly what is there now (sources, tests, build settings,
 * installed packages, and the product bundle itself, which `npm start` may have rebuilt meanwhile) reuses them:
 * building takes ~4 s of the run's wall time.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { buildProduct } from '../../esbuild.config.mjs';
import { setLogLevel } from '../../src/log.ts';
import { ensureSharedIndex, removeStaleSharedIndexes, ROOT } from './core.ts';
import { buildTestBundles, TEST_BUNDLE_DIR } from './test-bundles.ts';

/** Where the fingerprint of the last build is kept: inside dist/test/, which every build of the suites replaces. */
const FINGERPRINT_FILE = path.join(TEST_BUNDLE_DIR, '.built-from');

/** The files under `dir` (relative to the checkout) whose names end with one of `endings`, every level down. */
function filesUnder(dir: string, endings: readonly string[]): string[] {
  const full = path.join(ROOT, dir);
  if (!fs.existsSync(full)) return [];
  return fs
    .readdirSync(full, { recursive: true, encoding: 'utf8' })
    .filter((name) => endings.some((ending) => name.endsWith(ending)))
    .map((name) => path.join(dir, name))
    .sort();
}

/** A hash of everything a build reads or writes that could differ between two runs. */
function fingerprint(): string {
  const hash = crypto.createHash('sha256');
  const files = [
    'esbuild.config.mjs',
    'package.json',
    'package-lock.json',
    'tsconfig.json',
    'node_modules/.package-lock.json',
    ...filesUnder('src', ['.ts']),
    ...filesUnder('test', ['.ts']),
    ...filesUnder('dist', ['.mjs']).filter((file) => !file.startsWith(path.join('dist', 'test'))),
  ];
  for (const file of files) {
    const full = path.join(ROOT, file);
    hash
      .update(file)
      .update('\0')
      .update(fs.existsSync(full) ? fs.readFileSync(full) : 'missing')
      .update('\0');
  }
  return hash.digest('hex');
}

/** The product and the suites bundled, and the fingerprint of what they were built from. */
async function build(): Promise<void> {
  await buildProduct();
  await buildTestBundles();
  fs.writeFileSync(FINGERPRINT_FILE, fingerprint());
}

setLogLevel('warn');
const upToDate = fs.existsSync(FINGERPRINT_FILE) && fs.readFileSync(FINGERPRINT_FILE, 'utf8') === fingerprint();
await Promise.all([upToDate ? undefined : build(), ensureSharedIndex()]);
removeStaleSharedIndexes();
