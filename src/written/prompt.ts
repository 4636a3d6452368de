import { AIMessage, HumanMessage, type BaseMessage } from '@langchain/core/messages';
import { ChatPromptTemplate, MessagesPlaceholder } from '@langchain/core/prompts';
import type { Citation, Language, PreviousTurn } from '../types.ts';

/**
 * What the model is told: answer only from the numbered passages, in the question's language, with "[n]" after every
 * sentence, figures exactly as the passages give them, and "the passages do not say" when they do not.
 */
const SYSTEM = `You answer questions about a digest of AI research papers, using ONLY the numbered passages below.
Rules:
- Write in {languageName}.
- Say only what the passages say. Add no facts, figures, names or dates from anywhere else.
- End every sentence with the number of each passage it draws on, like [1] or [1][2]. Cite only the numbers below.
- Copy every figure exactly as a passage states it, with its unit (48 GB, 65B, 500 亿).
- If the passages do not answer the question, say so in one sentence and cite the passage that comes closest.
- At most {maxSentences} sentences. No headings, no preamble, no list of sources.

Passages:
{passages}`;

export const answerPrompt = ChatPromptTemplate.fromMessages([['system', SYSTEM], new MessagesPlaceholder('history'), ['human', '{question}']]);

const LANGUAGE_NAME: Record<Language, string> = { zh: 'Chinese (简体中文)', en: 'English' };
/** Long enough to compare two papers, short enough for one Discord message with room to spare. */
const MAX_SENTENCES = 6;

/** "[2] §3 QLoRA:… \n<original>\nEnglish rendering: <translation>" (or "Chinese rendering:" for an English digest). */
export function formatPassages(citations: readonly Citation[]): string {
  return citations
    .map((c) =>
      [
        `[${c.n}] §${c.section} ${c.title}`,
        c.text,
        ...(c.translation ? [`${c.language === 'en' ? 'Chinese' : 'English'} rendering: ${c.translation}`] : []),
      ].join('\n'),
    )
    .join('\n\n');
}

/** The conversation so far: the turn this question continues, when its answer is known. */
export function historyOf(previous: PreviousTurn | undefined): BaseMessage[] {
  return previous?.answer ? [new HumanMessage(previous.question), new AIMessage(previous.answer)] : [];
}

export function promptValues(input: { question: string; language: Language; citations: readonly Citation[]; previous?: PreviousTurn }) {
  return {
    languageName: LANGUAGE_NAME[input.language],
    maxSentences: String(MAX_SENTENCES),
    passages: formatPassages(input.citations),
    history: historyOf(input.previous),
    question: input.question,
  };
}
