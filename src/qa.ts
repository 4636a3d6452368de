import type { Config } from './config.ts';
import { catalogueAnswerText, catalogueEntries, helpText, readCatalogueQuestion, shortNames, smallTalkReply } from './answer/catalogue.ts';
import { composeAnswer, refusal, sectionLabel } from './answer/compose.ts';
import { continuesPrevious } from './answer/conversation.ts';
import { askedUnit, asksPurpose, asksWhyIncluded, definedTerm, isHelpRequest, isSmallTalk, questionKind } from './answer/intent.ts';
import { NameChecker } from './answer/names.ts';
import { cleanQuestion, detectLanguage } from './answer/question.ts';
import { selectQuotes, type Candidate } from './answer/select.ts';
import { ANSWER, COVERAGE, FOLLOW_UP } from './weights.ts';
import { loadCorpus, type Corpus } from './corpus/load.ts';
import { buildProfile } from './corpus/profile.ts';
import { passageSentences } from './corpus/sentences.ts';
import { log } from './log.ts';
import { LocalEmbeddings } from './retrieval/embeddings.ts';
import { translatedWords } from './retrieval/glossary.ts';
import { HybridRetriever, type Retrieval } from './retrieval/hybrid.ts';
import { buildIndex, IndexUnusableError, loadIndex, type PassageIndex } from './retrieval/index-store.ts';
import { warmTokenizer } from './retrieval/tokenize.ts';
import { dot } from './retrieval/vector.ts';
import type { Answer, AskOptions, Language, PaperProfile, Passage, PreviousTurn, QaService } from './types.ts';


export interface QaSetupOptions {
  /** Called while an index is (re)built, e.g. to drive a progress bar. */
  onBuildProgress?: (done: number, total: number) => void;
  /** Build a fresh index even if the stored one is usable. */
  forceRebuild?: boolean;
}

export interface LocalQaService extends QaService {
  /** The evidence the "not covered" decision would see, or undefined when the question never reaches it. */
  coverageEvidence(question: string): Promise<CoverageEvidence | undefined>;
  corpus: Corpus;
  index: PassageIndex;
  embeddings: LocalEmbeddings;
  /** Whether the index was built during set-up, and why. */
  indexBuilt?: string;
}

export function createEmbeddings(config: Config): LocalEmbeddings {
  return new LocalEmbeddings({ modelId: config.embeddingModel, modelDir: config.modelDir, allowRemoteModels: config.allowRemoteModels });
}


/** What the "not covered" decision looks at. */
export interface CoverageEvidence {
  sentenceTop: number;
  lexicalCoverage: number;
  namesPaper: boolean;
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
 * Loads corpus, model and index once (rebuilding the index when it is missing, stale or damaged) and
 * returns the question-answering service every front end uses.
 */
export async function createQaService(config: Config, options: QaSetupOptions = {}): Promise<LocalQaService> {
  const corpus = loadCorpus(config.corpusDir);
  const embeddings = createEmbeddings(config);
  const modelLoaded = embeddings.load();
  warmTokenizer(); // jieba's dictionary loads while the model session is being created
  await modelLoaded;
  let index: PassageIndex;
  let indexBuilt: string | undefined;
  try {
    if (options.forceRebuild) throw new IndexUnusableError('A rebuild was requested.', 'missing');
    index = await loadIndex({ indexDir: config.indexDir, corpusHash: corpus.hash, embeddings });
  } catch (error) {
    if (!(error instanceof IndexUnusableError)) throw error;
    indexBuilt = error.message;
    if (error.kind !== 'missing') log.warn(`${error.message} Rebuilding the index.`);
    else log.info(`${error.message} Building the index.`);
    index = await buildIndex({ indexDir: config.indexDir, corpus, embeddings, onProgress: options.onBuildProgress });
    log.info(`Index built: ${index.manifest.passageCount} passages, ${index.manifest.sentenceCount} sentences in ${index.manifest.buildMs} ms.`);
  }

  const retriever = new HybridRetriever(corpus, index, embeddings);
  const names = new NameChecker(corpus, translatedWords());
  const papers = corpus.papers.map((paper) => buildProfile(paper, corpus.passages));
  const paperByKey = new Map(papers.map((p) => [`${p.digest}:${p.section}`, p]));
  const paperOf = (passage: Passage) => paperByKey.get(`${passage.digest}:${passage.section}`);
  const catalogue = catalogueEntries(corpus.papers, corpus.passages);

  // Every sentence with its vector from the index, in reading order per section (list items follow their intro).
  const vectors = new Map<string, Float32Array[]>();
  for (const sentence of index.sentences) {
    const list = vectors.get(sentence.passageId) ?? [];
    list.push(sentence.vector);
    vectors.set(sentence.passageId, list);
  }
  const sentencesOf = new Map(corpus.passages.map((p) => [p, passageSentences(p)]));
  const knownNames = names.modelNames;

  function candidatesOf(passage: Passage, rank: number, queryVector: Float32Array | undefined): Candidate[] {
    const own = vectors.get(passage.id);
    return sentencesOf.get(passage)!.map((sentence, index) => ({
      ...sentence,
      passage,
      rank,
      index,
      similarity: queryVector && own?.[index] ? dot(queryVector, own[index]!) : 0,
    }));
  }

  /** The question's subjects: names of the digest it mentions, and the catalogue names of papers it names. */
  function subjectsOf(question: string, retrieval: Retrieval): string[] {
    const lowered = question.normalize('NFKC').toLowerCase();
    const latin = [...lowered.matchAll(/[a-z][a-z0-9]*(?:[-.][a-z0-9]+)*/gu)].map(([w]) => w).filter((w) => knownNames.has(w));
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
    if (retrieval.sentenceTop < COVERAGE.nearestHint || retrieval.lexicalCoverage === 0) return [];
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
        previous: PreviousTurn | undefined;
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
    const listed = request && catalogueAnswerText(corpus.info, catalogue, request, language);
    if (listed) return reply('catalogue', listed);

    const checked = names.check(asked);
    if (checked.unknown.length > 0) return { done: refusal(asked, language, { unknownNames: checked.unknown, covers: shortNames(corpus.papers) }) };
    const question = checked.question;
    const namesPaper = retriever.namedPapers(question).length > 0;
    const previous =
      askOptions.previous && continuesPrevious(question, { namesPaper, hasSpecificTerm: retriever.hasSpecificTerm(question, FOLLOW_UP.specificSections) })
        ? askOptions.previous
        : undefined;
    const retrieval = await retriever.retrieve(question, { ...(previous ? { previous } : {}), language });
    // A follow-up is about what the turn it continues was about ("它比 RLHF 好在哪?" after DPO: DPO, then RLHF).
    const own = subjectsOf(question, retrieval);
    const subjects = [...new Set([...(previous?.topic ?? []), ...own])];
    const evidence: CoverageEvidence = {
      sentenceTop: retrieval.sentenceTop,
      lexicalCoverage: retrieval.lexicalCoverage,
      namesPaper: retrieval.namedPapers.length > 0,
      mentionsName: subjects.some((s) => knownNames.has(s)),
    };
    return { asked, question, language, retrieval, subjects, evidence, previous };
  }

  async function ask(rawQuestion: string, askOptions: AskOptions = {}): Promise<Answer> {
    const prepared = await prepare(rawQuestion, askOptions);
    if ('done' in prepared) return prepared.done;
    const { asked, question, language, retrieval, subjects, evidence } = prepared;
    if (!isCovered(evidence)) {
      return refusal(asked, language, { nearest: nearestSections(retrieval, language), covers: shortNames(corpus.papers) });
    }
    const retrieved = retrieval.hits.slice(0, ANSWER.candidatePassages).map((hit) => hit.passage);
    const unit = askedUnit(question);
    // A bare follow-up ("and the memory?") asks for what the turn it continues asked for.
    const own = questionKind(question);
    const kind = own === 'other' && prepared.previous?.kind ? prepared.previous.kind : own;
    const whyIncluded = kind === 'why' && asksWhyIncluded(question);
    // The author's reason for including a paper may share no words with the question: it is somewhere in that paper's section.
    const top = retrieved[0];
    const sectionRest = whyIncluded && top ? corpus.passages.filter((p) => p.digest === top.digest && p.section === top.section && !retrieved.includes(p)) : [];
    const candidates = [
      ...retrieved.flatMap((passage, rank) => candidatesOf(passage, rank, retrieval.queryVector)),
      // Ranked just after the best passage: the section is the one asked about, the words just differ.
      ...sectionRest.flatMap((passage) => candidatesOf(passage, 1, retrieval.queryVector)),
    ];
    const defined = kind === 'definition' ? definedTerm(question) : undefined;
    const quotes = selectQuotes({
      kind,
      ...(defined ? { defined, asksPurpose: asksPurpose(question) } : {}),
      ...(whyIncluded ? { asksWhyIncluded: true } : {}),
      subjects,
      knownNames,
      // The sections whose own paper (its first name) the question asks about.
      subjectSections: new Set(
        papers.filter((p) => subjects.some((s) => (p.aliases[0] ?? p.titleEn).toLowerCase().includes(s))).map((p) => `${p.digest}:${p.section}`),
      ),
      candidates,
      coverage: (c) =>
        Math.max(
          retriever.textCoverage(retrieval.focusTokens, c.text),
          c.translation && retrieval.englishFocusTokens.length > 0 ? retriever.englishTextCoverage(retrieval.englishFocusTokens, c.translation) : 0,
        ),
      following: (c) => {
        const section = corpus.passages.filter((p) => p.digest === c.passage.digest && p.section === c.passage.section);
        return section
          .slice(section.indexOf(c.passage))
          .flatMap((p) => candidatesOf(p, Number.MAX_SAFE_INTEGER, undefined))
          .filter((x) => x.passage !== c.passage || x.index > c.index);
      },
      ...(unit ? { unit } : {}),
    });
    const answer = composeAnswer({ question: asked, language, quotes, hits: retrieval.hits, paperOf });
    return { ...answer, questionKind: kind, ...(subjects.length > 0 ? { topic: subjects } : {}) };
  }

  async function coverageEvidence(question: string): Promise<CoverageEvidence | undefined> {
    const prepared = await prepare(question, {});
    return 'done' in prepared ? undefined : prepared.evidence;
  }

  return { ask, coverageEvidence, papers, corpus, index, embeddings, ...(indexBuilt ? { indexBuilt } : {}) };
}
