import type { ActionRowBuilder, ButtonBuilder } from 'discord.js';
import { nextTurn } from '../answer/conversation.ts';
import { InvalidQuestionError, type PreviousTurn } from '../types.ts';
import { QaBusyError } from '../workers/qa-pool.ts';
import { feedbackRow } from './components/feedback.ts';
import type { BotContext } from './context.ts';
import { answerParts, type MessagePart } from './format/answer.ts';

export interface ReplyPart extends MessagePart {
  components?: ActionRowBuilder<ButtonBuilder>[];
}

export interface PreparedAnswer {
  parts: ReplyPart[];
  /** What a follow-up should see as the previous turn; absent when the question was rejected. */
  turn?: PreviousTurn;
}

export const BUSY_NOTICE =
  '现在提问的人太多，请稍后再试。/ I am answering a lot of questions right now: please try again in a moment.';

/**
 * Asks the QA service and lays the answer out as Discord messages, with feedback buttons under the last one.
 * An unusable question (empty, too long) becomes a short explanation instead of an error, and so does a full
 * answering queue.
 */
export async function prepareAnswer(
  context: BotContext,
  question: string,
  previous: PreviousTurn | undefined,
): Promise<PreparedAnswer> {
  try {
    const answer = await context.qa.ask(question, previous ? { previous } : {});
    const parts: ReplyPart[] = answerParts(answer, context.qa.papers);
    if (answer.kind !== 'smalltalk') {
      const answerId = context.feedback.recordAnswer(question, answer.citations);
      parts.at(-1)!.components = [feedbackRow(answerId, answer.language)];
    }
    const turn = nextTurn(previous, question, answer);
    return { parts, ...(turn ? { turn } : {}) };
  } catch (error) {
    if (error instanceof InvalidQuestionError) return { parts: [{ content: error.message }] };
    if (error instanceof QaBusyError) return { parts: [{ content: BUSY_NOTICE }] };
    throw error;
  }
}

export function rateLimitNotice(retryAfterMs: number): string {
  return `你提问太快啦，请 ${Math.ceil(retryAfterMs / 1000)} 秒后再试。/ You're asking a bit fast: please try again in ${Math.ceil(retryAfterMs / 1000)} s.`;
}
