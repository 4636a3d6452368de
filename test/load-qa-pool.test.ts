/**
 * The answering pool: worker threads behind a bounded queue. Most tests use a scripted worker (no model, fast); the
 * last one starts the real worker from source under tsx; the worker of the esbuild bundle that `npm start` runs answers
 * on Discord in main.test.ts. A real worker that fails to start is tested in qa-pool-startup.test.ts, in a process of
 * its own.
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { InvalidQuestionError } from '../src/types.ts';
import { QaBusyError, QaPool } from '../src/workers/qa-pool.ts';
import { ensureSharedIndex, PATIENCE_MS, testConfig } from './support/core.ts';
import { papers } from './support/fixtures.ts';
import { bundledSupportWorker } from './support/test-bundles.ts';

const scriptedWorker = await bundledSupportWorker('scripted-qa-worker');
const pools: QaPool[] = [];

async function scriptedPool(env: Record<string, string> = {}): Promise<QaPool> {
  const pool = await QaPool.start(testConfig({ ANSWER_WORKERS: '1', ...env }), { workerUrl: scriptedWorker });
  pools.push(pool);
  return pool;
}

after(async () => {
  for (const pool of pools) await pool.close();
});

describe('QaPool', () => {
  test('a worker without an embedding model refuses texts to embed and goes on answering', async () => {
    const pool = await scriptedPool();
    await assert.rejects(pool.embedDocuments(['Llama 3?']), /no embedding model/u);
    assert.equal((await pool.ask('QLoRA 是什么？')).question, 'QLoRA 是什么？');
  });

  test("answers questions while its only worker indexes a server's digests", async () => {
    const pool = await scriptedPool();
    let built = false;
    const change = pool.changeDigests('111111111111111111', { kind: 'remove', name: 'notes' }).then((result) => ((built = true), result));
    // The build lasts until a question ends it: answered meanwhile, the question proves the worker is not held up.
    assert.equal((await pool.ask('QLoRA 是什么？')).question, 'QLoRA 是什么？');
    assert.equal(built, false);
    await pool.ask('finish the build');
    assert.deepEqual(await change, { ok: true, digests: [] });
  });

  test('close stops a build under way instead of waiting for it', async () => {
    const pool = await QaPool.start(testConfig({ ANSWER_WORKERS: '1' }), { workerUrl: scriptedWorker, closeGraceMs: PATIENCE_MS });
    const change = pool.changeDigests('111111111111111111', { kind: 'remove', name: 'notes' });
    const stopped = assert.rejects(change, /indexing was stopped: the bot is shutting down/u);
    await pool.ask('QLoRA?'); // the change has reached the worker
    await pool.close();
    await stopped;
  });

  test('answers through its workers and serves the papers the workers loaded', async () => {
    const pool = await scriptedPool({ ANSWER_WORKERS: '2' });
    assert.deepEqual(pool.papers, papers);
    const answers = await Promise.all(['QLoRA 是什么？', 'DPO?', 'Mixtral?'].map((question) => pool.ask(question)));
    assert.deepEqual(
      answers.map((answer) => answer.question),
      ['QLoRA 是什么？', 'DPO?', 'Mixtral?'],
    );
    const followUp = await pool.ask('那显存呢？', {
      previous: { question: 'QLoRA 是什么？', citations: [{ digest: papers[0]!.digest, section: 3 }] },
    });
    assert.match(followUp.answer, /接着上一个问题/u, 'the previous turn reached the worker');
  });

  test('an unusable question rejects with InvalidQuestionError, its reason and message intact; other errors keep their message', async () => {
    const pool = await scriptedPool();
    await assert.rejects(pool.ask('  '), (error: unknown) => {
      assert.ok(error instanceof InvalidQuestionError);
      assert.equal(error.reason, 'empty');
      assert.equal(error.message, '问题是空的。');
      return true;
    });
    await assert.rejects(pool.ask('💥'), (error: Error) => !(error instanceof InvalidQuestionError) && error.message === 'scripted failure');
    assert.equal((await pool.ask('QLoRA?')).question, 'QLoRA?', 'the worker goes on');
  });

  test('past the queue bound a question is refused at once as busy; those taken are all answered', async () => {
    const pool = await scriptedPool({ ANSWER_QUEUE_MAX: '2' });
    const taken = ['wait 300 a', 'b', 'c'].map((question) => pool.ask(question));
    await assert.rejects(pool.ask('d'), QaBusyError);
    assert.deepEqual(
      (await Promise.all(taken)).map((answer) => answer.question),
      ['wait 300 a', 'b', 'c'],
    );
    assert.equal((await pool.ask('e')).question, 'e', 'room again once the queue drains');
  });

  test('a worker that dies fails only its own question, the others go on; when none is left, allStopped settles', async () => {
    const pool = await scriptedPool({ ANSWER_WORKERS: '2' });
    let allStopped: Error | undefined;
    void pool.allStopped.then((error) => (allStopped = error));
    const crashed = pool.ask('crash');
    const queued = ['QLoRA?', 'DPO?'].map((question) => pool.ask(question));
    await assert.rejects(crashed, /worker stopped \(exit code \d+\)/u);
    assert.deepEqual(
      (await Promise.all(queued)).map((answer) => answer.question),
      ['QLoRA?', 'DPO?'],
    );
    assert.equal(allStopped, undefined, 'one worker still answers');

    const last = pool.ask('crash');
    const waiting = pool.ask('wait 10 Mixtral?');
    await assert.rejects(last, /worker stopped/u);
    await assert.rejects(waiting, /every answering worker has stopped/u);
    assert.match((await pool.allStopped).message, /every answering worker has stopped \(the last with exit code \d+\)/u);
    await assert.rejects(pool.ask('after'), /no answering worker is running/u);
  });

  test('close() lets a worker finish the question it is answering, rejects those still queued and ends the workers', async () => {
    const pool = await scriptedPool();
    const answering = pool.ask('wait 300 answering');
    const queued = assert.rejects(pool.ask('queued'), /closed/u);
    await pool.close();
    assert.equal((await answering).question, 'wait 300 answering');
    await queued;
    await assert.rejects(pool.ask('after'), /closed/u);
  });

  test('the real worker from source: real answers, InvalidQuestionError for an unusable question', async () => {
    await ensureSharedIndex();
    // The grace for the question being answered at close is the test's patience: a busy machine can take longer than 5 s.
    const pool = await QaPool.start(testConfig({ ANSWER_WORKERS: '1' }), { closeGraceMs: PATIENCE_MS });
    pools.push(pool);
    assert.equal(pool.papers.length, 10);
    const answer = await pool.ask('QLoRA 需要多少显存?');
    assert.equal(answer.citations[0]?.section, 3);
    // The coverage gaps embed with the workers' model: in order across batches, normalised, a text's vector whatever
    // it is sent with.
    const texts = Array.from({ length: 20 }, (_, i) => `question ${i} about Llama 3`);
    const vectors = await pool.embedDocuments(texts);
    assert.equal(vectors.length, texts.length);
    assert.ok(vectors.every((vector) => vector.length === 512 && Math.abs(Math.hypot(...vector) - 1) < 1e-3));
    assert.deepEqual(await pool.embedDocuments([texts[17]!]), [vectors[17]]);
    await assert.rejects(pool.ask('问'.repeat(1001)), (error: unknown) => error instanceof InvalidQuestionError && error.reason === 'too-long');
    // Closing while the model runs: the question is answered and the process lives on (a worker terminated in the
    // middle of native inference aborted the whole process).
    const answering = pool.ask('QLoRA 和 LoRA 有什么区别？'.repeat(40));
    await pool.close();
    assert.ok((await answering).citations.length > 0);
  });
});
