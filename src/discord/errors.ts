import { DiscordAPIError, MessageFlags, RESTJSONErrorCodes, type Interaction } from 'discord.js';
import { log } from '../log.ts';
import { bilingual, englishFirst } from '../messages/catalogue.ts';
import { NO_PINGS } from './client.ts';

export const APOLOGY = bilingual('apology');

/** For a command that only means something in a server (each server has its own paper of the day). */
export const GUILD_ONLY = bilingual('guildOnly');

/** For a command or button this version of the bot does not know (registered by an older or newer one). */
export const OUT_OF_DATE = englishFirst('outOfDate');

/** The interaction expired (3 s without a response) or was already answered elsewhere: nothing left to do. */
export function isUnknownInteraction(error: unknown): boolean {
  return error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.UnknownInteraction;
}

/** Logs a handler failure at the right level: an expired interaction is routine, anything else is an error. */
export function logHandlerError(what: string, error: unknown): void {
  if (isUnknownInteraction(error)) log.warn(`${what}: interaction expired before it could be answered (10062)`);
  else log.error(`${what} failed`, error);
}

/** Tells the user something went wrong, in whichever way the interaction's state still allows. */
export async function apologise(interaction: Interaction, error: unknown): Promise<void> {
  if (!interaction.isRepliable() || isUnknownInteraction(error)) return;
  const message = { content: APOLOGY, allowedMentions: NO_PINGS };
  try {
    // After editReply discord.js marks the interaction replied: add to the answer rather than overwrite it.
    if (interaction.replied) await interaction.followUp({ ...message, flags: MessageFlags.Ephemeral });
    else if (interaction.deferred) await interaction.editReply(message);
    else await interaction.reply({ ...message, flags: MessageFlags.Ephemeral });
  } catch (secondError) {
    logHandlerError('sending the apology', secondError);
  }
}
