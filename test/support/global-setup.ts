/**
 * Run by `npm test` before the suites: builds the product bundle the spawned entry points run from, the bundles of
 * the suites themselves (./test-bundles.ts) and the shared index. Nothing is built after this: the suites run with
 * PAPERBOT_TEST_PREBUILT=1 and only read dist/, so no suite can rewrite a file another one is running.
 */
import { buildProduct } from '../../esbuild.config.mjs';
import { setLogLevel } from '../../src/log.ts';
import { ensureSharedIndex, removeStaleSharedIndexes } from './core.ts';
import { buildTestBundles } from './test-bundles.ts';

setLogLevel('warn');
await buildProduct();
await Promise.all([buildTestBundles(), ensureSharedIndex()]);
removeStaleSharedIndexes();
