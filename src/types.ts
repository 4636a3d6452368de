/** Shared shapes of the question-answering core. Nothing here depends on Discord. */

/** One retrievable unit of a digest: a paragraph, or a list merged with the sentence that introduces it. */
export interface Passage {
  /** Stable across runs: `<digest>:s<section>:p<ordinal>:<content-hash>`. */
  id: string;
  digest: string;
  section: number;
  sectionTitle: string;
  subheading?: string;
  /** The passage exactly as it stands in the corpus (lines joined with "\n"). */
  text: string;
}

/** A catalogue entry: one numbered section of a digest, i.e. one paper. */
export interface Paper {
  digest: string;
  section: number;
  /** The section heading as written in the digest, without its number. */
  headingZh: string;
  titleEn: string;
  arxivId?: string;
  aliases: string[];
  /** arXiv links that the section text mentions, in order of appearance. */
  links: string[];
}

/** A paper plus what the digest says about it, for /paper and the paper of the day. */
export interface PaperProfile extends Paper {
  arxivUrl?: string;
  summary: string;
  keyPoints: string[];
  /** An example question a user could `/ask` about this paper. */
  exampleQuestion: string;
}

export interface Citation {
  n: number;
  section: number;
  title: string;
  passageId: string;
  text: string;
  score: number;
  subheading?: string;
  arxivUrl?: string;
}

export type Language = 'zh' | 'en';

export interface Answer {
  question: string;
  answered: boolean;
  answer: string;
  citations: Citation[];
  language: Language;
}

/** The previous exchange in a conversation, used to resolve follow-ups like "那它需要多少显存?". */
export interface PreviousTurn {
  question: string;
  citations: Pick<Citation, 'section'>[];
}

export interface AskOptions {
  previous?: PreviousTurn;
}

/** The question-answering service every front end (CLI, console chat, Discord) talks to. */
export interface QaService {
  ask(question: string, options?: AskOptions): Promise<Answer>;
  /** All papers of all digests, in corpus order. */
  papers: readonly PaperProfile[];
}

/** Thrown for input that is not a usable question; `message` is safe to show to the user. */
export class InvalidQuestionError extends Error {
  constructor(
    message: string,
    readonly reason: 'empty' | 'too-long' | 'no-text',
  ) {
    super(message);
    this.name = 'InvalidQuestionError';
  }
}
