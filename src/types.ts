/** Shared shapes of the question-answering core. Nothing here depends on Discord. */
import type { QuestionKind } from './answer/intent.ts';
import type { PaperRef } from './corpus/paper-ref.ts';

export type { PaperRef } from './corpus/paper-ref.ts';

/**
 * What a line does in its passage: running text, a list item, a title in a list (a reading list), or a figure
 * caption. Captions and titles never open an answer.
 */
export type LineRole = 'body' | 'item' | 'title' | 'caption';

export interface PassageLine {
  text: string;
  role: LineRole;
  /** 0-based line number in the digest file; a rendering is aligned to the digest by it. */
  line: number;
  /** This line in the other language (English for a Chinese digest, Chinese for an English one), when the digest has a rendering. */
  translation?: string;
}

/** One retrievable unit of a digest: a paragraph, or a list merged with the sentence that introduces it. */
export interface Passage extends PaperRef {
  /** `<digest>:<section>.<ordinal>` (corpus/paper-ref.ts `passageId`): stable while the digest's text is unchanged. */
  id: string;
  sectionTitle: string;
  /** The section heading's English rendering, when the digest has one. */
  sectionTitleEn?: string;
  subheading?: string;
  subheadingLine?: number;
  subheadingEn?: string;
  /** The passage exactly as it stands in the corpus (lines joined with "\n"). */
  text: string;
  lines: PassageLine[];
  /** The whole passage in the other language (lines joined with "\n"), when every line has a rendering. */
  translation?: string;
  /** The language its digest is written in (set by loadCorpus; absent: Chinese). */
  language?: Language;
  /** Its digest's title, set when more than one digest is loaded: citations then name the digest too. */
  digestTitle?: string;
}

/** Another paper a section is really about (§10 is headed "Align your Latents" but discusses Emu Video). */
export interface DiscussedPaper {
  titleEn: string;
  arxivId?: string;
  aliases: string[];
  /** The section's text is about this paper rather than the one its heading names: citations link here. */
  textIsAbout?: boolean;
}

/** Topic tags of a paper in both languages, for questions about the digest as a whole. */
export interface PaperTags {
  en: string[];
  zh: string[];
}

/** A catalogue entry: one numbered section of a digest, i.e. one paper. */
export interface Paper extends PaperRef {
  /** The section heading as written in the digest, without its number. */
  heading: string;
  /** The heading's English rendering, when the digest has one. */
  headingEn?: string;
  titleEn: string;
  arxivId?: string;
  aliases: string[];
  /** arXiv links that the section text mentions, in order of appearance. */
  links: string[];
  tags: PaperTags;
  /** Papers the section's text is about besides (or instead of) the one its heading names. */
  discusses: DiscussedPaper[];
}

/** A paper plus what the digest says about it, for /paper and the paper of the day. */
export interface PaperProfile extends Paper {
  arxivUrl?: string;
  /** arXiv link of the paper the section's text is about, when that is not the heading's (§10: Emu Video). */
  textArxivUrl?: string;
  summary: string;
  keyPoints: string[];
  /** An example question a user could `/ask` about this paper. */
  exampleQuestion: string;
  /** The same profile in English: an English digest's own, or a Chinese digest's English rendering, when it has one. */
  en?: { title: string; summary: string; keyPoints: string[]; exampleQuestion: string };
  /** Its digest's title, when more than one digest is loaded. */
  digestTitle?: string;
  /** The same paper in other digests (by arXiv id or name), so that its card can say where else to read about it. */
  alsoIn?: PaperRef[];
}

/** A source of an answer; its digest and section say which paper it quotes. */
export interface Citation extends PaperRef {
  n: number;
  title: string;
  passageId: string;
  /** The passage as it stands in the digest: the source of truth. */
  text: string;
  /** The passage in the other language, when the digest has a rendering. */
  translation?: string;
  /** The language the digest is written in (absent: Chinese): `translation` is in the other. */
  language?: Language;
  score: number;
  subheading?: string;
  subheadingEn?: string;
  arxivUrl?: string;
}

export type Language = 'zh' | 'en';

/**
 * What kind of reply an answer is: quoted from the digest, a refusal (not covered), a list from the catalogue,
 * help on what the bot does, or a short reply to small talk ("thanks").
 */
export type AnswerKind = 'quoted' | 'refusal' | 'catalogue' | 'help' | 'smalltalk';

/**
 * Who wrote the answer text: the operator's language model, checked (`written`), or checked with sentences that
 * failed the checks dropped (`repaired`), or the digest's own sentences (`quoted`: always without a model, and
 * whenever the written answer could not be used, which `notice` then says).
 */
export type AnswerMode = 'written' | 'repaired' | 'quoted';

/** How an answer came about, as logged and as feedback records it: `fell-back` is quotes after a written answer failed. */
export type AnswerOutcome = 'written' | 'repaired' | 'fell-back' | 'quoted';

export interface Answer {
  question: string;
  answered: boolean;
  answer: string;
  citations: Citation[];
  language: Language;
  kind: AnswerKind;
  /** The names the question asked about (its own, or those of the turn it continues). */
  topic?: string[];
  /** What kind of answer the question asked for. */
  questionKind?: QuestionKind;
  /** Absent: quoted. */
  mode?: AnswerMode;
  /** One line for the reader before the answer: why a written answer fell back to quotes. */
  notice?: string;
}

/** The previous exchange in a conversation, used to resolve follow-ups like "那它需要多少显存?". */
export interface PreviousTurn {
  question: string;
  /** The papers of the previous answer's sources, best first, with the passage each was quoted from. */
  citations: (PaperRef & { passageId?: string })[];
  /** The names the previous question asked about ("Mixtral"), so "那总参数量呢?" asks about them. */
  topic?: string[];
  /** What the previous question asked for, so a bare "and the memory?" after "how many…?" asks for a figure too. */
  kind?: QuestionKind;
  /** The previous answer's text, the conversation a written answer continues. */
  answer?: string;
}

export interface AskOptions {
  previous?: PreviousTurn;
  /** The question follows `previous` in the same message ("…多大？…多少？"): it continues it unless it names a paper. */
  sameMessage?: boolean;
  /** The server the question is asked in: its own digests are in scope beside the global ones (src/guild-digests/). */
  guildId?: string;
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
