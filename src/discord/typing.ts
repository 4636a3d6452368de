import { log } from '../log.ts';

/** Discord shows "typing…" for 10 seconds; refresh a little before it lapses. */
const TYPING_REFRESH_MS = 8000;

/**
 * "…is typing" while questions asked in a channel are being answered. Discord shows one indicator per channel, so
 * one request per channel, refreshed before it lapses, covers any number of pending questions: a burst of questions
 * must not become a burst of REST calls competing with the answers and with the acknowledgements of /ask.
 */
/** What ChannelTyping needs of a channel (a discord.js text channel has it). */
export interface TypingChannel {
  id: string;
  sendTyping(): Promise<unknown>;
}

export class ChannelTyping {
  private readonly channels = new Map<string, { pending: number; timer: NodeJS.Timeout }>();

  /** Shows typing while `work` runs, or until it calls `shown` (its text is on screen: its typing can stop). */
  async during<T>(channel: TypingChannel, work: (shown: () => void) => Promise<T>): Promise<T> {
    const typing = this.channels.get(channel.id);
    if (typing) typing.pending++;
    else {
      const show = () => channel.sendTyping().catch((error: unknown) => log.debug('sendTyping failed', error));
      void show();
      this.channels.set(channel.id, { pending: 1, timer: setInterval(show, TYPING_REFRESH_MS) });
    }
    let done = false;
    const shown = () => {
      if (done) return;
      done = true;
      const current = this.channels.get(channel.id)!;
      if (--current.pending === 0) {
        clearInterval(current.timer);
        this.channels.delete(channel.id);
      }
    };
    try {
      return await work(shown);
    } finally {
      shown();
    }
  }
}
