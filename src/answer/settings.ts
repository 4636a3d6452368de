/**
 * The weights of answering, each with the reason for its value: how answer sentences are scored and chosen, how long
 * an answer may get, and when a question continues the previous turn. They were chosen on the project's own question files (test/fixtures/*.jsonl), never on ../shared/eval.
 */

/** How answer sentences are scored: similarity to the question plus these terms. */
export const SENTENCE = {
  /** Share of the question's words a sentence contains: the words asked about must be in the quote. */
  coverage: 0.3,
  /** Per rank of the passage the sentence is in: better passages first, but a precise sentence may win. */
  passageRank: 0.04,
  /** A sentence naming what the question is about (a model or paper name it asks about). */
  subject: 0.05,
  /** A sentence naming other models but not the one asked about is about another subject. */
  otherSubject: 0.1,
  /** A sentence cut off mid-way (no end punctuation) reads badly as an answer. */
  fragment: 0.12,
  /** A question of the digest's own only opens an answer together with the sentence answering it ... */
  digestQuestion: 0.06,
  /** ... and for a why or yes/no question it is the best opening: the digest asked it and answers it next. */
  askedByDigest: 0.1,
  /** A sentence that has what the kind of question asks for (a number for "how many", a cause for "why"). */
  kindMatch: 0.08,
  /** A who-question is answered only by a sentence naming the maker ("Microsoft's phi series"): 0.08 let a sentence about the model's sizes win; 0.12-0.3 do the same on our files, 0.2 is the middle. */
  maker: 0.2,
  /** A quantity question is answered by a figure: a sentence stating one (own files: 0.08 → 0.12 fixed one follow-up, 0.22 no more). */
  figure: 0.12,
  /** A sentence giving a cause or the steps of a process answers "why" and "how" ("because…", "首先…然后…"). */
  reason: 0.08,
  /**
   * "Why is X in the digest?" is answered by the author's own "I included it because…", whose words rarely match
   * the question's (similarity 0.46 against 0.61 for a sentence merely naming X; "收录" asked, "纳入" written). 0.2
   * lost "为什么作者要收录 Orca 2?" to a sentence naming Orca 2 by 0.02; 0.25-0.4 give the same on our files.
   */
  includedBecause: 0.3,
  /** A sentence that defines what a "what is X" question asks about ("QLoRA 代表…", "X is a…") is the answer. */
  definition: 0.25,
  /** ... and spelling out an acronym ("reinforcement learning from human feedback (RLHF)") is what "what's RLHF?" asks first. */
  expansion: 0.1,
  /** ... and says it of the unit asked about (parameters, tokens, GB, hours). */
  unitMatch: 0.06,
  /** A second quote must be nearly as good as the first. */
  secondQuoteMargin: 0.08,
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
} as const;

/**
 * A question stands on its own (and starts a new topic) when it names a paper, or a term that only one or two
 * sections use; otherwise, with a previous turn, it continues that turn.
 */
export const FOLLOW_UP = {
  /** A term used in at most this many sections is specific enough to set the topic by itself. */
  specificSections: 2,
} as const;
