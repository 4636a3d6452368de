import type { Config } from '../config.ts';
import type { TextEmbedder } from '../gaps/gaps.ts';
import type { DigestManager } from '../guild-digests/changes.ts';
import type { GuildDigestStore } from '../guild-digests/store.ts';
import type { PotdScheduler } from '../potd/scheduler.ts';
import type { Db } from '../storage/database.ts';
import type { FeedbackStore } from '../storage/feedback.ts';
import type { QaService } from '../types.ts';
import type { ConversationMemory } from '../storage/conversations.ts';
import type { Responder } from '../written/responder.ts';
import type { PendingUploads } from './components/digest.ts';
import type { RateLimiter } from './rate-limit.ts';
import type { ChannelTyping } from './typing.ts';

/** Everything handlers need, built once per process by startBot and passed in explicitly. */
export interface BotContext {
  config: Config;
  qa: QaService;
  /** Answers questions: `qa`'s answers, written by the operator's model when one is configured. */
  responder: Responder;
  db: Db;
  feedback: FeedbackStore;
  rateLimiter: RateLimiter;
  conversations: ConversationMemory;
  typing: ChannelTyping;
  /** This process's paper-of-the-day scheduler: created with the client, started when it is ready. */
  potd: PotdScheduler;
  /** Groups questions for `/digest gaps`; absent, that command apologises (a bot started without one, in tests). */
  embedder?: TextEmbedder;
  /** Servers' own digests as stored (read here for /digest list, /paper and the paper of the day). */
  guildDigests: GuildDigestStore;
  /** Where /digest previews and changes are done (the answering pool); absent: /digest add and remove say so. */
  digests?: DigestManager;
  /** Attachments previewed by /digest add, waiting for their Confirm. */
  pendingUploads: PendingUploads;
  /** How often a streamed answer's message is edited (EDIT_INTERVAL_MS, src/discord/answering.ts). */
  editIntervalMs: number;
}
