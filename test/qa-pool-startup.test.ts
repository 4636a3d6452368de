/**
 * The real answering worker (from the bundle, as `npm start` runs it) failing to start. In a process of its own: the failed worker has loaded the model's
 * runtime (onnxruntime-node 1.14) and ended, after which another worker loading it in the same process may abort the
 * process (see src/workers/qa-pool.ts), as it did when this test shared load-qa-pool.test.ts's process.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { QaPool } from '../src/workers/qa-pool.ts';
import { bundledQaWorker, tempDir, testConfig } from './support/core.ts';

test('the real worker: a start-up failure reaches the caller with its message', async () => {
  await assert.rejects(
    QaPool.start(testConfig({ CORPUS_DIR: tempDir('paperbot-empty-corpus-'), INDEX_DIR: tempDir('paperbot-index-') }), {
      workerUrl: bundledQaWorker(),
    }),
    /No digest \(\*\.md or \*\.txt\)/u,
  );
});
