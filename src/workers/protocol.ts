/**
 * What the answering pool (./qa-pool.ts) and its worker threads say to each other. Messages are structured clones,
 * which keep an Error's message but not its class: errors cross as plain data and are revived on the other side.
 */
import type { MessagePort } from 'node:worker_threads';
import type { TextEmbedder } from '../gaps/gaps.ts';
import type { DigestChange, DigestManager } from '../guild-digests/changes.ts';
import { type AskOptions, InvalidQuestionError, type PaperProfile, type QaService } from '../types.ts';

/**
 * One piece of work for the worker: a question, texts to embed with its model (the coverage gaps group questions by
 * their vectors: the model runs only in the workers), or a server's digests (a preview to read, a change to index), or
 * `cancel`: stop indexing, the pool is closing (no reply; the change under way fails, the served digests stay).
 */
export type ToWorker =
  | { type: 'ask'; question: string; options: AskOptions }
  | { type: 'embed'; texts: string[] }
  | { type: 'preview'; fileName: string; bytes: Uint8Array; title?: string }
  | { type: 'change'; guildId: string; change: DigestChange }
  | { type: 'cancel' };

export type Work = Exclude<ToWorker, { type: 'cancel' }>;

/**
 * A worker does one piece of work per lane at a time, so a reply names only its lane: questions, embeddings and
 * previews, or indexing, which may take minutes for a large digest and must not hold up the questions meanwhile (the
 * worker's event loop answers them between the build's embedding batches).
 */
export type Lane = 'question' | 'build';
export const laneOf = (work: Work): Lane => (work.type === 'change' ? 'build' : 'question');

export type FromWorker =
  | { type: 'ready'; papers: readonly PaperProfile[] }
  | { type: 'result'; lane: Lane; result: unknown }
  | { type: 'error'; lane: Lane; error: SerialisedError };

export interface SerialisedError {
  name: string;
  message: string;
  stack?: string;
  reason?: InvalidQuestionError['reason'];
}

export function serialiseError(error: unknown): SerialisedError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  return {
    name: error.name,
    message: error.message,
    ...(error.stack ? { stack: error.stack } : {}),
    ...(error instanceof InvalidQuestionError ? { reason: error.reason } : {}),
  };
}

/** The error as the caller knows it: an InvalidQuestionError stays one (its message is shown to the user). */
export function reviveError(data: SerialisedError): Error {
  const error = data.reason ? new InvalidQuestionError(data.message, data.reason) : new Error(data.message);
  error.name = data.name;
  if (data.stack) error.stack = data.stack;
  return error;
}

/** What a worker can be sent: a service without digests of servers or a model (a test's scripted one) refuses that work. */
function perform(qa: QaService & Partial<DigestManager>, embedder: TextEmbedder | undefined, work: Work): Promise<unknown> {
  if (work.type === 'ask') return qa.ask(work.question, work.options);
  if (work.type === 'embed')
    return embedder ? embedder.embedDocuments(work.texts) : Promise.reject(new Error('this answering worker has no embedding model'));
  if (!qa.previewDigest || !qa.changeDigests) return Promise.reject(new Error("this worker's service keeps no server digests"));
  if (work.type === 'preview') return qa.previewDigest(work.fileName, work.bytes, work.title);
  return qa.changeDigests(work.guildId, work.change);
}

/** The worker's side: announces the service's papers once it is loaded, then does each piece of work it is sent. */
export function serveQa(port: MessagePort, qa: QaService & Partial<DigestManager>, embedder?: TextEmbedder): void {
  const reply = (message: FromWorker) => port.postMessage(message);
  port.on('message', (work: ToWorker) => {
    if (work.type === 'cancel') {
      qa.cancelChanges?.();
      return;
    }
    const lane = laneOf(work);
    perform(qa, embedder, work).then(
      (result) => reply({ type: 'result', lane, result }),
      (error: unknown) => reply({ type: 'error', lane, error: serialiseError(error) }),
    );
  });
  reply({ type: 'ready', papers: qa.papers });
}
