/** A thread of the answering pool (./qa-pool.ts): its own QaService, loaded once, answering what the pool sends. */
import fs from 'node:fs';
import os from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import type { Config } from '../config.ts';
import { configureLog, log } from '../log.ts';
import { createQaService } from '../qa.ts';
import { serveQa } from './protocol.ts';

/**
 * Answering gives way to the gateway thread: on a busy machine the model's inference would otherwise take the cores
 * the gateway needs to acknowledge interactions and heartbeat. On Linux a thread's nice value is its own and the
 * threads it starts (the model's inference pool) inherit it, so this thread is lowered before the model loads.
 * Elsewhere (no /proc/thread-self) priorities stay as they are.
 */
function giveWayToGateway(): void {
  let threadId: number;
  try {
    threadId = Number(fs.readlinkSync('/proc/thread-self').split('/').at(-1));
  } catch {
    return;
  }
  try {
    os.setPriority(threadId, os.constants.priority.PRIORITY_BELOW_NORMAL);
  } catch (error) {
    log.debug('Could not lower the answering thread priority', error);
  }
}

const { config } = workerData as { config: Config };
configureLog(config);
giveWayToGateway();
// A failure to load rejects here, which ends the thread with that error: the pool reports it.
const qa = await createQaService(config);
serveQa(parentPort!, qa, qa.embeddings);
