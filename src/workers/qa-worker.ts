/** A thread of the answering pool (./qa-pool.ts): its own QaService, loaded once, answering what the pool sends. */
import { parentPort, workerData } from 'node:worker_threads';
import type { Config } from '../config.ts';
import { setLogLevel } from '../log.ts';
import { createQaService } from '../qa.ts';
import { serveQa } from './protocol.ts';

const { config } = workerData as { config: Config };
setLogLevel(config.logLevel);
// A failure to load rejects here, which ends the thread with that error: the pool reports it.
serveQa(parentPort!, await createQaService(config));
