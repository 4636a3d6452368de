/**
 * An answering-pool worker for tests that loads no model: ScriptedQa's answers, plus "wait <ms> ..." (answered after
 * that long) and "crash" (the thread dies mid-question). A change to a server's digests is a build that lasts until
 * the question "finish the build" arrives, or until the pool cancels it.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { parentPort } from 'node:worker_threads';
import { serveQa } from '../../src/workers/protocol.ts';
import { ScriptedQa } from './fixtures.ts';

const scripted = new ScriptedQa();
let build: { finish(): void; cancel(error: Error): void } | undefined;
serveQa(parentPort!, {
  papers: scripted.papers,
  async ask(question, options) {
    const wait = /^wait (\d+)/u.exec(question);
    if (wait) await sleep(Number(wait[1]));
    if (question === 'crash') process.exit(3);
    if (question === 'finish the build') build?.finish();
    return scripted.ask(question, options);
  },
  previewDigest: async () => ({ ok: false, problem: 'no-papers' }),
  async changeDigests() {
    await new Promise<void>((finish, cancel) => (build = { finish, cancel }));
    return { ok: true, digests: [] };
  },
  cancelChanges: () => build?.cancel(new Error('indexing was stopped: the bot is shutting down')),
});
