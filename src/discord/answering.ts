import { nextTurn } from '../answer/conversation.ts';
import { bilingual } from '../messages/catalogue.ts';
import { InvalidQuestionError, type PreviousTurn } from '../types.ts';
import { QaBusyError } from '../workers/qa-pool.ts';
import { outcomeOf } from '../written/responder.ts';
import { feedbackRow } from './components/feedback.ts';
import { originalButton } from './components/original.ts';
import type { BotContext } from './context.ts';
import { papersIn } from './scope.ts';
import { answerParts, quotesRenderings } from './format/answer.ts';
import { StreamedReply, type ReplyPart, type ReplySurface } from './streamed-reply.ts';

/**
 * Discord rate-limits message writes per channel (a few per second, shared by every reply there); one edit per 1.5 s
 * per streamed answer leaves room for the other replies and the other answers streaming in the same channel.
 */
export const EDIT_INTERVAL_MS = 1500;

export interface PreparedAnswer {
  parts: ReplyPart[];
  /** What a follow-up should see as the previous turn; absent when the question was rejected. */
  turn?: PreviousTurn;
}

export const BUSY_NOTICE = bilingual('busy');

/**
 * Answers (written by the operator's model when one is configured, `onText` then getting the checked text as it
 * grows) and lays the answer out as Discord messages, with feedback buttons under the last one (and "Show original"
 * when its sources are quoted in English rendering); the feedback record notes how the answer came about and keeps
 * its sources for that button, and where it was asked and whether it was refused, for the coverage gaps. An unusable
 * question (empty, too long) becomes a short explanation instead of an error, and so does a full answering queue.
 */
export async function prepareAnswer(
  context: BotContext,
  question: string,
  previous: PreviousTurn | undefined,
  guildId: string | null,
  onText?: (textSoFar: string) => void,
): Promise<PreparedAnswer> {
  try {
    const answer = await context.responder.respond(question, {
      ...(previous ? { previous } : {}),
      ...(onText ? { onText } : {}),
      ...(guildId ? { guildId } : {}),
    });
    const parts: ReplyPart[] = answerParts(answer, papersIn(context, guildId ?? undefined));
    if (answer.kind !== 'smalltalk') {
      const answerId = context.feedback.recordAnswer(question, answer.citations, new Date(), outcomeOf(answer), { guildId, kind: answer.kind });
      const row = feedbackRow(answerId, answer.language);
      if (quotesRenderings(answer)) row.addComponents(originalButton(answerId, answer.language));
      parts.at(-1)!.components = [row];
    }
    const turn = nextTurn(previous, question, answer);
    return { parts, ...(turn ? { turn } : {}) };
  } catch (error) {
    if (error instanceof InvalidQuestionError) return { parts: [{ content: error.message }] };
    if (error instanceof QaBusyError) return { parts: [{ content: BUSY_NOTICE }] };
    throw error;
  }
}

/** Where an answer's messages go: /ask's interaction replies, or replies to a message in its channel. */
export interface AnswerDestination extends ReplySurface {
  /** The server the question was asked in, whose own digests it is answered from too; null in direct messages. */
  guildId: string | null;
  /**
   * Further keys a follow-up can reach the turn by (a thread's id), besides the answer's own message ids; false for
   * an answer nobody can reply to (a private /ask), whose turn is not remembered.
   */
  rememberUnder: string[] | false;
  /** Called when the first text of a written answer is about to show (e.g. to stop "typing…"). */
  onFirstText?: () => void;
}

/**
 * The one reply path of /ask and of messages: the answer, sent part by part with feedback buttons under the last,
 * and its turn remembered so a reply or a thread message continues it. A written answer streams into part 0 first.
 */
export async function deliverAnswer(
  context: BotContext,
  question: string,
  previous: PreviousTurn | undefined,
  destination: AnswerDestination,
): Promise<void> {
  const reply = new StreamedReply(destination, context.editIntervalMs, destination.onFirstText);
  const { parts, turn } = await prepareAnswer(context, question, previous, destination.guildId, (text) => reply.update(text));
  const sent = await reply.finish(parts);
  if (turn && destination.rememberUnder) context.conversations.remember([...sent, ...destination.rememberUnder], turn);
}

export interface RateLimitRefusal {
  notice: string;
  /**
   * Whether this is the first refusal in the window: a channel message stays silent after the first notice, while an
   * interaction must always be answered (privately, so that costs the channel nothing).
   */
  notify: boolean;
}

/** Counts a question against the asker's rate limit: undefined when it is allowed, else what to tell the asker. */
export function rateLimitRefusal(context: BotContext, userId: string): RateLimitRefusal | undefined {
  const rate = context.rateLimiter.take(userId);
  if (rate.allowed) return undefined;
  const seconds = Math.ceil(rate.retryAfterMs / 1000);
  return { notice: bilingual('rateLimited', { seconds }), notify: rate.notify };
}
