import { createHash } from 'node:crypto';

/** Discord refuses longer nonces. */
const NONCE_MAX_LENGTH = 25;

/**
 * Send options that make a channel message exactly-once. discord.js gives up on a response after 15 s and sends
 * the request again, although Discord may have created the message already; with `enforceNonce` Discord answers
 * the repeat with the message it created for this nonce (same bot, past few minutes) instead of a second one. The
 * nonce is derived from what the message is for (`key`), so every attempt at the same message carries the same one.
 */
export function sendOnce(...key: string[]): { nonce: string; enforceNonce: true } {
  const nonce = createHash('sha256').update(key.join('\n')).digest('hex').slice(0, NONCE_MAX_LENGTH);
  return { nonce, enforceNonce: true };
}
