/**
 * Run by `npm test` before the suites: builds the bundle the spawned entry points run from, the bundles of the
 * suites themselves (./test-bundles.ts) and the shared index, so that suites running in parallel find them ready
 * instead of each building them.
 */
import { setLogLevel } from '../../src/log.ts';
import { bundled, ensureSharedIndex } from './core.ts';
import { buildTestBundles } from './test-bundles.ts';

setLogLevel('warn');
bundled('main');
await Promise.all([buildTestBundles(), ensureSharedIndex()]);
