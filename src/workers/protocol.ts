/**
 * What the answering pool (./qa-pool.ts) and its worker threads say to each other. Messages are structured clones,
 * which keep an Error's message but not its class: errors cross as plain data and are revived on the other side.
 */
import type { MessagePort } from 'node:worker_threads';
import type { TextEmbedder } from '../gaps/gaps.ts';
import { type Answer, type AskOptions, InvalidQuestionError, type PaperProfile, type QaService } from '../types.ts';

/**
 * One question for the worker, or texts to embed with its model (the coverage gaps group questions by their vectors:
 * the model runs only in the workers); it does one at a time, so replies need no id.
 */
export type ToWorker = { question: string; options: AskOptions } | { embed: string[] };

export type FromWorker =
  | { type: 'ready'; papers: readonly PaperProfile[] }
  | { type: 'answer'; answer: Answer }
  | { type: 'vectors'; vectors: number[][] }
  | { type: 'error'; error: SerialisedError };

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

/**
 * The worker's side: announces the service's papers once it is loaded, then answers each question it is sent and
 * embeds each list of texts with `embedder` (a worker without one says so).
 */
export function serveQa(port: MessagePort, qa: QaService, embedder?: TextEmbedder): void {
  const reply = (message: FromWorker) => port.postMessage(message);
  const fail = (error: unknown) => reply({ type: 'error', error: serialiseError(error) });
  port.on('message', (message: ToWorker) => {
    if ('embed' in message) {
      if (!embedder) fail(new Error('this answering worker has no embedding model'));
      else embedder.embedDocuments(message.embed).then((vectors) => reply({ type: 'vectors', vectors }), fail);
      return;
    }
    qa.ask(message.question, message.options).then((answer) => reply({ type: 'answer', answer }), fail);
  });
  reply({ type: 'ready', papers: qa.papers });
}
