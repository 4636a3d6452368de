/**
 * Answering within a server's scope: the global digests (the `corpus/` folder) and the server's own (./store.ts), one
 * corpus with one index of its own, so that scoping is a property of the index (no filter after the top-k) and
 * nothing of one server's digests can be retrieved, cited, listed or counted as evidence in another. Lives in each
 * answering worker (src/workers/qa-worker.ts) beside the global QaContext.
 *
 * Live without restart: before each question in a server, the worker reads which generation the server serves (one
 * small file read) and loads it if it has not yet; the question gets that context object, so one being answered
 * when a new generation appears finishes on the one it started with. This holds across the pool's workers and
 * across shards alike, since every one of them reads the same `DATA_DIR`.
 *
 * A change is built here too, in the worker the pool hands it to (never on the gateway's thread): the server's index
 * starts from the previous generation's (or the global index), so only the passages it lacks are embedded and a
 * removed digest's are marked deleted (src/retrieval/index-store.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { QaContext } from '../answer/pipeline.ts';
import type { Config } from '../config.ts';
import { loadCorpus, type Corpus } from '../corpus/load.ts';
import { log } from '../log.ts';
import { createQaContext, paperProfiles } from '../qa-context.ts';
import type { Lexicon } from '../retrieval/lexicon.ts';
import type { LocalEmbeddings } from '../retrieval/embeddings.ts';
import { buildIndex, IndexUnusableError, hasRenderings, loadIndex } from '../retrieval/index-store.ts';
import { decideChange, type ChangeRefusal, type ChangeResult, type DigestChange } from './changes.ts';
import { DIGESTS_FOLDER, GuildDigestStore, INDEX_FOLDER, type GuildDigest, type StagedGeneration } from './store.ts';

/** Servers whose contexts a worker keeps loaded; the least recently asked is dropped past this (and loaded again when asked). */
const MAX_LOADED_SCOPES = 32;
/** The index store's folder inside an index folder (src/retrieval/index-store.ts). */
const INDEX_STORE = 'store';

export interface GlobalScope {
  corpus: Corpus;
  context: QaContext;
  embeddings: LocalEmbeddings;
  /** Loaded once per thread and shared by every scope. */
  lexicon: Lexicon;
}

/** The corpus of a server's scope: the global digests, then the server's own with the titles it gave them. */
export function scopeCorpus(corpusDir: string, digestsDir: string, digests: readonly GuildDigest[]): Corpus {
  return loadCorpus(corpusDir, [{ dir: digestsDir, titles: Object.fromEntries(digests.map((digest) => [digest.name, digest.title])) }]);
}

/** A server's context as loaded (or being loaded) for one generation of its digests. */
interface LoadedScope {
  generation: number;
  context: Promise<QaContext>;
}

export class GuildScopes {
  readonly store: GuildDigestStore;
  private readonly loaded = new Map<string, LoadedScope>();
  /** Set when the worker is shutting down: the build under way stops at its next embedding batch. */
  private cancelled = false;

  constructor(
    private readonly config: Pick<Config, 'corpusDir' | 'indexDir' | 'dataDir' | 'guildDigestLimit'>,
    private readonly global: GlobalScope,
  ) {
    this.store = new GuildDigestStore(config.dataDir);
  }

  /** The context questions in `guildId` are answered with: the global one while the server has no digests of its own. */
  async contextFor(guildId: string): Promise<QaContext> {
    const generation = this.store.currentNumber(guildId);
    if (generation === undefined) return this.global.context;
    const known = this.loaded.get(guildId);
    const scope = known?.generation === generation ? known : { generation, context: this.load(guildId) };
    this.remember(guildId, scope);
    try {
      return await scope.context;
    } catch (error) {
      // Not kept: the next question tries again.
      if (this.loaded.get(guildId) === scope) this.loaded.delete(guildId);
      throw error;
    }
  }

  /** Stops the build under way (between two embedding batches) and every later one. */
  cancel(): void {
    this.cancelled = true;
  }

  /** Applies a change under the server's lock and indexes the result; questions asked after it resolves use it. */
  async change(guildId: string, change: DigestChange): Promise<ChangeResult> {
    let refusal: ChangeRefusal | undefined;
    let added: GuildDigest | undefined;
    const globalNames = new Set(this.global.corpus.info.map((digest) => digest.name));
    const outcome = await this.store.change(
      guildId,
      (digests, staging) => {
        const decided = decideChange(digests, change, { limit: this.config.guildDigestLimit, globalNames, now: new Date() });
        if ('refused' in decided) return { refused: (refusal = decided.refused) };
        if (decided.file) staging.write(decided.file.name, decided.file.bytes);
        added = decided.digest;
        return { digests: decided.digests };
      },
      (staged) => this.build(staged),
    );
    if ('refused' in outcome) return { ok: false, refusal: refusal! };
    const { generation } = outcome;
    log.info(`Guild ${guildId}: ${generation.digests.length} digest(s) of its own, generation ${generation.number}.`);
    // Loaded here at once: this worker's next question in the server need not wait for it.
    if (generation.digests.length > 0) this.remember(guildId, { generation: generation.number, context: this.load(guildId) });
    else this.loaded.delete(guildId);
    return { ok: true, digests: generation.digests, ...(added ? { digest: added } : {}) };
  }

  /** Keeps a server's context, most recently asked last; past MAX_LOADED_SCOPES the least recently asked goes. */
  private remember(guildId: string, scope: LoadedScope): void {
    scope.context.catch(() => undefined); // a failed load is reported to the question that waits for it
    this.loaded.delete(guildId);
    this.loaded.set(guildId, scope);
    for (const oldest of [...this.loaded.keys()].slice(0, Math.max(0, this.loaded.size - MAX_LOADED_SCOPES))) this.loaded.delete(oldest);
  }

  /**
   * Loads the generation the server serves. An index that cannot be used (the global digests changed since it was
   * built, or a file of it is damaged) is built again once, from the same digests.
   */
  private async load(guildId: string, rebuilt = false): Promise<QaContext> {
    const generation = this.store.current(guildId);
    // Its last digest removed, a server is back to the global scope.
    if (!generation || generation.digests.length === 0) return this.global.context;
    const corpus = scopeCorpus(this.config.corpusDir, path.join(generation.dir, DIGESTS_FOLDER), generation.digests);
    try {
      const index = await loadIndex({
        indexDir: path.join(generation.dir, INDEX_FOLDER),
        corpusHash: corpus.hash,
        embeddings: this.global.embeddings,
        rendered: hasRenderings(corpus),
      });
      return await createQaContext(corpus, index, this.global.embeddings, this.global.lexicon);
    } catch (error) {
      if (!(error instanceof IndexUnusableError) || rebuilt) throw error;
      log.info(`Guild ${guildId}: ${error.message} Indexing its digests again.`);
      // From the global index, not from the unusable one: only the server's own passages are embedded again.
      await this.store.change(
        guildId,
        (digests) => ({ digests }),
        (staged) => this.build(staged, this.config.indexDir),
      );
      return this.load(guildId, true);
    }
  }

  /**
   * Indexes a staged generation, starting from the index it replaces (or, for a server's first digest, from the
   * global index), or from `seedIndexDir` when given: only what the seed does not hold is embedded. Returns the
   * profiles of the server's own papers.
   */
  private async build(staged: StagedGeneration, seedIndexDir = staged.previousIndexDir ?? this.config.indexDir) {
    const corpus = scopeCorpus(this.config.corpusDir, staged.digestsDir, staged.digests);
    const seed = path.join(seedIndexDir, INDEX_STORE);
    if (fs.existsSync(seed)) fs.cpSync(seed, path.join(staged.indexDir, INDEX_STORE), { recursive: true });
    const stopIfCancelled = () => {
      if (this.cancelled) throw new Error('indexing was stopped: the bot is shutting down');
    };
    stopIfCancelled();
    const index = await buildIndex({ indexDir: staged.indexDir, corpus, embeddings: this.global.embeddings, onProgress: stopIfCancelled });
    const m = index.manifest;
    log.info(`Guild digests indexed: ${m.passageCount} passages (${m.reused} texts reused, ${m.embedded} embedded) in ${m.buildMs} ms.`);
    const own = new Set(staged.digests.map((digest) => digest.name));
    return paperProfiles(corpus).filter((paper) => own.has(paper.digest));
  }
}
