import type { Config } from './config.ts';
import { answerQuestion, prepareQuestion, selectionInput, type CoverageEvidence, type QaContext } from './answer/pipeline.ts';
import type { SelectInput } from './answer/select.ts';
import { loadCorpus, type Corpus } from './corpus/load.ts';
import { log } from './log.ts';
import { LocalEmbeddings } from './retrieval/embeddings.ts';
import { Lexicon } from './retrieval/lexicon.ts';
import { buildIndex, IndexUnusableError, loadIndex, hasRenderings, type BuildProgress, type PassageIndex } from './retrieval/index-store.ts';
import { warmTokenizer } from './retrieval/tokenize.ts';
import type { QaService } from './types.ts';
import { createQaContext } from './qa-context.ts';
import type { DigestManager } from './guild-digests/changes.ts';
import { GuildScopes } from './guild-digests/scopes.ts';
import { readUpload } from './guild-digests/upload.ts';

export { isCovered, type CoverageEvidence, type Thresholds } from './answer/pipeline.ts';

export interface QaSetupOptions {
  /** Called while an index is (re)built, e.g. to drive a progress bar. */
  onBuildProgress?: (progress: BuildProgress) => void;
  /** Build a fresh index even if the stored one is usable. */
  forceRebuild?: boolean;
}

export interface LocalQaService extends QaService, DigestManager {
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
  // jieba's dictionary and the lexicon load while the model session is being created
  warmTokenizer();
  const lexicon = Lexicon.load(config.lexiconFile);
  await modelLoaded;
  // A requested rebuild skips loading; otherwise an unusable index (missing, stale, damaged) says why and is rebuilt.
  let indexBuilt: string | undefined = options.forceRebuild ? 'A rebuild was requested.' : undefined;
  let index: PassageIndex | undefined;
  if (!options.forceRebuild) {
    try {
      index = await loadIndex({ indexDir: config.indexDir, corpusHash: corpus.hash, embeddings, rendered: hasRenderings(corpus) });
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

  const context = await createQaContext(corpus, index, embeddings, lexicon);
  const scopes = new GuildScopes(config, { corpus, context, embeddings, lexicon });
  const contextFor = (guildId?: string) => (guildId ? scopes.contextFor(guildId) : Promise.resolve(context));

  return {
    ask: async (question, askOptions) => answerQuestion(await contextFor(askOptions?.guildId), question, askOptions),
    previewDigest: async (fileName, bytes, title) => readUpload(fileName, Buffer.from(bytes), title),
    changeDigests: (guildId, change) => scopes.change(guildId, change),
    cancelChanges: () => scopes.cancel(),
    async coverageEvidence(question) {
      const prepared = await prepareQuestion(context, question);
      return 'done' in prepared ? undefined : prepared.evidence;
    },
    async sentenceChoice(question) {
      const prepared = await prepareQuestion(context, question);
      return 'done' in prepared ? undefined : selectionInput(context, prepared);
    },
    context,
    papers: context.papers,
    corpus,
    index,
    embeddings,
    ...(indexBuilt ? { indexBuilt } : {}),
  };
}
