/**
 * The paper of the day on Discord: one scheduler per process (so per shard process), fed with the guilds this
 * process's client holds and posting through its channels. All scheduling lives in src/potd, Discord-free.
 */
import { type Client, DiscordAPIError } from 'discord.js';
import { log } from '../log.ts';
import type { PotdPost } from '../potd/post.ts';
import { PotdScheduler } from '../potd/scheduler.ts';
import { NO_PINGS } from './client.ts';
import type { BotContext } from './context.ts';
import { sendOnce } from './nonce.ts';

declare module './context.ts' {
  interface BotServices {
    /** Set when the client is ready (events/potd.ts). */
    potd?: PotdScheduler;
  }
}

/** Creates this process's scheduler and registers it for shutdown; the caller starts it. */
export function createPotdScheduler(context: BotContext, client: Client<true>): PotdScheduler {
  const { channelId: defaultChannelId, ...defaults } = context.config.potd;
  const scheduler = new PotdScheduler({
    db: context.db,
    papers: context.qa.papers,
    defaults,
    guilds: () => [...client.guilds.cache.keys()],
    // POTD_CHANNEL_ID is a default for the guild that owns that channel only, not for every guild.
    resolveDefaultChannel: (guildId) =>
      defaultChannelId && guildOfChannel(client, defaultChannelId) === guildId ? defaultChannelId : undefined,
    send: (guildId, channelId, post) => sendPost(client, guildId, channelId, post),
  });
  context.services.potd = scheduler;
  context.onStop(() => scheduler.stop());
  return scheduler;
}

/** The running scheduler; it exists from the moment the client is ready, before any interaction can arrive. */
export function potdScheduler(context: BotContext): PotdScheduler {
  const scheduler = context.services.potd;
  if (!scheduler) throw new Error('the paper-of-the-day scheduler has not been started');
  return scheduler;
}

function guildOfChannel(client: Client, channelId: string): string | undefined {
  const channel = client.channels.cache.get(channelId);
  return channel && !channel.isDMBased() ? channel.guildId : undefined;
}

/**
 * Posts `post` in a text channel of `guildId`. Rejects only when nothing was posted — the channel is unusable or
 * Discord refused (4xx) — since the scheduler retries a rejected slot. A send that ended without an answer
 * (timeout, dropped connection, server error) may have been posted, and a double post is worse than a missed one.
 */
async function sendPost(client: Client, guildId: string, channelId: string, post: PotdPost): Promise<void> {
  const channel = client.channels.cache.get(channelId);
  if (!channel || channel.isDMBased() || channel.guildId !== guildId || !channel.isSendable()) {
    throw new Error(`channel ${channelId} is not a channel of guild ${guildId} that I can post in`);
  }
  try {
    // The embed's timestamp is the slot (for /potd-config now, the moment asked): the nonce is the same for every
    // attempt at this guild's slot, so a send repeated after a timeout cannot post the paper twice.
    await channel.send({ embeds: [post.embed], allowedMentions: NO_PINGS, ...sendOnce('potd', guildId, post.embed.timestamp ?? '') });
  } catch (error) {
    if (error instanceof DiscordAPIError) throw error;
    log.warn(`potd: no clear answer from Discord for the post in channel ${channelId}; counting it as posted`, error);
  }
}
