import { Events } from 'discord.js';
import { createPotdScheduler } from '../potd.ts';
import { defineEvent } from './event.ts';

/** Starts the paper of the day once this process's guilds are known, posting a slot missed earlier today. */
export const potdStart = defineEvent({
  name: Events.ClientReady,
  once: true,
  execute: (context, client) => createPotdScheduler(context, client).start(),
});

/** A guild joined after start-up gets its schedule (and its stored settings, if it was here before). */
export const potdGuildJoined = defineEvent({
  name: Events.GuildCreate,
  execute: (context, guild) => context.services.potd?.reschedule(guild.id),
});
