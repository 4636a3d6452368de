import {
  catalogueAnswerText,
  digestNamed,
  helpText,
  paperLinksText,
  readCatalogueQuestion,
  shortNames,
  smallTalkReply,
  type CatalogueEntry,
} from './catalogue.ts';
import { citationOf, composeAnswer, refusal, sectionLabel } from './compose.ts';
import { continuesPrevious, nextTurn } from './conversation.ts';
import {
  askedFigure,
  askedPlace,
  askedUnit,
  asksMaker,
  unitOf,
  asksAboutFigure,
  asksVenue,
  asksFinding,
  asksForName,
  asksForLink,
  asksMeasuredResult,
  asksParameterCount,
  asksPurpose,
  asksWhyIncluded,
  definedTerm,
  FIGURE_WORDS,
  isHelpRequest,
  isSmallTalk,
  questionKind,
  type QuestionKind,
  writesModelSize,
} from './intent.ts';
import {
  askedNames,
  askingClause,
  asksKind,
  datesPaper,
  latinWords,
  namesNewTerm,
  questionProper,
  placedByAsker,
  setsScene,
  withoutScene,
  type NameChecker,
} from './names.ts';
import { cleanQuestion, detectLanguage } from './question.ts';
import { namesMaker, selectQuotes, withoutVersions, wordsOf, type Candidate, type Quote, type SelectInput } from './select.ts';
import { ANSWER, FOLLOW_UP } from './settings.ts';
import type { Corpus } from '../corpus/load.ts';
import { digestOfKey, paperKey, type PaperKey } from '../corpus/paper-ref.ts';
import { log } from '../log.ts';
import type { HybridRetriever, Retrieval, RetrievalEvidence, ScoredPassage } from '../retrieval/hybrid.ts';
import { COVERAGE, UNRELATED } from '../retrieval/settings.ts';
import { hasHan } from '../retrieval/function-words.ts';
import { escapeRegExp, namePattern, normalize, tokenize } from '../retrieval/tokenize.ts';
import { stemmer } from 'stemmer';
import type { Answer, AskOptions, Citation, Language, PaperProfile, Passage, PreviousTurn } from '../types.ts';

/**
 * How a question is answered, step by step: read it (small talk, help, the catalogue, names, whether it continues the
 * previous turn), retrieve for it, decide whether the digests cover it, choose the sentences that answer, compose the
 * reply. Each step is a function of what the one before gave and of the context loaded once per corpus
 * (src/qa.ts builds it); the front ends only see `answerQuestion`, through the QaService.
 */

/** What answering needs, loaded once per corpus. */
export interface QaContext {
  corpus: Corpus;
  retriever: HybridRetriever;
  /** The "not covered" thresholds for this corpus, per question language (coverageThresholds). */
  thresholds: Record<Language, Thresholds>;
  names: NameChecker;
  papers: PaperProfile[];
  paperByKey: ReadonlyMap<PaperKey, PaperProfile>;
  catalogue: CatalogueEntry[];
}

/** What the "not covered" decision looks at: retrieval's evidence, and what the question names. */
export interface CoverageEvidence extends RetrievalEvidence {
  /** Names of the digest the question mentions (GPT-4, Gemini): answered with what the digest says of them. */
  mentionsName: boolean;
}

export function isCovered(evidence: CoverageEvidence, thresholds: Thresholds = COVERAGE): boolean {
  const top = comparableTop(evidence, thresholds);
  return (
    evidence.namesPaper ||
    evidence.mentionsName ||
    top >= thresholds.strongSentence ||
    (top >= thresholds.sentence && evidence.lexicalCoverage >= thresholds.lexical) ||
    (top >= thresholds.sentenceFloor && evidence.lexicalCoverage >= thresholds.strongLexical)
  );
}

/**
 * The best sentence similarity, less how close unrelated questions come to passages of its language in this corpus:
 * beside an English digest, an English question is not held to what unrelated English text reaches over the
 * Chinese digest's sentences.
 */
function comparableTop(evidence: RetrievalEvidence, { passageShift }: Thresholds): number {
  const byLanguage = Object.entries(evidence.sentenceTopByLanguage ?? {}) as [Language, number][];
  if (!passageShift || byLanguage.length === 0) return evidence.sentenceTop;
  return Math.max(...byLanguage.map(([language, top]) => top - (passageShift[language] ?? 0)));
}

export type Thresholds = Record<'strongSentence' | 'sentence' | 'lexical' | 'strongLexical' | 'sentenceFloor', number> & {
  /** Per passage language, how much closer unrelated questions come to this corpus than to the seed (coverageThresholds). */
  passageShift?: Partial<Record<Language, number>>;
};

/**
 * COVERAGE for this corpus, per question language, with how much closer unrelated questions (UNRELATED.probes) look to
 * its passages of each language than they did to the seed digest the thresholds were set on.
 */
export async function coverageThresholds(retriever: HybridRetriever): Promise<Record<Language, Thresholds>> {
  const forLanguage = async (language: Language): Promise<Thresholds> => {
    const tops: Partial<Record<Language, number[]>> = {};
    for (const probe of UNRELATED.probes[language]) {
      const { sentenceTopByLanguage = {} } = (await retriever.retrieve(probe, { language })).evidence;
      for (const [passageLanguage, top] of Object.entries(sentenceTopByLanguage) as [Language, number][]) (tops[passageLanguage] ??= []).push(top);
    }
    const passageShift: Partial<Record<Language, number>> = {};
    for (const [passageLanguage, values] of Object.entries(tops) as [Language, number[]][]) {
      const median = values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
      passageShift[passageLanguage] = Math.max(0, median - UNRELATED.level[language]);
      log.debug(
        `Unrelated ${language} questions reach ${median.toFixed(3)} over ${passageLanguage} passages: similarity -${passageShift[passageLanguage].toFixed(3)}.`,
      );
    }
    return { ...COVERAGE, passageShift };
  };
  return { zh: await forLanguage('zh'), en: await forLanguage('en') };
}

/** A question as read: cleaned, its language, its kind, and the turn it continues, if it does. */
export interface ReadQuestion {
  /** As asked (cleaned), for the reply. */
  asked: string;
  /** With misspelt names corrected: what is searched for. */
  question: string;
  language: Language;
  kind: QuestionKind;
  previous?: PreviousTurn;
  /** A why-question about why the digest includes a paper. */
  whyIncluded: boolean;
  /** The term a definition question asks about. */
  defined?: string;
  /** A kind of thing the question asks which one of, written nowhere in the digest ("on what GPU?"). */
  unknownKind?: string;
}

/** A question with what was retrieved for it, what it is about, and the evidence for the coverage decision. */
export interface RetrievedQuestion extends ReadQuestion {
  retrieval: Retrieval;
  subjects: string[];
  evidence: CoverageEvidence;
}

type Replied = { done: Answer };

/**
 * Step 1, read the question: small talk, help and catalogue questions are answered here; a name the digest lacks that
 * is what the question asks about is refused here; and whether it continues the previous turn is decided.
 */
export async function readQuestion(ctx: QaContext, rawQuestion: string, askOptions: AskOptions = {}): Promise<ReadQuestion | Replied> {
  const { corpus, retriever, names } = ctx;
  const asked = cleanQuestion(rawQuestion);
  const language = detectLanguage(asked);
  const reply = (kind: 'help' | 'smalltalk' | 'catalogue', answer: string, citations: Citation[] = []) => ({
    done: { question: asked, answered: true, answer, citations, language, kind },
  });
  if (isSmallTalk(asked)) return reply('smalltalk', smallTalkReply(asked, language));
  if (isHelpRequest(asked)) return reply('help', helpText(corpus.info, corpus.papers, language));
  const request = readCatalogueQuestion(asked);
  const listed = request && catalogueAnswerText(corpus.info, ctx.catalogue, request, language, digestNamed(asked, corpus.info));
  if (listed) return reply('catalogue', listed);
  const linked = asksForLink(asked) ? retriever.namedPapers(asked).flatMap((key) => ctx.paperByKey.get(key) ?? []) : [];
  const links = paperLinksText(linked, language);
  if (links) {
    // Each paper's section is a source, from its first passage.
    const firsts = linked.flatMap((paper) =>
      retriever
        .passagesOfPaper(paper)
        .slice(0, 1)
        .map((passage) => ({ passage, paper })),
    );
    return reply(
      'catalogue',
      links,
      firsts.map(({ passage, paper }, i) => citationOf(passage, i + 1, 0, paper)),
    );
  }

  const checked = names.check(asked);
  // A word the digest never writes (in the clause that asks) is what the question asks about when that clause names
  // nothing the digest knows, or compares it with something, or asks for it (askedNames): beside QLoRA, "RTX 4090",
  // "Colab", "Berlin", "Bob" or "@everyone" only set the scene, but "how does DPO compare with RLHF?" asks about DPO,
  // and "BERT 预训练用的是 BooksCorpus 吗?" about BooksCorpus. A known name with a version the digest lacks ("Llama 3")
  // is what is asked, unless it sets the scene as any other name does ("on my RTX 4090", "我在 RTX 4090 上跑 QLoRA，…"
  // beside a digest's "RTX-2080").
  const asking = askingClause(checked.question);
  const namedPapers = retriever.namedPapers(asking);
  const namesModel = (text: string) => latinWords(text).some((word) => names.modelNames.has(word));
  const namesKnown = (text: string) => retriever.namedPapers(text).length > 0 || namesModel(text);
  // A paper described rather than named ("Hinton 知识蒸馏那篇" for "Distilling the knowledge in a neural network") is
  // known too: the person, place or tool beside it sets its scene.
  const namesSomethingKnown = namedPapers.length > 0 || namesModel(asking) || retriever.describedPapers(asking).length > 0;
  // An English question over a Chinese digest writes in Latin letters what the digest writes in Chinese ("BNN",
  // "Izmailov"): only where the digest writes in English too (the named papers', or every digest's) can an unknown Latin
  // name be told from a translation.
  // A name with a number or an inner capital ("NLLB-200", "ShapeNet", "IoU") is written so in either language.
  const writtenInEnglish = (digest: string) => corpus.info.find((d) => d.name === digest)?.language === 'en';
  const namesComparable =
    language === 'zh' ||
    (namedPapers.length > 0 ? namedPapers.every((key) => writtenInEnglish(digestOfKey(key))) : corpus.info.every((d) => writtenInEnglish(d.name)));
  const writtenAlike = (name: string) => /\d|\p{Ll}\p{Lu}/u.test(name);
  // "the GMA paper", "GMA 那篇": a name called a paper is what is asked, in whichever language the digest is.
  const calledPaper = (name: string) => new RegExp(`${escapeRegExp(name)}\\s*(?:paper|论文|那篇|这篇)`, 'iu').test(asking);
  const comparable = namesComparable ? checked.unknown : checked.unknown.filter((name) => writtenAlike(name) || calledPaper(name));
  const asksResult = asksMeasuredResult(asking);
  // A venue with its year dates the paper asked about ("CVPR 2019 最佳论文提出的…"); where a result is asked, a year
  // dates the benchmark it was measured on instead ("在 AIME 2024 上的得分"), which is asked about.
  const dated = (name: string) => !asksResult && datesPaper(asking, name);
  const askedUnknown = askedNames(asking, comparable, asksResult).filter((name) => !dated(name));
  const askedVersions = checked.unknownVersions.filter((name) => !placedByAsker(asking, name) && !setsScene(asking, name));
  const unplaced = checked.unknown.filter((name) => askedVersions.includes(name) || (!setsScene(asking, name) && !dated(name)));
  const unknownSubject = askedVersions.length > 0 || (unplaced.length > 0 && (!namesSomethingKnown || questionKind(asking) === 'comparison'));
  if (unknownSubject || askedUnknown.length > 0) {
    const unknownNames = unknownSubject ? unplaced : askedUnknown;
    return { done: refusal(asked, language, { unknownNames, covers: shortNames(corpus.papers, language) }) };
  }
  // What is searched and answered: the question without the parts that only set its scene.
  const question = withoutScene(checked.question, checked.unknown, namesKnown);

  const namesPaper = retriever.namedPapers(question).length > 0;
  // A later question of the same message continues the first unless it names a paper of its own: "GPT2 的词表多大？
  // context 长度从多少提到了多少？" asks the context length of GPT-2, however specific "context" is.
  const follows =
    askOptions.previous &&
    (askOptions.sameMessage
      ? !namesPaper && 'points-back'
      : continuesPrevious(question, { namesPaper, hasSpecificTerm: retriever.hasSpecificTerm(question, FOLLOW_UP.specificSections) }));
  // A generic question continues the conversation only if the digests cover it on its own too: asked after an
  // answer, "今天深圳天气怎么样?" is judged on its own, "how many parameters?" is about the paper just discussed.
  const standsApart =
    follows === 'generic' &&
    !isCovered({ ...(await retriever.retrieve(question, { language })).evidence, mentionsName: false }, ctx.thresholds[language]);
  const previous = follows && !standsApart ? askOptions.previous : undefined;
  // A bare follow-up ("and the memory?") asks for what the turn it continues asked for.
  const own = questionKind(question);
  const kind = own === 'other' && previous?.kind ? previous.kind : own;
  const defined = kind === 'definition' ? definedTerm(question) : undefined;
  const unknownKind = checked.unknown.find((name) => asksKind(asking, name));
  return {
    asked,
    question,
    language,
    kind,
    ...(previous ? { previous } : {}),
    whyIncluded: kind === 'why' && asksWhyIncluded(question),
    ...(defined !== undefined ? { defined } : {}),
    ...(unknownKind !== undefined ? { unknownKind } : {}),
  };
}

/** Step 2, retrieve: the passages for the question (with the topic of the turn it continues), its subjects, the evidence. */
export async function retrieveFor(ctx: QaContext, read: ReadQuestion): Promise<RetrievedQuestion> {
  const { question, language, previous, whyIncluded, defined } = read;
  const retrieval = await ctx.retriever.retrieve(question, { ...(previous ? { previous } : {}), language, wholeTopSection: whyIncluded });
  // A follow-up is about what the turn it continues was about ("它比 RLHF 好在哪?" after DPO: DPO, then RLHF).
  const named = subjectsOf(ctx, question, retrieval);
  // "the changes PaLM made relative to GPT-3": GPT-3 is what PaLM is measured against, not what is asked about,
  // unless the question is a comparison, where both sides are.
  const references = read.kind === 'comparison' ? [] : named.filter((name) => isReference(question, name));
  const asked = named.length > references.length ? named.filter((name) => !references.includes(name)) : named;
  const subjects = [...new Set([...(previous?.topic ?? []), ...asked])];
  const mentionsName =
    subjects.some((s) => ctx.names.recurringNames.has(s)) ||
    (defined !== undefined && ctx.names.spellsOut(defined)) ||
    quotesDigest(question, retrieval);
  return { ...read, retrieval, subjects, evidence: { ...retrieval.evidence, mentionsName } };
}

/** A term between quotation marks: “卡帕西常数”, 'context fragmentation' (not the apostrophes of "Meta's" or "it's"). */
const QUOTED = /(?<!\w)[“"'‘「『]([^“”"'‘’「」『』]{2,40}?)[”"'’」』](?!\w)/gu;

/**
 * The question quotes a term that a retrieved passage writes word for word ("文中说的“卡帕西常数”是多少?", "what do
 * they mean by 'context fragmentation'?"): it asks about the digest's own words, as a name of the digest does.
 */
function quotesDigest(question: string, retrieval: Retrieval): boolean {
  const terms = [...question.matchAll(QUOTED)].map(([, term]) => normalize(term!).trim());
  return terms.some((term) => retrieval.hits.some((hit) => normalize(hit.passage.text).includes(term)));
}

/** Steps 1 and 2. */
export async function prepareQuestion(ctx: QaContext, rawQuestion: string, askOptions: AskOptions = {}): Promise<RetrievedQuestion | Replied> {
  const read = await readQuestion(ctx, rawQuestion, askOptions);
  return 'done' in read ? read : retrieveFor(ctx, read);
}

/**
 * Step 3, decide coverage: the question, read whole and, when the digests do not cover it whole, by the clause that
 * asks (what sets the scene, "our team lead in Austin keeps citing it", must not dilute the evidence for what is asked).
 * Gives the question as it is answered, or the refusal.
 */
export async function coveredQuestion(ctx: QaContext, rawQuestion: string, askOptions: AskOptions = {}): Promise<RetrievedQuestion | Replied> {
  const whole = await prepareQuestion(ctx, rawQuestion, askOptions);
  if ('done' in whole || isCovered(whole.evidence, ctx.thresholds[whole.language])) return whole;
  const clause = askingClause(whole.question);
  if (clause !== whole.question) {
    const asked = await prepareQuestion(ctx, clause, askOptions);
    if (!('done' in asked) && isCovered(asked.evidence, ctx.thresholds[asked.language]))
      return { ...asked, asked: whole.asked, language: whole.language };
  }
  return { done: notCovered(ctx, whole) };
}

/** The refusal of a question the digests do not cover, naming the nearest sections when there are any. */
function notCovered(ctx: QaContext, { asked, language, retrieval }: RetrievedQuestion): Answer {
  const near = retrieval.evidence.sentenceTop >= COVERAGE.nearestHint && retrieval.evidence.lexicalCoverage > 0;
  const nearest = near
    ? [...new Set(retrieval.hits.filter((hit) => ctx.paperByKey.has(paperKey(hit.passage))).map((hit) => sectionLabel(hit.passage, language)))].slice(
        0,
        2,
      )
    : [];
  return refusal(asked, language, { nearest, covers: shortNames(ctx.corpus.papers, language) });
}

/** What choosing the answering sentences weighs: the sentences of the best passages, and what the question asks. */
export function selectionInput(ctx: QaContext, { question, retrieval, subjects, kind, whyIncluded, defined }: RetrievedQuestion): SelectInput {
  const top = retrieval.hits.slice(0, ANSWER.candidatePassages);
  // What is asked of a paper may be anywhere in its section, in other words than the question's (the author's reason
  // for including it, a detail retrieval ranks sixth): the rest of the section comes too.
  const sectionRest = retrieval.topSection.filter((scored) => !top.some((hit) => hit.passage === scored.passage));
  const candidates = [
    ...top.flatMap((hit, rank) => candidatesOf(hit, rank)),
    ...sectionRest.flatMap((scored) => candidatesOf(scored, ANSWER.sectionPassageRank)),
  ];
  const unit = askedUnit(question);
  const place = askedPlace(question);
  // Each subject's own sections: the papers whose first name it is part of, or, where one is named exactly as the
  // question writes it, that one only: "SiamRPN" is not "SiamRPN++", and "SiamRPN++" (a subject without its "++") not "SiamRPN".
  const firstName = (paper: PaperProfile) => (paper.aliases[0] ?? paper.titleEn).toLowerCase();
  const ownSections = subjects.map((subject) => {
    const written = new RegExp(`${escapeRegExp(subject)}\\+*`, 'u').exec(question.toLowerCase())?.[0] ?? subject;
    const named = ctx.papers.filter((paper) => firstName(paper).includes(subject));
    const exactly = named.filter((paper) => firstName(paper) === written);
    return exactly.length > 0 ? exactly : named;
  });
  return {
    kind,
    ...(defined ? { defined, asksPurpose: asksPurpose(question) } : {}),
    ...(whyIncluded ? { asksWhyIncluded: true } : {}),
    subjects,
    knownNames: ctx.names.modelNames,
    // The sections whose own paper (its first name) the question asks about, and whether each name asked has one.
    subjectSections: new Set(ownSections.flat().map(paperKey)),
    subjectsHaveSections: ownSections.length > 0 && ownSections.every((sections) => sections.length > 0),
    candidates,
    following: (c) => following(ctx.retriever, c),
    preceding: (c) => preceding(ctx.retriever, c),
    ...(unit ? { unit } : {}),
    ...(kind === 'quantity' ? { counted: askedFigure(question) } : {}),
    ...(place !== undefined ? { place } : {}),
    ...(asksAboutFigure(question) ? { asksAboutFigure: true } : {}),
    ...(asksVenue(question) ? { asksVenue: true } : {}),
    ...(asksFinding(question) ? { asksFinding: true } : {}),
    ...(asksForName(question) ? { asksName: true } : {}),
    askedWords: wordsOf(question),
  };
}

/** Step 4, choose the sentences that answer. */
export function chooseSentences(ctx: QaContext, retrieved: RetrievedQuestion): Quote[] {
  return selectQuotes(selectionInput(ctx, retrieved));
}

/** Step 5, compose the reply from the chosen sentences, naming the section (and digest) of each. */
export function composeReply(ctx: QaContext, { asked, language, retrieval, subjects, kind }: RetrievedQuestion, quotes: Quote[]): Answer {
  const paperOf = (passage: Passage) => ctx.paperByKey.get(paperKey(passage));
  const answer = composeAnswer({ question: asked, language, quotes, hits: retrieval.hits, paperOf });
  return { ...answer, questionKind: kind, ...(subjects.length > 0 ? { topic: subjects } : {}) };
}

/**
 * Whether the quotes give the figure asked, where one is asked: a quote writes a number, and its paragraph names what
 * the figure is of ("How many patients…?" is not answered by "we repeat step 3" in a paragraph about the patient level
 * unless…). The section having numbers elsewhere does not do.
 */
function quotesFigure(asked: FigureAsked | undefined, quotes: readonly Quote[]): boolean {
  if (asked?.stated) return quotes.some((quote) => asked.stated!(`${quote.text} ${quote.translation ?? ''}`));
  if (!asked || asked.nouns.length === 0) return true;
  // A Chinese noun is written in too many ways ("图片", "图像"; "图文对", "图像-文本对") to hold a quote to it.
  const gives = asked.nouns.every(hasHan) ? undefined : asked.gives;
  return quotes.some((quote) => WRITES_NUMBER.test(withoutVersions(`${quote.text} ${quote.translation ?? ''}`)) && (gives?.(quote.passage) ?? true));
}

/** The whole pipeline: what a QaService's `ask` does. */
export async function answerQuestion(ctx: QaContext, rawQuestion: string, askOptions: AskOptions = {}): Promise<Answer> {
  const question = await coveredQuestion(ctx, rawQuestion, askOptions);
  if ('done' in question) return question.done;
  const asked = figureAsked(ctx, question);
  if (!givesAskedFigure(ctx, question, asked)) return notCovered(ctx, question);
  const quotes = (await eachQuestion(ctx, question, askOptions)) ?? chooseSentences(ctx, question);
  // No sentence to quote (a section holding only its paper's title), or sentences about something else than what is
  // asked ("GhostNet", listed only in an introduction, answered with MobileNet's sentences): not covered. Subjects that
  // only the scene-setting clause names ("for my thesis on MIR datasets: …") never refuse on their own.
  // Nor is a figure asked ("How many MCTS simulations per move…?") that no quoted sentence gives: the section has
  // numbers, none of them the one asked. Nor "what GPU did they train it on?", a kind the digest never writes, where
  // no quote names a thing of any kind the question does not ("40 hours training on RTX 3090" does).
  if (
    quotes.length === 0 ||
    (question.unknownKind !== undefined && !quotes.some((quote) => namesNewTerm(quote.text, question.question))) ||
    !quotesSubject(askedSubjects(question).length > 0 ? question.subjects : [], quotes, (passage) => sectionWrites(ctx, passage)) ||
    !quotesFigure(asked, quotes) ||
    // "Who are the authors of X?" answered by what X does: the digest does not say.
    (asksMaker(question.question) && !quotes.some(namesMaker))
  )
    return notCovered(ctx, question);
  return composeReply(ctx, question, quotes);
}

/**
 * Whether the digest gives the figure a question asks for, where it asks for one: in the sections of the papers it
 * names, or, for a model without a section of its own ("How many parameters does the docT5query model have?"), in the
 * passages naming it and those the answer would quote (figureAsked says what gives it). True for any other question.
 */
export function givesAskedFigure(ctx: QaContext, retrieved: RetrievedQuestion, asked = figureAsked(ctx, retrieved)): boolean {
  const { retrieval, subjects } = retrieved;
  if (subjects.length === 0 && retrieval.namedPapers.length === 0) return true;
  if (!asked) return true;
  const passages =
    retrieval.namedPapers.length > 0
      ? retrieval.namedPapers.flatMap((key) => {
          const paper = ctx.paperByKey.get(key);
          return paper ? ctx.retriever.passagesOfPaper(paper) : [];
        })
      : [
          ...ctx.corpus.passages.filter((passage) =>
            subjects.some((subject) => textsOf(passage).some((text) => namePattern(subject).test(normalize(text)))),
          ),
          ...retrieval.hits.slice(0, ANSWER.candidatePassages).map((hit) => hit.passage),
        ];
  // A Chinese noun the dictionary cannot render, over passages that write no Chinese ("多少层" over "a 53-layer
  // backbone"): nothing tells whether they give the figure, so the question is not refused for it.
  if (asked.unrendered && !passages.some((passage) => textsOf(passage).some(hasHan))) return true;
  return passages.some(asked.gives);
}

/** A figure a question asks, read once for the coverage check and the quotes. */
export interface FigureAsked {
  /** The nouns it asks the figure of (askedFigure); none for "有多大". */
  nouns: string[];
  /** No noun has a rendering in English: a Chinese noun the dictionary does not know. */
  unrendered: boolean;
  /** Whether a passage gives the figure. */
  gives: (passage: Passage) => boolean;
  /** Whether a quote states it, where that is told from the quote alone (a model's size: "7B", "70 亿参数"). */
  stated?: (text: string) => boolean;
}

/**
 * The figure a question asks, undefined where it asks none. A model size ("How many parameters does Jukebox have?") is
 * given as a figure in billions or millions or beside "parameters"/"参数"; any other figure ("What batch size did SimCLR
 * use?", "困惑度是多少?") by a paragraph with a number that names what is measured or its unit, in the digest's text or
 * its rendering, the noun in either language through the dictionary.
 */
function figureAsked(ctx: QaContext, { question, kind }: RetrievedQuestion): FigureAsked | undefined {
  const nouns = askedFigure(question);
  // Each noun as the section may write it, in either language ("准确率" in a table headed "accuracy").
  const renderings = nouns.flatMap((noun) => ctx.retriever.renderingsOf(noun));
  const unrendered = nouns.length > 0 && renderings.every(hasHan);
  if (kind === 'quantity' && asksParameterCount(question))
    return { nouns, unrendered, gives: (passage) => textsOf(passage).some(writesModelSize), stated: writesModelSize };
  if (nouns.length === 0) return undefined;
  const names = renderings.map(namesOfFigure);
  // A quantity's unit, or one the noun asked implies ("which top-1 accuracy" is given as a percentage).
  const unit = kind === 'quantity' ? askedUnit(question) : nouns.map(unitOf).find((found) => found !== undefined);
  // A paragraph with a number, not a sentence: "Using smaller resolution … In our implementation, we use 320×320".
  const gives = (passage: Passage) => {
    const sentences = ctx.retriever.sentencesOf(passage);
    return [
      { paragraph: greekOfTex(passage.text), sentences: sentences.map((sentence) => greekOfTex(sentence.text)) },
      { paragraph: passage.translation ?? '', sentences: sentences.flatMap((sentence) => sentence.translation ?? []) },
    ].some(
      ({ paragraph, sentences }) =>
        WRITES_NUMBER.test(withoutVersions(paragraph)) && ((unit?.test(paragraph) ?? false) || names.some((writes) => writes(paragraph, sentences))),
    );
  };
  return { nouns, unrendered, gives };
}

/** The Greek letters in TeX's names, in the alphabet's order from α: "final sigma" has none. */
const GREEK_NAMES =
  'alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho - sigma tau upsilon phi chi psi omega'.split(' ');
/** The Greek letter a name spells ("alpha" → "α"), undefined for any other word. */
const greekLetter = (name: string) => {
  const at = GREEK_NAMES.indexOf(name);
  return at >= 0 ? String.fromCodePoint(0x3b1 + at) : undefined;
};
/** A text with TeX's Greek letters written as letters ("阈值$\delta$和$\lambda$" → "阈值$δ$和$λ$"), as a question writes them. */
const greekOfTex = (text: string) => text.replace(/\\([a-z]+)(?![a-z])/gu, (command, name: string) => greekLetter(name) ?? command);

/** A passage's text and its rendering (empty where it has none). */
const textsOf = (passage: Passage) => [passage.text, passage.translation ?? ''];

/** Scores a question may ask by their metric's short name. */
const METRICS = new Set(['iou', 'miou', 'ap', 'map', 'bleu', 'wer', 'f1']);
/** A digit, or a numeral written out (in a text without the versions of names: "MoCo v2" states no figure). */
const WRITES_NUMBER =
  /\d|[一二两三四五六七八九十百千万亿]|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|hundred|thousand|million|billion)\b/iu;

/**
 * Whether a paragraph names what a figure is of: a Chinese noun as written; an English one as a phrase in any form of
 * its words ("batch size", "image-text pairs" for "image text pair"), by its initials ("word error rate" → WER), or
 * by all its words in one sentence ("the resolution of the input").
 */
function namesOfFigure(noun: string): (paragraph: string, sentences: readonly string[]) => boolean {
  if (hasHan(noun)) {
    // A compound by its head ("图片尺寸" over "尺寸为 (299, 299, 3) 的图像"), as an English phrase by its words.
    const head = tokenize(noun)
      .filter((part) => part !== noun && noun.endsWith(part) && [...part].length >= 2)
      .sort((a, b) => b.length - a.length)[0];
    return (paragraph) => paragraph.includes(head ?? noun);
  }
  const words = noun
    .replaceAll('-', ' ')
    .split(' ')
    .filter((word) => word.length > 0);
  // "what size", "which score": nothing says what the figure is of.
  if (words.every((word) => FIGURE_WORDS.has(word))) return () => true;
  // A figure word closing a long phrase only says a figure is asked: "end-to-end attack success rate" is the digest's
  // "60% end-to-end attack success" ("learning rate" keeps its "rate").
  if (words.length >= 3 && FIGURE_WORDS.has(words.at(-1)!)) words.pop();
  // A word's stem as a prefix of its forms ("accuracy" is stemmed "accuraci"); a short one ("AP", "mAP", "box") whole
  // or plural ("boxes").
  const forms = words.map((word) => {
    const stemmed = stemmer(word);
    const stem = escapeRegExp(stemmed.endsWith('i') ? stemmed.slice(0, -1) : stemmed);
    // A metric's mean, written either way: "mIoU" is the digest's "mean IOU", "mAP" its "mean AP".
    const mean = word.startsWith('m') && METRICS.has(word.slice(1)) ? `|mean\\s*${escapeRegExp(word.slice(1))}(?![a-z])` : '';
    // A Greek letter asked by name is written as the letter in TeX, where a value is set for it ("$\alpha = 16$").
    const letter = greekLetter(word) ? `|${greekLetter(word)}\\s*[=≈]\\s*\\d` : '';
    return `(?:${stem.length <= 3 ? `${stem}(?:e?s)?(?![a-z])` : `${stem}[a-z]*`}${mean}${letter})`;
  });
  const phrase = new RegExp(`(?<![a-z])${forms.join('[\\s-]+')}`, 'iu');
  const each = forms.map((form) => new RegExp(`(?<![a-z])${form}`, 'iu'));
  const initials = words.length >= 2 ? namePattern(words.map((word) => word[0]).join('')) : undefined;
  // A metric is a score: a table's "Score" column gives it ("Score: 67.2" under "benchmark scores (mean IOU)").
  const metric = words.some((word) => METRICS.has(word));
  return (paragraph, sentences) =>
    phrase.test(paragraph) ||
    (metric && /\bscores?\b/iu.test(paragraph)) ||
    (initials?.test(normalize(paragraph)) ?? false) ||
    sentences.some((sentence) => each.every((word) => word.test(sentence)));
}

/** A name as written, whatever its spacing: "MobileNetV3" is "MobileNet V3". */
const compact = (text: string) => normalize(text).replace(/[\s_-]+/gu, '');

/** What a passage's section writes: every passage's text, and the names of its paper and of what the paper discusses. */
function sectionWrites(ctx: QaContext, passage: Passage): string {
  const paper = ctx.paperByKey.get(paperKey(passage));
  const names = paper ? [...paper.aliases, ...paper.discusses.flatMap((d) => d.aliases)] : [];
  return [...ctx.retriever.passagesOfPaper(passage).map((other) => other.text), ...names].join(' ');
}

/**
 * The subjects a question asks about: not those only its scene-setting clause names ("for my thesis on MIR datasets:
 * how many dancers are in the AIST database?"); those of the turn it continues, which it does not write, stay.
 */
export function askedSubjects({ question, subjects }: Pick<RetrievedQuestion, 'question' | 'subjects'>): string[] {
  const written = normalize(question);
  const asked = normalize(questionProper(question));
  return subjects.filter((subject) => !written.includes(subject) || asked.includes(subject));
}

/**
 * Whether the section of a quote (its headings, its text, `sectionWrites`) writes one of the question's subjects: the
 * quotes are then about what is asked (true when the question has no subject).
 */
export function quotesSubject(subjects: readonly string[], quotes: readonly Quote[], sectionWrites: (passage: Passage) => string): boolean {
  if (subjects.length === 0 || quotes.length === 0) return true;
  const written = quotes.map(({ passage }) =>
    compact(`${passage.sectionTitle} ${passage.subheading ?? ''} ${passage.text} ${sectionWrites(passage)}`),
  );
  return subjects.some((subject) => written.some((text) => text.includes(compact(subject))));
}

/**
 * A message asking two questions or more ("Llama 2 能商用吗？参数范围多大？") is answered question by question, each
 * later one as a follow-up of the first (so "参数范围" is about Llama 2): the answer to the whole would quote what
 * answers the question with the most words only. Undefined for a single question, or when the first is not covered.
 */
async function eachQuestion(ctx: QaContext, question: RetrievedQuestion, askOptions: AskOptions): Promise<Quote[] | undefined> {
  const [first, ...rest] = subQuestions(question.question);
  if (!first || rest.length === 0) return undefined;
  const firstAsked = await prepareQuestion(ctx, first, askOptions);
  if ('done' in firstAsked || !isCovered(firstAsked.evidence, ctx.thresholds[firstAsked.language])) return undefined;
  const quotes = chooseSentences(ctx, firstAsked);
  if (quotes.length === 0) return undefined;
  const previous = nextTurn(undefined, first, composeReply(ctx, firstAsked, quotes));
  for (const part of rest) {
    const asked = await prepareQuestion(ctx, part, { ...askOptions, previous, sameMessage: true });
    if ('done' in asked || !isCovered(asked.evidence, ctx.thresholds[asked.language])) continue;
    // What answers it in its best passage: a later question adds a point, not another paper's sentences.
    const answer = chooseSentences(ctx, asked);
    const lead = leadQuote(answer, figureAsked(ctx, asked));
    const own = answer.filter((q) => q.passage === lead?.passage);
    quotes.push(...own.filter((q) => !quotes.some((other) => other.passage === q.passage && other.text === q.text)));
  }
  return quotes;
}

/**
 * The quote whose passage answers a later question of a message: the best one, or where the question asks a figure
 * ("先在失真数据上训了多少个epoch？"), the best one giving it rather than one only naming the topic.
 */
export function leadQuote(quotes: readonly Quote[], figure: FigureAsked | undefined): Quote | undefined {
  return quotes.find((quote) => quotesFigure(figure, [quote])) ?? quotes[0];
}

/**
 * The questions of a message, each ending with its question mark ("…能商用吗？参数范围多大？") or joined to the one
 * before by "and" with a question word of its own ("…codebase, and why does the blogger recommend it?", "…，另外…").
 */
export function subQuestions(text: string): string[] {
  return [...text.matchAll(/[^?？]+[?？]+/gu)]
    .flatMap(([part]) => part.split(NEXT_QUESTION))
    .map((part) => part.trim())
    .filter((part) => [...part].length >= SUB_QUESTION_CHARS);
}
/** Where a sentence goes on with a question of its own: ", and why …", ", also how many …", "，另外…". */
const NEXT_QUESTION =
  /[,，;；]\s*(?:and|also|plus)\s+(?=(?:what|why|how|which|who|when|where|does|do|did|is|are|was|were)\b)|[,，;；]\s*(?:另外|还有|以及|并且)/iu;
/** Shorter than this, a part is an interjection ("真的吗?", "huh?"), not a question of its own. */
const SUB_QUESTION_CHARS = 6;

/** The sentences of a passage retrieval scored, as answer candidates ranked with their passage. */
const candidatesOf = (scored: ScoredPassage, rank: number): Candidate[] =>
  scored.sentences.map((sentence) => ({ ...sentence, passage: scored.passage, rank }));

/** The sentences of a candidate's section in reading order, as candidates nobody scored, and where the candidate stands among them. */
function inReadingOrder(retriever: HybridRetriever, c: Candidate): { sentences: Candidate[]; at: number } {
  const sentences = retriever.passagesOfPaper(c.passage).flatMap((passage) =>
    retriever.sentencesOf(passage).map((sentence, index) => ({
      ...sentence,
      passage,
      rank: Number.MAX_SAFE_INTEGER,
      index,
      similarity: 0,
      coverage: 0,
      matched: [],
    })),
  );
  return { sentences, at: sentences.findIndex((x) => x.passage === c.passage && x.index === c.index) };
}

/** The sentences of a section in reading order after `c` (list items follow their intro). */
function following(retriever: HybridRetriever, c: Candidate): Candidate[] {
  const { sentences, at } = inReadingOrder(retriever, c);
  return sentences.slice(at + 1);
}

function preceding(retriever: HybridRetriever, c: Candidate): Candidate | undefined {
  const { sentences, at } = inReadingOrder(retriever, c);
  return at > 0 ? sentences[at - 1] : undefined;
}

/** Words that make the name after them the yardstick of a comparison, in either language. */
const MEASURED_AGAINST = /(?:relative to|compared (?:to|with)|than|versus|vs\.?|相比于?|比起|跟|与|和)\s*(?:the\s+)?(?:[a-z]+\s+)?$/iu;

/** Words that join two things as well as compare them: "DPO 和 RLHF" asks about both. */
const JOINING = new Set(['跟', '与', '和']);

/** Whether `name` follows a yardstick word in `question` ("… relative to GPT-3", "跟 GPT-3 的训练文本比起来"). */
export function isReference(question: string, name: string): boolean {
  const lowered = normalize(question);
  const at = lowered.indexOf(name);
  if (at < 0 || !MEASURED_AGAINST.test(lowered.slice(0, at))) return false;
  // "跟/与/和 X" is a yardstick only when the clause goes on to compare ("…比起来", "…相比").
  const marker = MEASURED_AGAINST.exec(lowered.slice(0, at))![0].trim();
  return !JOINING.has(marker) || lowered.slice(at + name.length).includes('比');
}

/** The question's subjects: names of the digest it mentions, and the catalogue names of papers it names. */
function subjectsOf(ctx: QaContext, question: string, retrieval: Retrieval): string[] {
  const lowered = normalize(question);
  const latin = latinWords(question).filter((w) => ctx.names.modelNames.has(w));
  const named = retrieval.namedPapers
    .flatMap((key) => {
      const paper = ctx.paperByKey.get(key);
      return paper ? [...paper.aliases, ...paper.discusses.flatMap((d) => d.aliases)] : [];
    })
    .map((name) => name.toLowerCase())
    .filter((name) => lowered.includes(name));
  // A name the question writes whole ("Switch Transformer") is the subject, not its part that names something else too;
  // a name the asker glosses with a paper's title ("DAIN（Depth-Aware Video Frame Interpolation）") is that paper's.
  const glossed = new Set(
    [...question.matchAll(GLOSS)]
      .filter(([, name, title, before, after]) => ctx.retriever.namedPapers(title ?? before ?? '').length > 0 && (name ?? after))
      .map(([, name, , , after]) => normalize(name ?? after ?? '')),
  );
  const parts = latin.filter((word) => !glossed.has(word) && !named.some((name) => name !== word && latinWords(name).includes(word)));
  return [...new Set([...parts, ...named])];
}
/** A name and a title glossing each other in brackets: "DAIN（Depth-Aware Video Frame Interpolation）", "Depth-Aware … (DAIN)". */
const GLOSS = /([A-Za-z][\w.+-]*)\s*[(（]([^()（）]{8,})[)）]|([A-Za-z][^()（）]{7,}?)\s*[(（]([A-Za-z][\w.+-]*)[)）]/gu;
