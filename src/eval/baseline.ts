import { HNSWLib } from '@langchain/community/vectorstores/hnswlib';
import type { Embeddings } from '@langchain/core/embeddings';
import { RecursiveCharacterTextSplitter } from '@langchain/textsplitters';
import type { Corpus } from '../corpus/load.ts';
import type { RankedResult } from './metrics.ts';

/**
 * The plain LangChain recipe the benchmark compares against: each digest split by
 * RecursiveCharacterTextSplitter (1000/200), embedded into HNSWLib, `similaritySearch(question, 4)`.
 * It never refuses. A chunk's section is that of the first corpus passage one of its lines belongs to.
 */
export async function buildBaseline(corpus: Corpus, texts: ReadonlyMap<string, string>, embeddings: Embeddings) {
  const splitter = new RecursiveCharacterTextSplitter({ chunkSize: 1000, chunkOverlap: 200 });
  const documents = [];
  for (const [digest, text] of texts) {
    const passages = corpus.passages.filter((p) => p.digest === digest);
    for (const chunk of await splitter.createDocuments([text])) {
      const lines = chunk.pageContent.split('\n').filter((line) => line.trim().length > 10);
      const owner = lines.map((line) => passages.find((p) => p.text.includes(line))).find(Boolean);
      documents.push({ ...chunk, metadata: { digest, section: owner?.section ?? 0 } });
    }
  }
  const store = await HNSWLib.fromDocuments(documents, embeddings);
  return {
    chunks: documents.length,
    async ask(question: string): Promise<RankedResult> {
      const found = await store.similaritySearch(question, 4);
      return { answered: true, citations: found.map((d) => ({ section: d.metadata.section as number, text: d.pageContent })) };
    },
  };
}
