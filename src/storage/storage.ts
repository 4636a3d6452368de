import type { Config } from '../config.ts';
import { ConversationMemory } from './conversations.ts';
import { redact } from '../log.ts';
import { type Db, openDatabase } from './database.ts';
import { FeedbackStore } from './feedback.ts';
import { feedbackKey } from './privacy.ts';
import { WriteQueue } from './write-queue.ts';

/** The bot's stored state: the database, and the stores whose writes go through its write queue. */
export interface Storage {
  db: Db;
  feedback: FeedbackStore;
  conversations: ConversationMemory;
  /** Stores the queued writes (waiting at most a few seconds for a locked database) and closes the database. */
  close(): Promise<void>;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** Shutdown waits this long for a locked database before giving up on the writes still queued. */
const CLOSE_TIMEOUT_MS = 5000;

/**
 * Opens DATA_DIR's database (a DataDirError if it cannot) and the stores on it. Old feedback and conversation turns
 * are pruned now and then daily.
 */
export function openStorage(config: Pick<Config, 'dataDir' | 'feedback' | 'conversations'>): Storage {
  redact(config.feedback.hashKey);
  const db = openDatabase(config.dataDir);
  try {
    const writes = new WriteQueue(db);
    const feedback = new FeedbackStore(db, { key: feedbackKey(config), writes, retentionDays: config.feedback.retentionDays });
    const conversations = new ConversationMemory(db, { writes, ttlDays: config.conversations.ttlDays });
    const prune = () => {
      feedback.prune();
      conversations.prune();
    };
    prune();
    const daily = setInterval(prune, DAY_MS).unref();
    return {
      db,
      feedback,
      conversations,
      async close() {
        clearInterval(daily);
        await writes.close(CLOSE_TIMEOUT_MS);
        db.close();
      },
    };
  } catch (error) {
    db.close();
    throw error;
  }
}
