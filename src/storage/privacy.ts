/**
 * What keeps stored feedback and conversations from identifying anyone: question text without mentions or Discord
 * ids, and voters stood for by a keyed hash whose key is kept outside the database.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { type Config, ConfigError, DataDirError } from '../config.ts';

const MENTIONS: [RegExp, string][] = [
  [/<@!?\d+>/gu, '@user'],
  [/<@&\d+>/gu, '@role'],
  [/<#\d+>/gu, '#channel'],
  // A bare snowflake in a question about papers is someone's or something's Discord id, not a figure.
  [/(?<!\d)\d{17,20}(?!\d)/gu, '[id]'],
];

/** `text` with user, role and channel mentions and bare Discord ids replaced by placeholders. */
export function redactMentions(text: string): string {
  return MENTIONS.reduce((result, [pattern, placeholder]) => result.replace(pattern, placeholder), text);
}

const KEY_FILE = 'feedback.key';
/** As for FEEDBACK_HASH_KEY (see config.ts). */
const MIN_KEY_LENGTH = 32;

/**
 * The HMAC key that stands for voters: FEEDBACK_HASH_KEY, else DATA_DIR/feedback.key, created once (mode 0600) with
 * 32 random bytes. Never in the database, so the database plus a member list cannot tell who voted what.
 */
export function feedbackKey(config: Pick<Config, 'dataDir' | 'feedback'>): Buffer {
  if (config.feedback.hashKey) return Buffer.from(config.feedback.hashKey, 'utf8');
  const file = path.join(config.dataDir, KEY_FILE);
  try {
    if (!fs.existsSync(file)) createKeyFile(file);
    const key = fs.readFileSync(file, 'utf8').trim();
    if (key.length < MIN_KEY_LENGTH) {
      throw new ConfigError(
        `The feedback key file ${file} is damaged (shorter than ${MIN_KEY_LENGTH} characters): restore it from a backup, or delete it to start a new key (earlier votes then no longer count against repeated clicks).`,
      );
    }
    return Buffer.from(key, 'utf8');
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    const code = (error as { code?: string }).code ?? (error as Error).message;
    throw new DataDirError(config.dataDir, `the feedback key file ${KEY_FILE} cannot be created or read (${code})`);
  }
}

/** Written aside and linked into place, so a shard starting at the same moment reads a whole key or none. */
function createKeyFile(file: string): void {
  const staging = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(staging, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  try {
    fs.linkSync(staging, file);
  } catch (error) {
    if ((error as { code?: string }).code !== 'EEXIST') throw error;
  } finally {
    fs.rmSync(staging, { force: true });
  }
}
