import { Embeddings, type EmbeddingsParams } from '@langchain/core/embeddings';
import { env, pipeline, type FeatureExtractionPipeline } from '@xenova/transformers';
import { LRUCache } from 'lru-cache';
import { UserError } from '../user-error.ts';

export interface LocalEmbeddingsOptions extends EmbeddingsParams {
  modelId: string;
  /** Folder holding `<modelId>/` in transformers.js layout. */
  modelDir: string;
  allowRemoteModels?: boolean;
  /**
   * Whether this instance reads and writes the vectors this process remembers (true unless said otherwise). Off
   * only to watch the model itself, e.g. that a text's vector does not depend on what is embedded with it.
   */
  rememberVectors?: boolean;
}

export class EmbeddingModelError extends UserError {
  override name = 'EmbeddingModelError';
}

/**
 * The model sessions this process has loaded, by folder and model: every LocalEmbeddings of the same model shares
 * one (an onnxruntime session runs calls concurrently), so a process that answers over several corpora (eval and
 * calibrate over many digests, a server's own digests beside the global ones) reads and compiles the model once.
 */
const loadedModels = new Map<string, Promise<FeatureExtractionPipeline>>();

/**
 * The vectors this process computed most recently, by model and text. A text's vector depends on the text only (see
 * embedDocuments), so a text embedded again is not run through the model again: the same unrelated-question probes
 * set the "not covered" thresholds of every corpus a process loads (a server's own digests, eval and calibrate over
 * many digests), a question asked again is embedded once, and a digest indexed again in a fresh folder reuses its
 * sentences' vectors. Stored as float32, as the model computes them (exact), ~2 KB each: a few MB at most.
 */
const rememberedVectors = new LRUCache<string, Float32Array>({ max: 2048 });

/**
 * LangChain `Embeddings` over @xenova/transformers, running fully on this machine.
 * Input is lowercased because bge-small-zh's tokenizer does not lowercase, and capitalised English words
 * ("Mistral", "What") would otherwise all become [UNK]. CLS pooling and L2 normalisation as the bge models expect.
 */
export class LocalEmbeddings extends Embeddings {
  readonly modelId: string;
  private readonly options: LocalEmbeddingsOptions;

  /** The model's session and remembered vectors are shared by every instance with the same key. */
  private readonly modelKey: string;

  constructor(options: LocalEmbeddingsOptions) {
    super(options);
    this.options = options;
    this.modelId = options.modelId;
    this.modelKey = JSON.stringify([options.modelDir, options.modelId, options.allowRemoteModels ?? false]);
  }

  /** Loads the model once per process; later calls, of this instance or another of the same model, reuse it. */
  load(): Promise<FeatureExtractionPipeline> {
    const key = this.modelKey;
    let loaded = loadedModels.get(key);
    if (!loaded) {
      loaded = this.createExtractor();
      loadedModels.set(key, loaded);
      // a failed load is tried again by the next call (the model may have been fetched meanwhile)
      loaded.catch(() => loadedModels.delete(key));
    }
    return loaded;
  }

  private async createExtractor(): Promise<FeatureExtractionPipeline> {
    env.allowRemoteModels = this.options.allowRemoteModels ?? false;
    env.allowLocalModels = true;
    env.localModelPath = this.options.modelDir.endsWith('/') ? this.options.modelDir : `${this.options.modelDir}/`;
    try {
      return await pipeline('feature-extraction', this.modelId, { quantized: true });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new EmbeddingModelError(
        `Cannot load embedding model "${this.modelId}" from ${this.options.modelDir} (${reason}). ` +
          (this.modelId === 'BAAI/bge-small-zh-v1.5'
            ? 'Run `npm install` to fetch it.'
            : 'Put its files there in transformers.js layout, or set ALLOW_REMOTE_MODELS=true with internet access.'),
      );
    }
  }

  /**
   * One text per forward pass. The quantized model scales its int8 activations over the whole input, so in a batch
   * a text's vector shifts with its neighbours and their padding (cosine down to 0.988 measured): alone, it depends on
   * the text only, as the embedding cache (keyed by text) assumes and as a question is embedded. It also keeps the
   * model's working memory at one text's (onnxruntime keeps what it once needed): building a hundred digests peaked
   * at 436 MB instead of 788, at the same speed.
   */
  async embedDocuments(texts: string[]): Promise<number[][]> {
    const extractor = await this.load();
    const remember = this.options.rememberVectors ?? true;
    const vectors: number[][] = [];
    for (const text of texts) {
      const key = `${this.modelKey}\0${text}`;
      const known = remember ? rememberedVectors.get(key) : undefined;
      if (known) {
        // a copy: the caller owns the arrays it is given
        vectors.push(Array.from(known));
        continue;
      }
      const output = await extractor(text.toLowerCase(), { pooling: 'cls', normalize: true });
      const vector = (output.tolist() as number[][])[0]!;
      if (remember) rememberedVectors.set(key, Float32Array.from(vector));
      vectors.push(vector);
    }
    return vectors;
  }

  async embedQuery(text: string): Promise<number[]> {
    const [vector] = await this.embedDocuments([text]);
    return vector!;
  }
}
