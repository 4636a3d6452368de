import type {
  AutocompleteInteraction,
  ButtonInteraction,
  ChatInputCommandInteraction,
  PermissionFlagsBits,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { BotContext } from '../context.ts';

/**
 * A slash command module (discord.js guide style): its definition for registration, the rules the dispatcher checks
 * before running it (interactions.ts, like Sapphire's preconditions), and its handlers.
 */
export type Command = CommandRules &
  (
    | { guildOnly?: false; execute(interaction: ChatInputCommandInteraction, context: BotContext): Promise<void> }
    /** Works in a server only: elsewhere the dispatcher says so, so `execute` always has a guild. */
    | { guildOnly: true; execute(interaction: ChatInputCommandInteraction<'cached' | 'raw'>, context: BotContext): Promise<void> }
  );

interface CommandRules {
  data: { name: string; toJSON(): RESTPostAPIChatInputApplicationCommandsJSONBody };
  /**
   * A permission the member needs, checked on every use: registering it as the default only hides the command, and
   * server admins can change who sees it.
   */
  memberPermission?: { flag: (typeof PermissionFlagsBits)[keyof typeof PermissionFlagsBits]; name: string; nameZh: string };
  /** Each use counts against the asker's question rate limit (RATE_LIMIT_QUESTIONS per window). */
  rateLimited?: boolean;
  autocomplete?(interaction: AutocompleteInteraction, context: BotContext): Promise<void>;
}

/** Handles buttons whose custom id starts with `${prefix}:`. */
export interface ComponentHandler {
  prefix: string;
  execute(interaction: ButtonInteraction, context: BotContext): Promise<void>;
}
