import type { Answer, PreviousTurn } from '../types.ts';

/**
 * When a question continues the conversation, and what a conversation remembers. One logic for every front end:
 * Discord replies and threads, the console chat and `ask --conversation`.
 */

const ANAPHORA_ZH = /它|它们|其[中他余]?|这个|那个|这些|那些|该(?:模型|论文|方法|技术)|这篇|那篇|此|他们|这种|那种/u;
const ANAPHORA_EN = /\b(?:it|its|it's|they|them|their|this|that|these|those|he|she|his|her)\b/iu;
const FRAGMENT =
  /^(?:and|what about|how about|also|but|so|then|or|plus|same for|那|还有|那么|另外|而且?|以及|和|再)\b|^(?:那|还有|那么|另外|以及)|呢[?？]?$/iu;

export interface FollowUpEvidence {
  /** The question names a paper of the catalogue. */
  namesPaper: boolean;
  /** The question uses a term specific to one or two sections ("sliding window attention"). */
  hasSpecificTerm: boolean;
}

/**
 * Whether a question continues the previous turn, and why: it points back (a pronoun, 它/this/its, or a bare fragment,
 * "and the memory?", "那显存呢?"), or it is too generic to set a topic ("how many parameters?"), which the caller
 * confirms against the digest (an off-topic "今天天气怎么样?" is generic too). A question that names a paper or a
 * specific term stands alone and starts fresh.
 */
export function continuesPrevious(question: string, evidence: FollowUpEvidence): 'points-back' | 'generic' | false {
  if (evidence.namesPaper) return false;
  const q = question.normalize('NFKC').trim();
  if (FRAGMENT.test(q) || ANAPHORA_ZH.test(q) || ANAPHORA_EN.test(q)) return 'points-back';
  return evidence.hasSpecificTerm ? false : 'generic';
}

/** What a conversation remembers after an answer: a quoted answer sets the topic; small talk, help and refusals keep it. */
export function nextTurn(previous: PreviousTurn | undefined, question: string, answer: Answer): PreviousTurn | undefined {
  if (answer.kind === 'quoted') {
    return {
      question,
      citations: answer.citations.map(({ digest, section, passageId }) => ({ digest, section, passageId })),
      ...(answer.topic?.length ? { topic: answer.topic } : {}),
      ...(answer.questionKind ? { kind: answer.questionKind } : {}),
      answer: answer.answer,
    };
  }
  return previous;
}
