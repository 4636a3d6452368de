/**
 * An answering-pool worker for tests that loads no model: ScriptedQa's answers, plus "wait <ms> ..." (answered after
 * that long) and "crash" (the thread dies mid-question).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { parentPort } from 'node:worker_threads';
import { serveQa } from '../../src/workers/protocol.ts';
import { ScriptedQa } from './fixtures.ts';

const scripted = new ScriptedQa();
serveQa(parentPort!, {
  papers: scripted.papers,
  async ask(question, options) {
    const wait = /^wait (\d+)/u.exec(question);
    if (wait) await sleep(Number(wait[1]));
    if (question === 'crash') process.exit(3);
    return scripted.ask(question, options);
  },
});
