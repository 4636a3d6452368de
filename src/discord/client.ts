import { Client, GatewayIntentBits, type MessageMentionOptions } from 'discord.js';
import type { Config } from '../config.ts';

/**
 * Nothing the bot sends may ping anyone: not users or roles named in a question, not @everyone, not the asker.
 * Set as the client default and again on every send, so no code path depends on the other.
 */
export const NO_PINGS: MessageMentionOptions = { parse: [], repliedUser: false };

/**
 * The discord.js client with only the intents the bot needs. Sharding options are left at their defaults so that,
 * when spawned by a ShardingManager, the client picks up SHARDS/SHARD_COUNT from the environment itself.
 */
export function createClient(config: Config): Client {
  return new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent],
    allowedMentions: NO_PINGS,
    rest: { api: config.discord.apiBase },
  });
}
