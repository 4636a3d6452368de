import { Events } from 'discord.js';
import { log } from '../../log.ts';
import { defineEvent } from './event.ts';

/**
 * The gateway connection's ups and downs, one line each, so that an operator can tell a flaky network from a dead
 * bot. discord.js reconnects by itself; only a close it cannot recover from emits ShardDisconnect (src/discord/bot.ts
 * then stops the bot and explains why).
 */
export const shardDisconnect = defineEvent({
  name: Events.ShardDisconnect,
  execute: (_context, { code }, shardId) => log.warn(`Shard ${shardId}: disconnected from Discord (close code ${code}); not reconnecting`),
});

export const shardReconnecting = defineEvent({
  name: Events.ShardReconnecting,
  execute: (_context, shardId) => log.warn(`Shard ${shardId}: connection to Discord lost; reconnecting`),
});

export const shardResume = defineEvent({
  name: Events.ShardResume,
  execute: (_context, shardId, replayed) => log.info(`Shard ${shardId}: resumed the Discord session (${replayed} missed event(s) replayed)`),
});
