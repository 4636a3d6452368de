import type { ActionRowBuilder, ButtonBuilder } from 'discord.js';
import { nextTurn } from '../answer/conversation.ts';
import { InvalidQuestionError, type PreviousTurn } from '../types.ts';
import { outcomeOf } from '../written/responder.ts';
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

/**
 * Answers (written by the operator's model when one is configured, `onText` then getting the checked text as it
 * grows) and lays the answer out as Discord messages, with feedback buttons under the last one; the feedback record
 * notes how the answer came about. An unusable question (empty, too long) becomes a short explanation instead of an error.
 */
export async function prepareAnswer(
  context: BotContext,
  question: string,
  previous: PreviousTurn | undefined,
  onText?: (textSoFar: string) => void,
): Promise<PreparedAnswer> {
  try {
    const answer = await context.responder.respond(question, { ...(previous ? { previous } : {}), ...(onText ? { onText } : {}) });
    const parts: ReplyPart[] = answerParts(answer, context.qa.papers);
    if (answer.kind !== 'smalltalk') {
      const answerId = context.feedback.recordAnswer(question, answer.citations, new Date(), outcomeOf(answer));
      parts.at(-1)!.components = [feedbackRow(answerId, answer.language)];
    }
    const turn = nextTurn(previous, question, answer);
    return { parts, ...(turn ? { turn } : {}) };
  } catch (error) {
    if (error instanceof InvalidQuestionError) return { parts: [{ content: error.message }] };
    throw error;
  }
}

export function rateLimitNotice(retryAfterMs: number): string {
  return `你提问太快啦，请 ${Math.ceil(retryAfterMs / 1000)} 秒后再试。/ You're asking a bit fast: please try again in ${Math.ceil(retryAfterMs / 1000)} s.`;
}
