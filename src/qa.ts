import type { Config } from './config.ts';
import { catalogueEntries } from './answer/catalogue.ts';
import { NameChecker } from './answer/names.ts';
import { answerQuestion, coverageThresholds, prepareQuestion, selectionInput, type CoverageEvidence, type QaContext } from './answer/pipeline.ts';
import type { SelectInput } from './answer/select.ts';
import { loadCorpus, type Corpus } from './corpus/load.ts';
import { paperKey } from './corpus/paper-ref.ts';
import { buildProfile } from './corpus/profile.ts';
import { log } from './log.ts';
import { linkSamePapers } from './papers/identity.ts';
import { LocalEmbeddings } from './retrieval/embeddings.ts';
import { HybridRetriever } from './retrieval/hybrid.ts';
import { UNRELATED } from './retrieval/settings.ts';
import { Lexicon } from './retrieval/lexicon.ts';
import { buildIndex, IndexUnusableError, loadIndex, type BuildProgress, type PassageIndex } from './retrieval/index-store.ts';
import { warmTokenizer } from './retrieval/tokenize.ts';
import type { QaService } from './types.ts';

export { isCovered, type CoverageEvidence, type Thresholds } from './answer/pipeline.ts';

export interface QaSetupOptions {
  /** Called while an index is (re)built, e.g. to drive a progress bar. */
  onBuildProgress?: (progress: BuildProgress) => void;
  /** Build a fresh index even if the stored one is usable. */
  forceRebuild?: boolean;
}

export interface LocalQaService extends QaService {
  /** The evidence the "not covered" decision would see, or undefined when the question never reaches it. */
  coverageEvidence(question: string): Promise<CoverageEvidence | undefined>;
  /** The sentences an answer to `question` is chosen from, for fitting their weights (src/cli/calibrate.ts). */
  sentenceChoice(question: string): Promise<SelectInput | undefined>;
  /** What the answering steps (src/answer/pipeline.ts) use, for tests of each step. */
  context: QaContext;
  corpus: Corpus;
  index: PassageIndex;
  embeddings: LocalEmbeddings;
  /** Whether the index was built during set-up, and why. */
  indexBuilt?: string;
}

export function createEmbeddings(config: Config): LocalEmbeddings {
  return new LocalEmbeddings({ modelId: config.embeddingModel, modelDir: config.modelDir, allowRemoteModels: config.allowRemoteModels });
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

  const lexicon = Lexicon.load(config.lexiconFile);
  const retriever = new HybridRetriever(corpus, index, embeddings, lexicon);
  await retriever.calibrateLanguages(UNRELATED.probes);
  const papers = corpus.papers.map((paper) => buildProfile(paper, corpus.passages));
  linkSamePapers(papers);
  const context: QaContext = {
    corpus,
    retriever,
    thresholds: await coverageThresholds(retriever),
    names: new NameChecker(corpus, lexicon.ordinaryWords()),
    papers,
    paperByKey: new Map(papers.map((p) => [paperKey(p), p])),
    catalogue: catalogueEntries(corpus.papers, corpus.passages),
  };

  return {
    ask: (question, askOptions) => answerQuestion(context, question, askOptions),
    async coverageEvidence(question) {
      const prepared = await prepareQuestion(context, question);
      return 'done' in prepared ? undefined : prepared.evidence;
    },
    async sentenceChoice(question) {
      const prepared = await prepareQuestion(context, question);
      return 'done' in prepared ? undefined : selectionInput(context, prepared);
    },
    context,
    papers,
    corpus,
    index,
    embeddings,
    ...(indexBuilt ? { indexBuilt } : {}),
  };
}
