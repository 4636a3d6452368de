import type { ActionRowBuilder, ButtonBuilder } from 'discord.js';
import { log } from '../log.ts';
import type { MessagePart } from './format/answer.ts';
import { LIMITS } from './format/limits.ts';

/** One message of a reply: an answer part, with the feedback buttons under the last one. */
export interface ReplyPart extends MessagePart {
  components?: ActionRowBuilder<ButtonBuilder>[];
}

/**
 * Where an answer goes: a reply to a message or an interaction's deferred reply (part 0), follow-up messages for
 * parts that do not fit it, and edits of part 0 while a written answer streams in.
 */
export interface ReplySurface {
  /** Sends part `index` of the answer (0 is the reply itself) and returns the message's id. */
  send(part: ReplyPart, index: number): Promise<string>;
  /** Replaces the content of message `id` (part 0) with `part`. */
  edit(id: string, part: ReplyPart): Promise<unknown>;
}

/** Shown after the text while the model is still writing. */
const WRITING = ' …';

/**
 * A reply that grows while a written answer streams: the first text is sent at once, later text is edited in at
 * most once per `intervalMs` (Discord rate-limits writes per channel; discord.js waits out a 429), always with the newest text, and the
 * final parts — sources embed and feedback buttons included — replace it in one last edit. Discord operations never
 * overlap, so edits arrive in order. Without streamed text, `finish` simply sends the parts.
 */
export class StreamedReply {
  /** The id of the message the text streams into, once sent. */
  private messageId: string | undefined;
  /** The chain of Discord operations, one after another. */
  private queue: Promise<void> = Promise.resolve();
  private latest: string | undefined;
  /** What the message shows now. */
  private shown: string | undefined;
  private lastWrite = 0;
  private timer: NodeJS.Timeout | undefined;
  private finished = false;
  private firstSendFailed = false;

  constructor(
    private readonly surface: ReplySurface,
    private readonly intervalMs: number,
    /** Called before the first message goes out (e.g. to stop the typing indicator). */
    private readonly onFirstText: () => void = () => {},
  ) {}

  /** The written text so far. */
  update(text: string): void {
    if (this.finished) return;
    const first = this.latest === undefined;
    this.latest = text;
    if (first) {
      this.onFirstText();
      this.enqueue(() => this.write());
    } else {
      this.timer ??= setTimeout(
        () => {
          this.timer = undefined;
          this.enqueue(() => this.write());
        },
        Math.max(0, this.lastWrite + this.intervalMs - Date.now()),
      );
    }
  }

  /** Replaces whatever was streamed with the final parts; returns the ids of the messages the answer occupies. */
  async finish(parts: readonly ReplyPart[]): Promise<string[]> {
    this.finished = true;
    clearTimeout(this.timer);
    await this.queue;
    const ids: string[] = [];
    for (const [index, part] of parts.entries()) {
      if (index === 0 && this.messageId) {
        await this.waitForInterval();
        await this.surface.edit(this.messageId, part);
        ids.push(this.messageId);
      } else {
        const id = await this.surface.send(part, index);
        // A streamed first send that failed on our side may have reached Discord: then this send, carrying the same
        // nonce, got that partial message back, and the final part must be edited into it.
        if (index === 0 && this.firstSendFailed) await this.surface.edit(id, part);
        ids.push(id);
      }
    }
    return ids;
  }

  private enqueue(operation: () => Promise<void>): void {
    this.queue = this.queue.then(operation).catch((error: unknown) => log.warn('Could not show the written answer so far', error));
  }

  private async write(): Promise<void> {
    if (this.finished || this.latest === undefined) return;
    const text = this.latest;
    const content = text.length + WRITING.length <= LIMITS.content ? text + WRITING : text;
    // The newest text may already be on screen (it arrived before the first send went out).
    if (content === this.shown) return;
    this.shown = content;
    if (this.messageId) {
      await this.waitForInterval();
      await this.surface.edit(this.messageId, { content });
    } else {
      this.firstSendFailed = true;
      this.messageId = await this.surface.send({ content }, 0);
      this.firstSendFailed = false;
    }
    this.lastWrite = Date.now();
  }

  private async waitForInterval(): Promise<void> {
    const wait = this.lastWrite + this.intervalMs - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
}
