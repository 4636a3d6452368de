import { Events } from 'discord.js';
import { log } from '../../log.ts';
import { defineEvent } from './event.ts';

/** Without an 'error' listener an emitted error would crash the process. */
export const clientError = defineEvent({
  name: Events.Error,
  execute: (_context, error) => log.error('Discord client error', error),
});

export const clientWarning = defineEvent({
  name: Events.Warn,
  execute: (_context, message) => log.warn(`Discord client: ${message}`),
});

/** The message is the news (a stack from inside the websocket library is not); a fatal close gets its own line. */
export const shardError = defineEvent({
  name: Events.ShardError,
  execute: (_context, error, shardId) => log.error(`Shard ${shardId} connection error: ${error.message}`),
});
