/**
 * Where sentences end, in Chinese and English text: the one place these rules live. Each pattern below serves one
 * use; they share the same punctuation, and differ only in what that use needs around it.
 */

/** Sentence-final punctuation in both scripts (an English full stop is handled apart: "3.5" and "e.g." are not ends). */
const FINAL = '。！？!?';
/** Closing quotes and brackets that stay with the sentence they close. */
const CLOSERS = '”’"\')）';

/**
 * Where a sentence may end, for `matchAll`: final punctuation, or full stops before a space or the end; closers kept.
 * Chinese typed with half-width punctuation ends its sentences with a full stop after a Han character ("问题上.文章", "均方差.SRGAN").
 */
const CANDIDATE_END = new RegExp(`[${FINAL}]+[${CLOSERS}]*|\\.+[${CLOSERS}]*(?=\\s|$)|(?<=\\p{Script=Han}[${CLOSERS}]?)\\.(?=[\\p{Script=Han}A-Z])`, 'gu');
/** Abbreviations a full stop follows without ending the sentence ("e.g.", "et al.", "Fig.", "vs."), lower case. */
const ABBREVIATIONS = new Set(
  'e.g i.e et al etc cf vs fig figs eq eqs sec tab ref refs no nos vol pp approx ca incl resp dr mr mrs ms prof jr sr st inc ltd u.s'.split(' '),
);

/**
 * Whether a full stop at `end` (the index after it) in `text` ends the sentence: not after an abbreviation or an
 * initial ("J."), and not an ellipsis the text goes on from in lower case ("impressively... the model"). A single
 * full stop before a lower-case word does end one: names are written so ("phi-2 was released").
 */
function fullStopEnds(text: string, start: number, end: number): boolean {
  const word = /(\S+)$/u.exec(text.slice(0, start))?.[1]?.toLowerCase() ?? '';
  if (ABBREVIATIONS.has(word) || ABBREVIATIONS.has(word.replace(/^[([]/u, '')) || /^[a-z]$/iu.test(word)) return false;
  return !(text.startsWith('..', start) && /^\s*[a-z]/u.test(text.slice(end)));
}

/**
 * Splits text into sentences at Chinese and Western sentence ends (keeping the punctuation and any closing quote or
 * bracket with the sentence), and at line breaks, which in a digest separate list items. A full stop in a number or a
 * version ("3.5", "v1.5"), a URL, or after an abbreviation ends nothing.
 */
export function sentencesOf(text: string): string[] {
  const sentences: string[] = [];
  for (const line of text.split('\n')) {
    let from = 0;
    for (const match of line.matchAll(CANDIDATE_END)) {
      const end = match.index + match[0].length;
      if (match[0].startsWith('.') && !fullStopEnds(line, match.index, end)) continue;
      sentences.push(line.slice(from, end));
      from = end;
    }
    sentences.push(line.slice(from));
  }
  return sentences.map((sentence) => sentence.trim()).filter((sentence) => sentence.length > 0);
}

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

/** "以下是 Pythia 论文讨论的一些问题:": text that says nothing without what follows it. */
export const endsWithColon = (text: string) => /[:：]$/u.test(text.trim());

/**
 * The places prose may be cut after a whole sentence, for `matchAll`: final punctuation or semicolons (a list of
 * clauses reads as sentences too), with any citation markers ("[2]") and one closer that follow.
 */
export const CUT_AFTER_SENTENCE = new RegExp(`(?:[${FINAL}；;]+|\\.(?=\\s|$))(?:\\[\\d+\\])*[${CLOSERS}」』]?\\s*`, 'gu');

/** Whether a text ends with a question mark, in either script, before any trailing space. */
export function endsWithQuestionMark(text: string): boolean {
  const trimmed = text.trimEnd();
  return trimmed.endsWith('?') || trimmed.endsWith('？');
}
