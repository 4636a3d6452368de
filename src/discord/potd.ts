/**
 * The paper of the day on Discord: one scheduler per process (so per shard process), fed with the guilds this
 * process's client holds and posting through its channels. All scheduling lives in src/potd, Discord-free; this
 * module only supplies the guild list and the sender, which turns the scheduler's neutral post into an embed.
 */
import { type Client, DiscordAPIError } from 'discord.js';
import type { Config } from '../config.ts';
import { log } from '../log.ts';
import { PotdScheduler, type PotdPost, type PotdSchedulerOptions } from '../potd/scheduler.ts';
import type { Db } from '../storage/database.ts';
import { NO_PINGS } from './client.ts';
import { buildPotdEmbed } from './format/potd.ts';
import { sendOnce } from './nonce.ts';

/** This process's scheduler over `client`'s guilds; startBot creates it and starts it once the client is ready. */
/** The clock and timers a scheduler runs on. */
export type PotdTime = Pick<PotdSchedulerOptions, 'clock' | 'timers'>;

export function createPotdScheduler(
  config: Config,
  db: Db,
  papers: PotdSchedulerOptions['papers'],
  client: Client,
  time: PotdTime = {},
): PotdScheduler {
  const { channelId: defaultChannelId, ...defaults } = config.potd;
  return new PotdScheduler({
    db,
    papers,
    defaults,
    guilds: () => [...client.guilds.cache.keys()],
    // POTD_CHANNEL_ID is a default for the guild that owns that channel only, not for every guild.
    resolveDefaultChannel: (guildId) => (defaultChannelId && guildOfChannel(client, defaultChannelId) === guildId ? defaultChannelId : undefined),
    send: (post) => sendPost(client, post),
    ...time,
  });
}

function guildOfChannel(client: Client, channelId: string): string | undefined {
  const channel = client.channels.cache.get(channelId);
  return channel && !channel.isDMBased() ? channel.guildId : undefined;
}

/**
 * Posts `post` in a text channel of its guild. Rejects only when nothing was posted — the channel is unusable or
 * Discord refused (4xx) — since the scheduler retries a rejected slot. A send that ended without an answer
 * (timeout, dropped connection, server error) may have been posted, and a double post is worse than a missed one.
 */
async function sendPost(client: Client, post: PotdPost): Promise<void> {
  const { guildId, channelId } = post;
  const channel = client.channels.cache.get(channelId);
  if (!channel || channel.isDMBased() || channel.guildId !== guildId || !channel.isSendable()) {
    throw new Error(`channel ${channelId} is not a channel of guild ${guildId} that I can post in`);
  }
  try {
    // The same nonce for every attempt at this guild's slot (for /potd-config now, the moment asked), so a send
    // discord.js repeats after a timeout cannot post the paper twice.
    const nonce = sendOnce('potd', guildId, post.slotAt.toISOString());
    await channel.send({ embeds: [buildPotdEmbed(post.paper, post.slotAt, post.language)], allowedMentions: NO_PINGS, ...nonce });
  } catch (error) {
    if (error instanceof DiscordAPIError) throw error;
    log.warn(`potd: no clear answer from Discord for the post in channel ${channelId}; counting it as posted`, error);
  }
}
