import { type ChatInputCommandInteraction, MessageFlags, type Interaction } from 'discord.js';
import { log } from '../log.ts';
import { bilingual } from '../messages/catalogue.ts';
import { rateLimitRefusal } from './answering.ts';
import { NO_PINGS } from './client.ts';
import type { Command } from './commands/command.ts';
import { commands } from './commands/index.ts';
import { components } from './components/index.ts';
import type { BotContext } from './context.ts';
import { apologise, GUILD_ONLY, logHandlerError, OUT_OF_DATE } from './errors.ts';

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
    const command = findCommand(interaction.commandName);
    if (!command) return false;
    await runCommand(command, interaction, context);
    return true;
  }
  if (interaction.isAutocomplete()) {
    const command = findCommand(interaction.commandName);
    if (!command?.autocomplete) return false;
    await command.autocomplete(interaction, context);
    return true;
  }
  if (interaction.isButton()) {
    const prefix = interaction.customId.split(':', 1)[0];
    const handler = components.find((component) => component.prefix === prefix);
    if (!handler) return false;
    await handler.execute(interaction, context);
    return true;
  }
  return false;
}

function findCommand(name: string): Command | undefined {
  return commands.find((candidate) => candidate.data.name === name);
}

/** Runs a command if the rules it declares hold; the first rule broken gets the user a private reply instead. */
async function runCommand(command: Command, interaction: ChatInputCommandInteraction, context: BotContext): Promise<void> {
  const refusal = refusalOf(command, interaction, context);
  if (refusal) await interaction.reply({ content: refusal, flags: MessageFlags.Ephemeral, allowedMentions: NO_PINGS });
  else if (!command.guildOnly) await command.execute(interaction, context);
  // refusalOf checked the guild: checked again only so the compiler knows execute gets a guild interaction.
  else if (interaction.inGuild()) await command.execute(interaction, context);
}

/**
 * The reply for the first rule of the command the interaction breaks, in order: where it works, who may use it, how
 * often (only a use that passes the others counts against the rate limit); undefined when all hold.
 */
function refusalOf(command: Command, interaction: ChatInputCommandInteraction, context: BotContext): string | undefined {
  if (command.guildOnly && !interaction.inGuild()) return GUILD_ONLY;
  const needed = command.memberPermission;
  if (needed && !interaction.memberPermissions?.has(needed.flag)) {
    return bilingual('permissionRequired', { permission: needed.name, command: command.data.name });
  }
  return command.rateLimited ? rateLimitRefusal(context, interaction.user.id)?.notice : undefined;
}

function describe(interaction: Interaction): string {
  if (interaction.isCommand() || interaction.isAutocomplete()) return `/${interaction.commandName}`;
  if (interaction.isMessageComponent()) return `button ${interaction.customId}`;
  return `type ${interaction.type}`;
}
