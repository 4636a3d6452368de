/** What answering needs of one scope (a corpus and its index): src/qa.ts builds the global one, src/guild-digests/scopes.ts each server's. */
import { catalogueEntries } from './answer/catalogue.ts';
import { NameChecker } from './answer/names.ts';
import { coverageThresholds, type QaContext } from './answer/pipeline.ts';
import type { Corpus } from './corpus/load.ts';
import { paperKey } from './corpus/paper-ref.ts';
import { buildProfile } from './corpus/profile.ts';
import { linkSamePapers } from './papers/identity.ts';
import type { LocalEmbeddings } from './retrieval/embeddings.ts';
import { HybridRetriever } from './retrieval/hybrid.ts';
import type { PassageIndex } from './retrieval/index-store.ts';
import type { Lexicon } from './retrieval/lexicon.ts';
import { UNRELATED } from './retrieval/settings.ts';
import type { PaperProfile } from './types.ts';

/** The papers of a corpus as /paper and the paper of the day show them, each linked to the same paper in its other digests. */
export function paperProfiles(corpus: Corpus): PaperProfile[] {
  const papers = corpus.papers.map((paper) => buildProfile(paper, corpus.passages));
  linkSamePapers(papers);
  return papers;
}

/** What answering needs of a corpus and its index (src/answer/pipeline.ts): one per scope. */
export async function createQaContext(corpus: Corpus, index: PassageIndex, embeddings: LocalEmbeddings, lexicon: Lexicon): Promise<QaContext> {
  const retriever = new HybridRetriever(corpus, index, embeddings, lexicon);
  await retriever.calibrateLanguages(UNRELATED.probes);
  const papers = paperProfiles(corpus);
  return {
    corpus,
    retriever,
    thresholds: await coverageThresholds(retriever),
    names: new NameChecker(corpus, lexicon.ordinaryWords(), (word) => lexicon.has(word)),
    papers,
    paperByKey: new Map(papers.map((p) => [paperKey(p), p])),
    catalogue: catalogueEntries(corpus.papers, corpus.passages),
  };
}
