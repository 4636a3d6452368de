import { Events } from 'discord.js';
import { defineEvent } from './event.ts';

/**
 * Starts the paper of the day once this process's guilds are known, posting a slot missed earlier today. Async, so
 * that a scheduler refusing to start is logged like any failed handler.
 */
export const potdStart = defineEvent({
  name: Events.ClientReady,
  once: true,
  execute: (context) => context.potd.start(),
});

/** A guild joined after start-up gets its schedule (and its stored settings, if it was here before). */
export const potdGuildJoined = defineEvent({
  name: Events.GuildCreate,
  execute: (context, guild) => context.potd.reschedule(guild.id),
});
