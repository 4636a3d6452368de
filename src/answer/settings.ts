/**
 * The weights of answering, each with the reason for its value: how answer sentences are scored and chosen, how long
 * an answer may get, and when a question continues the previous turn. They were chosen on the project's own question files (test/fixtures/*.jsonl), never on ../shared/eval.
 */

/** Choosing sentences beyond their weighted cues (src/answer/sentence-weights.ts, fitted by `npm run calibrate`). */
export const SENTENCE = {
  /** A second quote from another section must be nearly as good as the first. */
  secondQuoteMargin: 0.08,
  /**
   * One from the section of the first may fall this far behind: the asked fact often stands beside the first quote.
   * On the fit set (the seed and six gathered digests, `npm run eval -- --digests`), 0.15, 0.2 and 0.3 answered the
   * same gathered questions and 0.2 one more of the seed's (144/160); the seed and ten other digests, alone, went
   * from 0.749 (0.08 with 0.12 for a sentence adding asked words) to 0.796 on average.
   */
  samePaperMargin: 0.2,
} as const;

/**
 * How long an answer may get, counted in characters of the digest's own text. Three sentences rather than two: on
 * digests nobody tuned on, the sentence stating the fact most often stood beside the one quoted (29 of 46 misses);
 * with three, the seed's answers went 0.881 -> 0.894 and its conversations 0.849 -> 0.863, and no digest went down.
 */
export const ANSWER = {
  citations: 3,
  sentences: 3,
  chars: 480,
  /** A list's items come along with the sentence that introduces it, up to this many. */
  listItems: 6,
  listChars: 520,
  /** The passages whose sentences are candidates. */
  candidatePassages: 5,
  /**
   * The rank the other passages of the paper asked about take among them: they are candidates too, since the answer
   * may stand anywhere in the paper's section, but rank behind the best two. Measured on sixteen digests: rank 1
   * gained 3 answers and lost 4, rank 2 gained 3 and lost 2 (means 0.834 -> 0.838 alone), rank 5 changed none.
   */
  sectionPassageRank: 2,
} as const;

/**
 * A question stands on its own (and starts a new topic) when it names a paper, or a term that only one or two
 * sections use; otherwise, with a previous turn, it continues that turn.
 */
export const FOLLOW_UP = {
  /** A term used in at most this many sections is specific enough to set the topic by itself. */
  specificSections: 2,
} as const;
