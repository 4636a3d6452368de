/**
 * Where sentences end, in Chinese and English text: the one place these rules live. Each pattern below serves one
 * use; they share the same punctuation, and differ only in what that use needs around it.
 */

/** Sentence-final punctuation in both scripts (an English full stop is handled apart: "3.5" and "e.g." are not ends). */
const FINAL = '。！？!?';
/** Closing quotes and brackets that stay with the sentence they close. */
const CLOSERS = '”’"\')）';

/**
 * One sentence at a time, for `String.match`: up to final punctuation (with its closers), a full stop before a space
 * or the end, or a line break (which in a digest separates list items).
 */
export const SENTENCE = new RegExp(`[^${FINAL}\\n]+?(?:[${FINAL}]+[${CLOSERS}]*|\\.(?=\\s|$)[${CLOSERS}]*|(?=\\n)|$)`, 'gu');

/** Text that ends as a full sentence does: final punctuation or a full stop, then only closers. */
const ENDS_SENTENCE = new RegExp(`[${FINAL}.][${CLOSERS}]*$`, 'u');

export function endsSentence(text: string): boolean {
  return ENDS_SENTENCE.test(text);
}

/** Text that ends at least a clause: a sentence end, a semicolon, or a closing bracket or quote (a quoted title). */
const ENDS_CLAUSE = new RegExp(`[${FINAL}.;；${CLOSERS}]$`, 'u');

export function endsClause(text: string): boolean {
  return ENDS_CLAUSE.test(text);
}

/**
 * The places prose may be cut after a whole sentence, for `matchAll`: final punctuation or semicolons (a list of
 * clauses reads as sentences too), with any citation markers ("[2]") and one closer that follow.
 */
export const CUT_AFTER_SENTENCE = new RegExp(`(?:[${FINAL}；;]+|\\.(?=\\s|$))(?:\\[\\d+\\])*[${CLOSERS}」』]?\\s*`, 'gu');
