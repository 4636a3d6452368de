import type { Interaction } from 'discord.js';
import { log } from '../log.ts';
import type { BotContext } from './context.ts';
import { apologise, logHandlerError } from './errors.ts';

/**
 * Routes an interaction to its command or button handler. A failing handler is logged and the user gets a short
 * apology; nothing propagates, so one bad interaction never takes the bot down.
 */
export async function dispatchInteraction(interaction: Interaction, context: BotContext): Promise<void> {
  try {
    if (interaction.isChatInputCommand()) {
      await findCommand(context, interaction.commandName)?.execute(interaction, context);
    } else if (interaction.isAutocomplete()) {
      await findCommand(context, interaction.commandName)?.autocomplete?.(interaction, context);
    } else if (interaction.isButton()) {
      const prefix = interaction.customId.split(':', 1)[0];
      const handler = context.components.find((component) => component.prefix === prefix);
      if (handler) await handler.execute(interaction, context);
      else log.warn(`No handler for button ${interaction.customId}`);
    }
  } catch (error) {
    logHandlerError(`Interaction ${describe(interaction)}`, error);
    await apologise(interaction, error);
  }
}

function findCommand(context: BotContext, name: string) {
  const command = context.commands.find((candidate) => candidate.data.name === name);
  if (!command) log.warn(`No handler for command /${name}; run npm run deploy-commands to refresh the registered commands`);
  return command;
}

function describe(interaction: Interaction): string {
  if (interaction.isCommand() || interaction.isAutocomplete()) return `/${interaction.commandName}`;
  if (interaction.isMessageComponent()) return `button ${interaction.customId}`;
  return `type ${interaction.type}`;
}
