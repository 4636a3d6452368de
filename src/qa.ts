import type { Config } from './config.ts';
import {
  catalogueAnswerText,
  catalogueEntries,
  digestNamed,
  helpText,
  readCatalogueQuestion,
  shortNames,
  smallTalkReply,
} from './answer/catalogue.ts';
import { composeAnswer, refusal, sectionLabel } from './answer/compose.ts';
import { continuesPrevious } from './answer/conversation.ts';
import {
  askedUnit,
  asksPurpose,
  asksWhyIncluded,
  definedTerm,
  isHelpRequest,
  isSmallTalk,
  questionKind,
  type QuestionKind,
} from './answer/intent.ts';
import { askingClause, NameChecker } from './answer/names.ts';
import { cleanQuestion, detectLanguage } from './answer/question.ts';
import { selectQuotes, type Candidate, type SelectInput } from './answer/select.ts';
import { ANSWER, FOLLOW_UP } from './answer/settings.ts';
import { loadCorpus, type Corpus } from './corpus/load.ts';
import { paperKey } from './corpus/paper-ref.ts';
import { linkSamePapers } from './papers/identity.ts';
import { buildProfile } from './corpus/profile.ts';
import { log } from './log.ts';
import { LocalEmbeddings } from './retrieval/embeddings.ts';
import { translatedWords } from './retrieval/glossary.ts';
import { HybridRetriever, type Retrieval, type RetrievalEvidence, type ScoredPassage } from './retrieval/hybrid.ts';
import { buildIndex, IndexUnusableError, loadIndex, type BuildProgress, type PassageIndex } from './retrieval/index-store.ts';
import { COVERAGE, UNRELATED } from './retrieval/settings.ts';
import { warmTokenizer } from './retrieval/tokenize.ts';
import type { Answer, AskOptions, Language, Passage, QaService } from './types.ts';

export interface QaSetupOptions {
  /** Called while an index is (re)built, e.g. to drive a progress bar. */
  onBuildProgress?: (progress: BuildProgress) => void;
  /** Build a fresh index even if the stored one is usable. */
  forceRebuild?: boolean;
}

export interface LocalQaService extends QaService {
  /** The evidence the "not covered" decision would see, or undefined when the question never reaches it. */
  coverageEvidence(question: string): Promise<CoverageEvidence | undefined>;
  sentenceChoice(question: string): Promise<SelectInput | undefined>;
  corpus: Corpus;
  index: PassageIndex;
  embeddings: LocalEmbeddings;
  /** Whether the index was built during set-up, and why. */
  indexBuilt?: string;
}

export function createEmbeddings(config: Config): LocalEmbeddings {
  return new LocalEmbeddings({ modelId: config.embeddingModel, modelDir: config.modelDir, allowRemoteModels: config.allowRemoteModels });
}

/** What the "not covered" decision looks at: retrieval's evidence, and what the question names. */
export interface CoverageEvidence extends RetrievalEvidence {
  /** Names of the digest the question mentions (GPT-4, Gemini): answered with what the digest says of them. */
  mentionsName: boolean;
}

export function isCovered(evidence: CoverageEvidence, thresholds: Thresholds = COVERAGE): boolean {
  return (
    evidence.namesPaper ||
    evidence.mentionsName ||
    evidence.sentenceTop >= thresholds.strongSentence ||
    (evidence.sentenceTop >= thresholds.sentence && evidence.lexicalCoverage >= thresholds.lexical) ||
    (evidence.sentenceTop >= thresholds.sentenceFloor && evidence.lexicalCoverage >= thresholds.strongLexical)
  );
}

export type Thresholds = Record<'strongSentence' | 'sentence' | 'lexical' | 'strongLexical' | 'sentenceFloor', number>;

/**
 * COVERAGE for this corpus, per question language: its similarity thresholds raised by how much closer unrelated
 * questions (UNRELATED.probes) look to this corpus than they did to the seed digest the thresholds were set on.
 */
async function coverageThresholds(retriever: HybridRetriever): Promise<Record<Language, Thresholds>> {
  const forLanguage = async (language: Language): Promise<Thresholds> => {
    const tops: number[] = [];
    for (const probe of UNRELATED.probes[language]) tops.push((await retriever.retrieve(probe, { language })).evidence.sentenceTop);
    const median = tops.sort((a, b) => a - b)[Math.floor(tops.length / 2)]!;
    const shift = Math.max(0, median - UNRELATED.level[language]);
    log.debug(`Unrelated ${language} questions reach ${median.toFixed(3)} here: similarity thresholds +${shift.toFixed(3)}.`);
    return {
      ...COVERAGE,
      strongSentence: COVERAGE.strongSentence + shift,
      sentence: COVERAGE.sentence + shift,
      sentenceFloor: COVERAGE.sentenceFloor + shift,
    };
  };
  return { zh: await forLanguage('zh'), en: await forLanguage('en') };
}

/**
 * Loads corpus, model and index once (rebuilding the index when it is missing, stale or damaged) and
 * returns the question-answering service every front end uses.
 */
export async function createQaService(config: Config, options: QaSetupOptions = {}): Promise<LocalQaService> {
  const corpus = loadCorpus(config.corpusDir);
  const embeddings = createEmbeddings(config);
  const modelLoaded = embeddings.load();
  warmTokenizer(); // jieba's dictionary loads while the model session is being created
  await modelLoaded;
  // A requested rebuild skips loading; otherwise an unusable index (missing, stale, damaged) says why and is rebuilt.
  let indexBuilt: string | undefined = options.forceRebuild ? 'A rebuild was requested.' : undefined;
  let index: PassageIndex | undefined;
  if (!options.forceRebuild) {
    try {
      index = await loadIndex({ indexDir: config.indexDir, corpusHash: corpus.hash, embeddings });
    } catch (error) {
      if (!(error instanceof IndexUnusableError)) throw error;
      indexBuilt = error.message;
      if (error.kind !== 'missing') log.warn(`${error.message} Rebuilding the index.`);
      else log.info(`${error.message} Building the index.`);
    }
  }
  if (!index) {
    index = await buildIndex({ indexDir: config.indexDir, corpus, embeddings, onProgress: options.onBuildProgress });
    const m = index.manifest;
    log.info(
      `Index built: ${m.passageCount} passages, ${m.sentenceCount} sentences (${m.reused} reused, ${m.embedded} embedded) in ${m.buildMs} ms.`,
    );
  }

  const retriever = new HybridRetriever(corpus, index, embeddings);
  const thresholds = await coverageThresholds(retriever);
  const names = new NameChecker(corpus, translatedWords());
  const papers = corpus.papers.map((paper) => buildProfile(paper, corpus.passages));
  linkSamePapers(papers);
  const paperByKey = new Map(papers.map((p) => [paperKey(p), p]));
  const paperOf = (passage: Passage) => paperByKey.get(paperKey(passage));
  const catalogue = catalogueEntries(corpus.papers, corpus.passages);

  const knownNames = names.modelNames;

  /** The sentences of a passage retrieval scored, as answer candidates ranked with their passage. */
  const candidatesOf = (scored: ScoredPassage, rank: number): Candidate[] =>
    scored.sentences.map((sentence) => ({ ...sentence, passage: scored.passage, rank }));

  /** The sentences of a section in reading order after `c` (list items follow their intro): never scored. */
  function following(c: Candidate): Candidate[] {
    const section = retriever.passagesOfPaper(c.passage);
    return section
      .slice(section.indexOf(c.passage))
      .flatMap((passage) =>
        retriever.sentencesOf(passage).map((sentence, index) => ({
          ...sentence,
          passage,
          rank: Number.MAX_SAFE_INTEGER,
          index,
          similarity: 0,
          coverage: 0,
        })),
      )
      .filter((x) => x.passage !== c.passage || x.index > c.index);
  }

  /** The question's subjects: names of the digest it mentions, and the catalogue names of papers it names. */
  function subjectsOf(question: string, retrieval: Retrieval): string[] {
    const lowered = question.normalize('NFKC').toLowerCase();
    const latin = latinWords(question).filter((w) => knownNames.has(w));
    const named = retrieval.namedPapers
      .flatMap((key) => {
        const paper = paperByKey.get(key);
        return paper ? [...paper.aliases, ...paper.discusses.flatMap((d) => d.aliases)] : [];
      })
      .map((name) => name.toLowerCase())
      .filter((name) => lowered.includes(name) && !latin.some((w) => name.includes(w)));
    return [...new Set([...latin, ...named])];
  }

  function nearestSections(retrieval: Retrieval, language: Language): string[] {
    if (retrieval.evidence.sentenceTop < COVERAGE.nearestHint || retrieval.evidence.lexicalCoverage === 0) return [];
    return [...new Set(retrieval.hits.filter((hit) => paperOf(hit.passage)).map((hit) => sectionLabel(hit.passage, language)))].slice(0, 2);
  }

  type Prepared =
    | { done: Answer }
    | {
        asked: string;
        question: string;
        language: Language;
        retrieval: Retrieval;
        subjects: string[];
        evidence: CoverageEvidence;
        kind: QuestionKind;
        /** A why-question about why the digest includes a paper. */
        whyIncluded: boolean;
        /** The term a definition question asks about. */
        defined: string | undefined;
      };

  /** Everything before the "not covered" decision: small talk, help, the catalogue, names, follow-ups, retrieval. */
  async function prepare(rawQuestion: string, askOptions: AskOptions): Promise<Prepared> {
    const asked = cleanQuestion(rawQuestion);
    const language = detectLanguage(asked);
    const reply = (kind: 'help' | 'smalltalk' | 'catalogue', answer: string) => ({
      done: { question: asked, answered: true, answer, citations: [], language, kind },
    });
    if (isSmallTalk(asked)) return reply('smalltalk', smallTalkReply(asked, language));
    if (isHelpRequest(asked)) return reply('help', helpText(corpus.info, corpus.papers, language));
    const request = readCatalogueQuestion(asked);
    const listed = request && catalogueAnswerText(corpus.info, catalogue, request, language, digestNamed(asked, corpus.info));
    if (listed) return reply('catalogue', listed);

    const checked = names.check(asked);
    const question = checked.question;
    const namesPaper = retriever.namedPapers(question).length > 0;
    // A word the digest never writes (in the clause that asks) is what the question asks about when that clause names
    // nothing the digest knows, or compares it with something: beside QLoRA, "RTX 4090", "Colab", "Berlin", "Bob" or
    // "@everyone" only set the scene, but "how does DPO compare with RLHF?" asks about DPO. A known name with a version
    // the digest lacks ("Llama 3") is always what is asked.
    const asking = askingClause(question);
    const namesSomethingKnown = retriever.namedPapers(asking).length > 0 || latinWords(asking).some((word) => knownNames.has(word));
    const unknownSubject =
      checked.unknownVersions.length > 0 || (checked.unknown.length > 0 && (!namesSomethingKnown || questionKind(asking) === 'comparison'));
    if (unknownSubject) return { done: refusal(asked, language, { unknownNames: checked.unknown, covers: shortNames(corpus.papers) }) };
    const follows =
      askOptions.previous &&
      continuesPrevious(question, { namesPaper, hasSpecificTerm: retriever.hasSpecificTerm(question, FOLLOW_UP.specificSections) });
    // A generic question continues the conversation only if the digests cover it on its own too: asked after an
    // answer, "今天深圳天气怎么样?" is judged on its own, "how many parameters?" is about the paper just discussed.
    const standsApart =
      follows === 'generic' &&
      !isCovered({ ...(await retriever.retrieve(question, { language })).evidence, mentionsName: false }, thresholds[language]);
    const previous = follows && !standsApart ? askOptions.previous : undefined;
    // A bare follow-up ("and the memory?") asks for what the turn it continues asked for.
    const own = questionKind(question);
    const kind = own === 'other' && previous?.kind ? previous.kind : own;
    const whyIncluded = kind === 'why' && asksWhyIncluded(question);
    const retrieval = await retriever.retrieve(question, { ...(previous ? { previous } : {}), language, wholeTopSection: whyIncluded });
    // A follow-up is about what the turn it continues was about ("它比 RLHF 好在哪?" after DPO: DPO, then RLHF).
    const named = subjectsOf(question, retrieval);
    const subjects = [...new Set([...(previous?.topic ?? []), ...named])];
    const defined = kind === 'definition' ? definedTerm(question) : undefined;
    const mentionsName = subjects.some((s) => knownNames.has(s)) || (defined !== undefined && names.spellsOut(defined));
    const evidence: CoverageEvidence = { ...retrieval.evidence, mentionsName };
    return { asked, question, language, retrieval, subjects, evidence, kind, whyIncluded, defined };
  }

  /** What choosing the answering sentences weighs: the sentences of the best passages, and what the question asks. */
  function selectionInput({ question, retrieval, subjects, kind, whyIncluded, defined }: Extract<Prepared, { asked: string }>): SelectInput {
    const top = retrieval.hits.slice(0, ANSWER.candidatePassages);
    // The author's reason for including a paper may share no words with the question: it is somewhere in that paper's section.
    const sectionRest = retrieval.topSection.filter((scored) => !top.some((hit) => hit.passage === scored.passage));
    const candidates = [
      ...top.flatMap((hit, rank) => candidatesOf(hit, rank)),
      // Ranked just after the best passage: the section is the one asked about, the words just differ.
      ...sectionRest.flatMap((scored) => candidatesOf(scored, 1)),
    ];
    const unit = askedUnit(question);
    return {
      kind,
      ...(defined ? { defined, asksPurpose: asksPurpose(question) } : {}),
      ...(whyIncluded ? { asksWhyIncluded: true } : {}),
      subjects,
      knownNames,
      // The sections whose own paper (its first name) the question asks about.
      subjectSections: new Set(papers.filter((p) => subjects.some((s) => (p.aliases[0] ?? p.titleEn).toLowerCase().includes(s))).map(paperKey)),
      candidates,
      following,
      ...(unit ? { unit } : {}),
    };
  }

  /**
   * The question, read whole and, when the digests do not cover it whole, by the clause that asks: what sets the scene
   * ("our team lead in Austin keeps citing it", "asking from Nairobi") must not dilute the evidence for what is asked.
   */
  async function prepareCovered(rawQuestion: string, askOptions: AskOptions): Promise<Prepared> {
    const whole = await prepare(rawQuestion, askOptions);
    if ('done' in whole || isCovered(whole.evidence, thresholds[whole.language])) return whole;
    const clause = askingClause(whole.question);
    if (clause === whole.question) return whole;
    const asked = await prepare(clause, askOptions);
    return 'done' in asked || !isCovered(asked.evidence, thresholds[asked.language])
      ? whole
      : { ...asked, asked: whole.asked, language: whole.language };
  }

  async function ask(rawQuestion: string, askOptions: AskOptions = {}): Promise<Answer> {
    const prepared = await prepareCovered(rawQuestion, askOptions);
    if ('done' in prepared) return prepared.done;
    const { asked, language, retrieval, subjects, evidence, kind } = prepared;
    if (!isCovered(evidence, thresholds[language])) {
      return refusal(asked, language, { nearest: nearestSections(retrieval, language), covers: shortNames(corpus.papers) });
    }
    const quotes = selectQuotes(selectionInput(prepared));
    const answer = composeAnswer({ question: asked, language, quotes, hits: retrieval.hits, paperOf });
    return { ...answer, questionKind: kind, ...(subjects.length > 0 ? { topic: subjects } : {}) };
  }

  async function coverageEvidence(question: string): Promise<CoverageEvidence | undefined> {
    const prepared = await prepare(question, {});
    return 'done' in prepared ? undefined : prepared.evidence;
  }

  /** The sentences an answer to `question` is chosen from, for fitting their weights (src/cli/calibrate.ts). */
  async function sentenceChoice(question: string): Promise<SelectInput | undefined> {
    const prepared = await prepare(question, {});
    return 'done' in prepared ? undefined : selectionInput(prepared);
  }

  return { ask, coverageEvidence, sentenceChoice, papers, corpus, index, embeddings, ...(indexBuilt ? { indexBuilt } : {}) };
}

/** The Latin-script words of a text, lower case, with their hyphens and dots ("gpt-4", "phi-1.5"). */
function latinWords(text: string): string[] {
  return [
    ...text
      .normalize('NFKC')
      .toLowerCase()
      .matchAll(/[a-z][a-z0-9]*(?:[-.][a-z0-9]+)*/gu),
  ].map(([word]) => word);
}
