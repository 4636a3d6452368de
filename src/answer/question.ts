import { InvalidQuestionError, type Language } from '../types.ts';

/** Longest question we accept; longer input is almost always a paste, not a question. */
export const MAX_QUESTION_CHARS = 1000;

/**
 * Zero-width space, non-joiner and joiner, word joiner, byte-order mark and soft hyphen: invisible, and pasted or
 * typed into words ("Q\u200bLoRA"), so they are removed rather than made into spaces that would split the word.
 */
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF\u00AD]/gu;
const CONTROL = /[\p{Cc}\p{Cf}]/gu;
const HAS_WORD = /[\p{L}\p{N}]/u;

export function removeInvisible(text: string): string {
  return text.replace(INVISIBLE, '');
}

/**
 * Cleans a raw question (invisible characters removed, other control and format characters made spaces, whitespace
 * collapsed) or throws InvalidQuestionError with a bilingual message the user can act on.
 */
export function cleanQuestion(raw: string): string {
  const question = removeInvisible(raw.normalize('NFC')).replace(CONTROL, ' ').replace(/\s+/gu, ' ').trim();
  if (question === '') {
    throw new InvalidQuestionError('Please ask a question about the digest. / 请输入一个关于这份论文摘要的问题。', 'empty');
  }
  if ([...question].length > MAX_QUESTION_CHARS) {
    throw new InvalidQuestionError(
      `That question is too long (${[...question].length} characters; the limit is ${MAX_QUESTION_CHARS}). Please shorten it. / ` +
        `问题太长了(上限 ${MAX_QUESTION_CHARS} 个字符),请精简后再问。`,
      'too-long',
    );
  }
  if (!HAS_WORD.test(question)) {
    throw new InvalidQuestionError('That has no words to search for. Please ask in words. / 这条消息里没有可检索的文字,请用文字提问。', 'no-text');
  }
  return question;
}

/** Chinese when Han characters make up a fair share of the letters, English otherwise. */
export function detectLanguage(text: string): Language {
  const han = text.match(/\p{Script=Han}/gu)?.length ?? 0;
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  return letters > 0 && han / letters >= 0.2 ? 'zh' : 'en';
}
