import { Events } from 'discord.js';
import { log } from '../../log.ts';
import { defineEvent } from './event.ts';

export const ready = defineEvent({
  name: Events.ClientReady,
  once: true,
  execute(_context, client) {
    const shards = client.shard ? ` (shards ${client.shard.ids.join(',')} of ${client.shard.count})` : '';
    log.info(`Connected to Discord as ${client.user.tag} in ${client.guilds.cache.size} guild(s)${shards}`);
  },
});
