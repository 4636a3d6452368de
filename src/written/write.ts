import { t } from '../messages/catalogue.ts';
import type { Answer, Citation, PreviousTurn } from '../types.ts';
import { WrittenChecker, type DroppedSentence } from './check.ts';
import type { WritingModel } from './model.ts';
import { answerPrompt, promptValues } from './prompt.ts';

/**
 * The written step: the operator's model rewrites a quoted answer from the same numbered passages, and only text
 * that passed the checks (check.ts) ever leaves this module. It runs where its caller runs (it waits on I/O only)
 * and takes and gives plain data, so the retrieval before it may run anywhere.
 */

export type FallbackReason = 'timeout' | 'unreachable' | 'model-error' | 'empty' | 'unchecked';

export interface WrittenResult {
  mode: 'written' | 'repaired' | 'quoted';
  /** The checked written text, or the quoted answer's text when the written answer fell back. */
  text: string;
  citations: Citation[];
  /** One line telling the reader why they get quotes instead (present exactly when a written answer fell back). */
  notice?: string;
  reason?: FallbackReason;
  /** What went wrong with the model, for the log. */
  detail?: string;
  dropped: DroppedSentence[];
}

export type WrittenEvent =
  /** Checked text to add to what the reader sees. */
  { type: 'text'; text: string } | { type: 'result'; result: WrittenResult };

/** Refusals, small talk, help and catalogue lists never reach the model: it only rewrites what the digest answers. */
export function mayWrite(answer: Answer): boolean {
  return answer.kind === 'quoted' && answer.answered && answer.citations.length > 0;
}

/**
 * Streams the written answer to `quoted` (an answer `mayWrite` accepts): `text` events carry checked text as it
 * arrives, at most `maxLength` characters in all (the front end's message limit), the last event the result. Never
 * throws for the model's sake: an error, a timeout, an unreachable endpoint, an empty or unusable answer all end in
 * the quoted answer with a notice.
 */
export async function* writeAnswer(model: WritingModel, quoted: Answer, previous?: PreviousTurn, maxLength?: number): AsyncGenerator<WrittenEvent> {
  // A passage states what the model was shown of it: its title ("Llama 2…") and its text in both languages.
  const checker = new WrittenChecker(new Map(quoted.citations.map((c) => [c.n, [c.title, c.text, c.translation ?? ''].join('\n')])), maxLength);
  const fallBack = (reason: FallbackReason, dropped: DroppedSentence[] = [], detail?: string): WrittenEvent => ({
    type: 'result',
    result: {
      mode: 'quoted',
      text: quoted.answer,
      citations: quoted.citations,
      notice: t(quoted.language, reason === 'empty' || reason === 'unchecked' ? 'writtenFailedChecks' : 'writtenModelFailed'),
      reason,
      ...(detail ? { detail } : {}),
      dropped,
    },
  });
  // One budget for the whole answer, retries included.
  const signal = AbortSignal.timeout(model.timeoutMs);
  try {
    const messages = await answerPrompt.formatMessages(
      promptValues({ question: quoted.question, language: quoted.language, citations: quoted.citations, ...(previous ? { previous } : {}) }),
    );
    const stream = await model.chat.stream(messages, { signal });
    for await (const chunk of stream) {
      const added = checker.push(typeof chunk.content === 'string' ? chunk.content : chunk.text);
      if (added) yield { type: 'text', text: added };
    }
    const last = checker.push('', true);
    if (last) yield { type: 'text', text: last };
  } catch (error) {
    const reason = signal.aborted ? 'timeout' : isUnreachable(error) ? 'unreachable' : 'model-error';
    yield fallBack(reason, [], error instanceof Error ? error.message : String(error));
    return;
  }
  const verdict = checker.verdict();
  if (!verdict.ok) {
    yield fallBack(verdict.reason, verdict.dropped);
    return;
  }
  yield {
    type: 'result',
    result: {
      mode: verdict.dropped.length > 0 ? 'repaired' : 'written',
      text: verdict.text.trim(),
      citations: quoted.citations,
      dropped: verdict.dropped,
    },
  };
}

/** The endpoint could not be reached at all (refused, unknown host): a setting to fix, not a model's bad day. */
function isUnreachable(error: unknown): boolean {
  for (let cause = error; cause instanceof Error; cause = cause.cause) {
    if (/ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ECONNRESET|Connection error/u.test(`${(cause as NodeJS.ErrnoException).code ?? ''} ${cause.message}`))
      return true;
  }
  return false;
}
