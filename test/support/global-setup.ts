/**
 * Run by `npm test` before the suites: builds the bundle the spawned entry points run from and the shared index, so
 * that suites running in parallel find both ready instead of each building them.
 */
import { setLogLevel } from '../../src/log.ts';
import { bundled, sharedQa } from './core.ts';

setLogLevel('warn');
bundled('main');
await sharedQa();
