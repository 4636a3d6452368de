import { englishFirst } from '../messages/catalogue.ts';
import { InvalidQuestionError, type Language } from '../types.ts';
import { countHan } from '../retrieval/function-words.ts';
import { SPACE_RUNS } from '../util/regexp.ts';

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
  const question = removeInvisible(raw.normalize('NFC')).replace(CONTROL, ' ').replace(SPACE_RUNS, ' ').trim();
  if (question === '') {
    throw new InvalidQuestionError(englishFirst('questionEmpty'), 'empty');
  }
  if ([...question].length > MAX_QUESTION_CHARS) {
    throw new InvalidQuestionError(englishFirst('questionTooLong', { length: [...question].length, max: MAX_QUESTION_CHARS }), 'too-long');
  }
  if (!HAS_WORD.test(question)) {
    throw new InvalidQuestionError(englishFirst('questionNoText'), 'no-text');
  }
  return question;
}

/** Chinese when Han characters make up a fair share of the letters, English otherwise. */
export function detectLanguage(text: string): Language {
  const han = countHan(text);
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  return letters > 0 && han / letters >= 0.2 ? 'zh' : 'en';
}
