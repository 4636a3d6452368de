import { backedBy, describeQuantity, quantitiesOf, type Quantity } from './quantities.ts';

/**
 * The checks a written answer passes before anyone sees it, sentence by sentence so that it can be shown while the
 * model is still writing: every sentence cites at least one passage it was given ("[n]"), and every figure in it
 * (with its unit) is stated by a passage it cites. A sentence that fails is dropped; when too little stands, the
 * whole answer is refused and the reader gets the quoted answer instead. Pure: no model, no Discord.
 */

/** A citation mark: "[2]", "[1, 3]", "[1][2]" (each mark its own group). */
const MARK = /\[\s*(\d+(?:\s*[,，、]\s*\d+)*)\s*\]/gu;
const MARKS = String.raw`(?:\s*\[\s*\d+(?:\s*[,，、]\s*\d+)*\s*\])*`;
/**
 * One sentence with its leading separator and the marks that follow it: the marks may come before the full stop
 * ("… 48 GB [1].") or after it ("… 48 GB. [1]"); a line break ends a sentence (list items). A "." ends a sentence
 * only before white space, so "1.5" and "e.g" stay whole.
 */
const SENTENCE = new RegExp(
  String.raw`\s*[^。！？!?\n]+?(?:${MARKS}\s*(?:[。！？!?]+|(?<!\b(?:e\.g|i\.e|vs|etc|al|approx|cf))\.(?=\s|$))[”’"')）]*${MARKS}|(?=\n)|$)`,
  'gu',
);
/** What may still grow into the marks of the sentence before it: white space and (partial) marks only. */
const ONLY_MARKS = /^\s*(?:\[[\d\s,，、]*\]?\s*)*$/u;
/**
 * At least this share of an answer's sentences must pass the checks: an answer that lost more than half of what it said
 * no longer says what the model meant, and the quoted answer is the better read.
 */
const MIN_KEPT_SHARE = 0.5;

export interface DroppedSentence {
  sentence: string;
  problems: string[];
}

export type CheckVerdict =
  { ok: true; text: string; dropped: DroppedSentence[] } | { ok: false; reason: 'empty' | 'unchecked'; dropped: DroppedSentence[] };

/** The numbers of the citation marks in a sentence, in order, each once. */
export function citedNumbers(sentence: string): number[] {
  const numbers = [...sentence.matchAll(MARK)].flatMap(([, list]) => list!.split(/[,，、]/u).map((n) => Number(n.trim())));
  return [...new Set(numbers)];
}

/**
 * The complete sentences at the start of `text` and what is left. A sentence is complete once text that cannot be
 * its citation marks follows it, or at the end of the answer (`final`).
 */
export function takeSentences(text: string, final: boolean): { sentences: string[]; rest: string } {
  const pieces = (text.match(SENTENCE) ?? []).filter((piece) => piece.length > 0);
  const sentences: string[] = [];
  let used = 0;
  for (const piece of pieces) {
    const after = text.slice(used + piece.length);
    const complete = final || (!ONLY_MARKS.test(after) && /[。！？!?.\n]/u.test(piece + after.slice(0, 1)));
    if (!complete) break;
    sentences.push(piece);
    used += piece.length;
  }
  return { sentences: sentences.filter((s) => s.trim().length > 0), rest: text.slice(used) };
}

/**
 * What is wrong with one sentence given the numbered passages (each passage's text, Chinese original and English
 * rendering together): no citation, a citation to a passage it was not given, a figure no cited passage states.
 */
export function sentenceProblems(sentence: string, passageQuantities: ReadonlyMap<number, readonly Quantity[]>): string[] {
  const cited = citedNumbers(sentence);
  if (cited.length === 0) return ['no citation'];
  const unknown = cited.filter((n) => !passageQuantities.has(n));
  const problems = unknown.map((n) => `cites [${n}], which it was not given`);
  const available = cited.flatMap((n) => passageQuantities.get(n) ?? []);
  // "§3" points to a section; it states no figure.
  for (const quantity of quantitiesOf(sentence.replace(/§\s*\d+/gu, ' '))) {
    if (!backedBy(quantity, available)) problems.push(`${describeQuantity(quantity)} is in no passage it cites`);
  }
  return problems;
}

/**
 * Checks a written answer as it arrives: `push` takes the model's next text (`final` with the last of it) and returns
 * the checked text to add to what the reader sees; `verdict` decides whether what stood is an answer. The text shown never exceeds `maxLength`
 * (one message of the front end, which passes it: Discord's 2,000 characters), so a sentence that would overflow it is dropped as well.
 */
export class WrittenChecker {
  private pending = '';
  private shown = '';
  private kept = 0;
  private readonly dropped: DroppedSentence[] = [];
  private readonly quantities: Map<number, Quantity[]>;

  constructor(
    passages: ReadonlyMap<number, string>,
    private readonly maxLength = Number.POSITIVE_INFINITY,
  ) {
    this.quantities = new Map([...passages].map(([n, text]) => [n, quantitiesOf(text)]));
  }

  push(delta: string, final = false): string {
    // Chinese output often brackets marks full-width: 【1】, ［1］.
    this.pending += delta.replace(/[【［]/gu, '[').replace(/[】］]/gu, ']');
    return this.accept(final);
  }

  verdict(): CheckVerdict {
    const dropped = [...this.dropped];
    if (this.kept === 0 && dropped.length === 0) return { ok: false, reason: 'empty', dropped };
    if (this.kept === 0 || this.kept / (this.kept + dropped.length) < MIN_KEPT_SHARE) return { ok: false, reason: 'unchecked', dropped };
    return { ok: true, text: this.shown, dropped };
  }

  private accept(final: boolean): string {
    const { sentences, rest } = takeSentences(this.pending, final);
    this.pending = rest;
    let added = '';
    for (const raw of sentences) {
      // Only marks (a stray "[2]" on its own): nothing to show or to check.
      if (raw.replace(MARK, '').trim() === '') continue;
      const piece = this.shown === '' && added === '' ? raw.trimStart() : raw;
      const problems = sentenceProblems(raw, this.quantities);
      if (this.shown.length + added.length + piece.length > this.maxLength) problems.push(`over the ${this.maxLength}-character limit`);
      if (problems.length > 0) {
        this.dropped.push({ sentence: raw.trim(), problems });
        continue;
      }
      added += piece;
      this.kept += 1;
    }
    this.shown += added;
    return added;
  }
}
