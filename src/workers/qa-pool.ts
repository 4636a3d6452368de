/**
 * Answering off the gateway's thread. A question costs tens of milliseconds of CPU (a 1,000-character one about
 * 40 ms); answered on the main thread, a burst of them holds up heartbeats and interaction acknowledgements for
 * seconds. The pool keeps one or two worker threads, each with its own QaService loaded once at start, behind a
 * bounded queue. It is a QaService itself, so the bot uses it like any other; the CLI and the console chat, which
 * have no gateway to keep alive, use createQaService directly.
 *
 * Workers are started one at a time and never replaced: onnxruntime-node 1.14 (under @xenova/transformers) cannot be
 * loaded by two threads at once, nor again in a process where a thread that loaded it has ended — it then fails
 * with "Module did not self-register" or corrupts the heap and aborts the process. A worker that dies fails its
 * question and the others go on; when none is left, `allStopped` settles so the bot can exit and be restarted.
 */
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Config } from '../config.ts';
import { log } from '../log.ts';
import type { TextEmbedder } from '../gaps/gaps.ts';
import type { ChangeResult, DigestChange, DigestManager } from '../guild-digests/changes.ts';
import type { UploadReading } from '../guild-digests/upload.ts';
import type { Answer, AskOptions, PaperProfile, QaService } from '../types.ts';
import { type FromWorker, type Lane, laneOf, reviveError, type Work } from './protocol.ts';

/**
 * The worker's entry point: beside this file when running from source (tsx); in the esbuild bundle, this module is
 * in dist/main.mjs or a chunk beside it (esbuild.config.mjs writes chunks to dist/ itself) and the worker is its own
 * entry point, dist/workers/.
 */
const WORKER_URL = import.meta.url.endsWith('.ts') ? new URL('./qa-worker.ts', import.meta.url) : new URL('./workers/qa-worker.mjs', import.meta.url);

/** Thrown by `ask` when the queue is full: the question was not taken. */
export class QaBusyError extends Error {
  override name = 'QaBusyError';

  constructor() {
    super('every answering worker is busy and the queue is full');
  }
}

export interface QaPoolOptions {
  /** A worker entry point speaking ./protocol.ts; tests pass a scripted one. */
  workerUrl?: URL;
  /** How long close() lets the workers finish the questions they are answering; CLOSE_GRACE_MS unless given. */
  closeGraceMs?: number;
}

/** A piece of work (resolved with its result: an answer, vectors, a preview, a change's outcome). */
interface Job {
  message: Work;
  resolve(result: unknown): void;
  reject(error: Error): void;
}

/**
 * Texts embedded per job: each takes a worker a few milliseconds, so a long list is sent in parts and questions
 * queued meanwhile are answered between them instead of after all of it.
 */
const EMBED_BATCH = 16;

/** A worker and the work it is doing in each lane (a question, a build), if any. */
interface Slot {
  worker: Worker;
  lanes: Partial<Record<Lane, Job>>;
  /** Set by close(): called when the worker has finished all it was doing. */
  onIdle?: () => void;
}

const LANES: readonly Lane[] = ['question', 'build'];
const isIdle = (slot: Slot) => LANES.every((lane) => !slot.lanes[lane]);

/** How long close() lets the workers finish the questions they are answering (one takes well under a second). */
const CLOSE_GRACE_MS = 5000;

interface Launched {
  worker: Worker;
  papers: readonly PaperProfile[];
}

export class QaPool implements QaService, DigestManager, TextEmbedder {
  /** Settles (never rejects) once every worker has stopped on its own, not through close(): no question can be answered. */
  readonly allStopped: Promise<Error>;
  private readonly slots = new Set<Slot>();
  private readonly queue: Job[] = [];
  private closed = false;
  private settleAllStopped!: (error: Error) => void;

  private constructor(
    readonly papers: readonly PaperProfile[],
    private readonly maxQueued: number,
    private readonly closeGraceMs: number,
  ) {
    this.allStopped = new Promise((resolve) => (this.settleAllStopped = resolve));
  }

  /**
   * Starts `config.answering.workers` workers and resolves once every one has loaded; rejects with a worker's
   * start-up error. Each worker holds a whole QaService (model and index), so by default there is one per core left
   * to the main thread, at most two. Past `config.answering.maxQueued` questions waiting (a question takes a worker
   * 30-60 ms on a 2-core machine, so 100 is a few seconds' wait), a new one is turned away as busy: "try again in a
   * moment" serves the asker better than a long silence.
   */
  static async start(config: Config, options: QaPoolOptions = {}): Promise<QaPool> {
    const url = options.workerUrl ?? WORKER_URL;
    // The token stays on the main thread: answering has no use for it.
    const workerConfig: Config = { ...config, discord: { ...config.discord, token: undefined } };
    // One after another: the first may have to build the index, and the model's runtime cannot load in two at once.
    const first = await launchWorker(url, workerConfig);
    const pool = new QaPool(first.papers, config.answering.maxQueued, options.closeGraceMs ?? CLOSE_GRACE_MS);
    pool.adopt(first.worker);
    const count = config.answering.workers ?? Math.min(2, Math.max(1, os.availableParallelism() - 1));
    try {
      for (let i = 1; i < count; i++) pool.adopt((await launchWorker(url, workerConfig)).worker);
    } catch (error) {
      await pool.close();
      throw error;
    }
    return pool;
  }

  ask(question: string, options: AskOptions = {}): Promise<Answer> {
    return this.submit({ type: 'ask', question, options });
  }

  /** The texts' vectors from the workers' model, in order; QaBusyError when the queue is full. */
  async embedDocuments(texts: string[]): Promise<number[][]> {
    const batches: Promise<number[][]>[] = [];
    for (let start = 0; start < texts.length; start += EMBED_BATCH) {
      batches.push(this.submit({ type: 'embed', texts: texts.slice(start, start + EMBED_BATCH) }));
    }
    return (await Promise.all(batches)).flat();
  }

  /** Read in a worker: a 1 MB digest takes the parser a while, which the gateway's thread cannot spare. */
  previewDigest(fileName: string, bytes: Uint8Array, title?: string): Promise<UploadReading> {
    return this.submit({ type: 'preview', fileName, bytes, ...(title ? { title } : {}) });
  }

  /**
   * Built in one of the answering workers, beside the questions it answers (its build lane): the model's runtime
   * cannot be loaded by a new thread (see the top of this file). The other workers see the new generation at their
   * next question in the server.
   */
  changeDigests(guildId: string, change: DigestChange): Promise<ChangeResult> {
    return this.submit({ type: 'change', guildId, change });
  }

  private submit<T>(message: Work): Promise<T> {
    if (this.closed) return Promise.reject(new Error('the answering pool is closed'));
    if (this.slots.size === 0) return Promise.reject(new Error('no answering worker is running'));
    if (this.queue.length >= this.maxQueued) return Promise.reject(new QaBusyError());
    return new Promise((resolve, reject) => {
      this.queue.push({ message, resolve, reject });
      this.dispatch();
    });
  }

  /**
   * Rejects the questions still queued, lets each worker finish the one it is answering and stop the build it is
   * making (between two embedding batches, serving nothing of it), then ends the workers. Not terminated mid-question:
   * a worker stopped while the model's native code runs aborts the whole process.
   */
  async close(): Promise<void> {
    this.closed = true;
    const closed = new Error('the answering pool was closed');
    for (const job of this.queue.splice(0)) job.reject(closed);
    const slots = [...this.slots];
    for (const slot of slots) slot.worker.postMessage({ type: 'cancel' });
    const busy = slots.filter((slot) => !isIdle(slot)).map((slot) => new Promise<void>((resolve) => (slot.onIdle = resolve)));
    let grace: NodeJS.Timeout | undefined;
    await Promise.race([Promise.all(busy), new Promise<void>((resolve) => (grace = setTimeout(resolve, this.closeGraceMs)))]);
    clearTimeout(grace);
    for (const slot of slots) for (const lane of LANES) slot.lanes[lane]?.reject(closed);
    await Promise.all(slots.map((slot) => slot.worker.terminate()));
  }

  private adopt(worker: Worker): void {
    const slot: Slot = { worker, lanes: {} };
    this.slots.add(slot);
    worker.on('message', (message: FromWorker) => this.settle(slot, message));
    worker.on('error', (error) => log.error('An answering worker failed', error));
    worker.on('exit', (code) => this.retire(slot, code));
    this.dispatch();
  }

  /**
   * Hands queued work to workers whose lane for it is free, oldest first; a question goes to a worker that is not
   * building, when there is one.
   */
  private dispatch(): void {
    const slots = [...this.slots].sort((a, b) => Number(Boolean(a.lanes.build)) - Number(Boolean(b.lanes.build)));
    for (const slot of slots) {
      for (const lane of LANES) {
        if (slot.lanes[lane]) continue;
        const next = this.queue.findIndex((job) => laneOf(job.message) === lane);
        if (next < 0) continue;
        const [job] = this.queue.splice(next, 1);
        slot.lanes[lane] = job;
        slot.worker.postMessage(job!.message);
      }
    }
  }

  private settle(slot: Slot, message: FromWorker): void {
    if (message.type === 'ready') return;
    const job = slot.lanes[message.lane];
    delete slot.lanes[message.lane];
    if (message.type === 'result') job?.resolve(message.result);
    else job?.reject(reviveError(message.error));
    if (isIdle(slot)) slot.onIdle?.();
    this.dispatch();
  }

  /**
   * A worker that died (a crash, out of memory): the question it held fails and the others take the queue. It is
   * not replaced (see the top of this file); with none left, what waits is refused and `allStopped` settles.
   */
  private retire(slot: Slot, code: number): void {
    this.slots.delete(slot);
    slot.onIdle?.();
    if (this.closed) return;
    for (const lane of LANES) slot.lanes[lane]?.reject(new Error(`the answering worker stopped (exit code ${code})`));
    log.error(`An answering worker stopped (exit code ${code}); ${this.slots.size} left`);
    if (this.slots.size > 0) return;
    const none = new Error(`every answering worker has stopped (the last with exit code ${code})`);
    for (const job of this.queue.splice(0)) job.reject(none);
    this.settleAllStopped(none);
  }
}

/** Starts a worker and resolves once its QaService is loaded (its first message); rejects if it dies first. */
function launchWorker(url: URL, config: Config): Promise<Launched> {
  const worker = spawnWorker(url, { config });
  return new Promise((resolve, reject) => {
    const ready = (message: Extract<FromWorker, { type: 'ready' }>) => {
      // Only these: worker.removeAllListeners() also drops Node's own, and messages stop arriving.
      worker.off('error', reject).off('exit', exited);
      resolve({ worker, papers: message.papers });
    };
    const exited = (code: number) => reject(new Error(`the answering worker exited (code ${code}) before it was ready`));
    worker.once('message', ready).once('error', reject).once('exit', exited);
  });
}

function spawnWorker(url: URL, workerData: unknown): Worker {
  if (!url.pathname.endsWith('.ts')) return new Worker(url, { workerData });
  // From source: Node 20 does not apply the parent's `--import tsx` to a worker's entry file, so the worker
  // registers tsx itself before importing it.
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(url.href)}); });`;
  return new Worker(bootstrap, { eval: true, workerData });
}
