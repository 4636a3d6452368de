import type { Config } from '../config.ts';
import type { Db } from '../storage/database.ts';
import type { FeedbackStore } from '../storage/feedback.ts';
import type { QaService } from '../types.ts';
import type { Command, ComponentHandler } from './commands/command.ts';
import type { ConversationMemory } from './conversation.ts';
import type { RateLimiter } from './rate-limit.ts';
import type { ChannelTyping } from './typing.ts';

/**
 * Services added by other features (e.g. the paper-of-the-day scheduler). A feature declares its own entry with
 * `declare module '../discord/context.ts' { interface BotServices { potd: PotdService } }` and passes it to startBot.
 */
export interface BotServices {}

/** Everything handlers need, built once per process and passed in explicitly. */
export interface BotContext {
  config: Config;
  qa: QaService;
  db: Db;
  feedback: FeedbackStore;
  rateLimiter: RateLimiter;
  conversations: ConversationMemory;
  typing: ChannelTyping;
  commands: readonly Command[];
  components: readonly ComponentHandler[];
  services: BotServices;
  /** Registers work to finish before the client disconnects and the database closes (e.g. stopping a scheduler). */
  onStop(hook: () => Promise<void> | void): void;
}
