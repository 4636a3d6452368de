import type { Config } from './config.ts';
import { composeAnswer } from './answer/compose.ts';
import { cleanQuestion, detectLanguage } from './answer/question.ts';
import { loadCorpus, type Corpus } from './corpus/load.ts';
import { buildProfile } from './corpus/profile.ts';
import { log } from './log.ts';
import { LocalEmbeddings } from './retrieval/embeddings.ts';
import { HybridRetriever } from './retrieval/hybrid.ts';
import { buildIndex, IndexUnusableError, loadIndex, type IndexedSentence, type PassageIndex } from './retrieval/index-store.ts';
import { warmTokenizer } from './retrieval/tokenize.ts';
import type { Answer, AskOptions, PaperProfile, QaService } from './types.ts';

export interface QaSetupOptions {
  /** Called while an index is (re)built, e.g. to drive a progress bar. */
  onBuildProgress?: (done: number, total: number) => void;
  /** Build a fresh index even if the stored one is usable. */
  forceRebuild?: boolean;
}

export interface LocalQaService extends QaService {
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
  const papers = corpus.papers.map((paper) => buildProfile(paper, corpus.passages));
  const paperByKey = new Map(papers.map((p) => [`${p.digest}:${p.section}`, p]));
  const sentencesByPassage = new Map<string, IndexedSentence[]>();
  for (const sentence of index.sentences) {
    const list = sentencesByPassage.get(sentence.passageId) ?? [];
    list.push(sentence);
    sentencesByPassage.set(sentence.passageId, list);
  }

  async function ask(rawQuestion: string, askOptions: AskOptions = {}): Promise<Answer> {
    const question = cleanQuestion(rawQuestion);
    const previous = askOptions.previous;
    const retrieval = await retriever.retrieve(question, previous ? { previous } : {});
    return composeAnswer({
      question,
      language: detectLanguage(question),
      retrieval,
      sentencesByPassage,
      paperOf: (hit) => paperByKey.get(`${hit.passage.digest}:${hit.passage.section}`),
      coverage: (text) => retriever.textCoverage(retrieval.focusTokens, text),
    });
  }

  return { ask, papers, corpus, index, embeddings, ...(indexBuilt ? { indexBuilt } : {}) };
}
