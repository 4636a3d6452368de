import { MessageFlags, type Interaction } from 'discord.js';
import { log } from '../log.ts';
import { NO_PINGS } from './client.ts';
import type { BotContext } from './context.ts';
import { apologise, logHandlerError, OUT_OF_DATE } from './errors.ts';

/**
 * Routes an interaction to its command or button handler. A failing handler is logged and the user gets a short
 * apology; one the bot has no handler for gets a private "out of date" notice. Nothing propagates, so one bad
 * interaction never takes the bot down.
 */
export async function dispatchInteraction(interaction: Interaction, context: BotContext): Promise<void> {
  try {
    if (await route(interaction, context)) return;
    // Commands registered by another version of the bot, or buttons under an old message.
    log.warn(`No handler for ${describe(interaction)}; if the registered commands are out of date, run npm run deploy-commands`);
    if (interaction.isAutocomplete()) await interaction.respond([]);
    else if (interaction.isRepliable()) await interaction.reply({ content: OUT_OF_DATE, flags: MessageFlags.Ephemeral, allowedMentions: NO_PINGS });
  } catch (error) {
    logHandlerError(`Interaction ${describe(interaction)}`, error);
    await apologise(interaction, error);
  }
}

/** Runs the interaction's handler; false when the bot has none. */
async function route(interaction: Interaction, context: BotContext): Promise<boolean> {
  if (interaction.isChatInputCommand()) {
    const command = findCommand(context, interaction.commandName);
    if (!command) return false;
    await command.execute(interaction, context);
    return true;
  }
  if (interaction.isAutocomplete()) {
    const command = findCommand(context, interaction.commandName);
    if (!command?.autocomplete) return false;
    await command.autocomplete(interaction, context);
    return true;
  }
  if (interaction.isButton()) {
    const prefix = interaction.customId.split(':', 1)[0];
    const handler = context.components.find((component) => component.prefix === prefix);
    if (!handler) return false;
    await handler.execute(interaction, context);
    return true;
  }
  return false;
}

function findCommand(context: BotContext, name: string) {
  return context.commands.find((candidate) => candidate.data.name === name);
}

function describe(interaction: Interaction): string {
  if (interaction.isCommand() || interaction.isAutocomplete()) return `/${interaction.commandName}`;
  if (interaction.isMessageComponent()) return `button ${interaction.customId}`;
  return `type ${interaction.type}`;
}
