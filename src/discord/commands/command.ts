import {
  ApplicationCommandOptionType,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type CommandInteractionOption,
  type PermissionFlagsBits,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { t, type MessageKey, type PermissionName } from '../../messages/catalogue.ts';
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
  /** What deploy-commands registers, written `as const` so that `ArgumentsOf` can read the options' types off it. */
  data: CommandDefinition;
  /**
   * A permission the member needs, checked on every use: registering it as the default only hides the command, and
   * server admins can change who sees it.
   */
  memberPermission?: { flag: (typeof PermissionFlagsBits)[keyof typeof PermissionFlagsBits]; name: PermissionName };
  /** Each use counts against the asker's question rate limit (RATE_LIMIT_QUESTIONS per window). */
  rateLimited?: boolean;
  autocomplete?(interaction: AutocompleteInteraction, context: BotContext): Promise<void>;
}

/** Handles buttons whose custom id starts with `${prefix}:`. */
export interface ComponentHandler {
  prefix: string;
  execute(interaction: ButtonInteraction, context: BotContext): Promise<void>;
}

type Immutable<T> = T extends readonly (infer Item)[]
  ? readonly Immutable<Item>[]
  : T extends object
    ? { readonly [K in keyof T]: Immutable<T[K]> }
    : T;

/** A slash command as Discord registers it. */
export type CommandDefinition = Immutable<RESTPostAPIChatInputApplicationCommandsJSONBody>;

/** A description in English (Discord's default) with its Chinese localization, from the message catalogue. */
export function described(key: MessageKey): { description: string; description_localizations: { 'zh-CN': string } } {
  return { description: t('en', key), description_localizations: { 'zh-CN': t('zh', key) } };
}

/** A channel option as the interaction brings it: resolved, so its type can be checked. */
type ResolvedChannel = NonNullable<CommandInteractionOption['channel']>;
/** An attachment or role option, resolved (a file's name, size and URL; a role's id and name). */
type ResolvedAttachment = NonNullable<CommandInteractionOption['attachment']>;
type ResolvedRole = NonNullable<CommandInteractionOption['role']>;

/** What a handler gets for an option of each type. */
type ValueOf<Option> = Option extends { type: ApplicationCommandOptionType.String; choices: readonly { value: infer Value }[] }
  ? Value
  : Option extends { type: ApplicationCommandOptionType.String }
    ? string
    : Option extends { type: ApplicationCommandOptionType.Integer | ApplicationCommandOptionType.Number }
      ? number
      : Option extends { type: ApplicationCommandOptionType.Boolean }
        ? boolean
        : Option extends { type: ApplicationCommandOptionType.Channel }
          ? ResolvedChannel
          : Option extends { type: ApplicationCommandOptionType.Attachment }
            ? ResolvedAttachment
            : Option extends { type: ApplicationCommandOptionType.Role }
              ? ResolvedRole
              : never;

type UnionToIntersection<U> = (U extends unknown ? (union: U) => void : never) extends (intersection: infer I) => void ? I : never;

/** One option as a property: required options always have a value, the others may be left out. */
type OptionProperty<Option> = Option extends { name: infer Name extends string; required: true }
  ? { [K in Name]: ValueOf<Option> }
  : Option extends { name: infer Name extends string }
    ? { [K in Name]?: ValueOf<Option> }
    : never;

/** The options of a command or subcommand as an object: `{ question: string; private?: boolean }`. */
type NoOptions = Record<never, never>;
type OptionValues<Options> = Options extends readonly (infer Option)[]
  ? [Option] extends [never]
    ? NoOptions
    : UnionToIntersection<OptionProperty<Option>>
  : NoOptions;

type SubcommandOf<Options> = Options extends readonly (infer Option)[] ? Extract<Option, { type: ApplicationCommandOptionType.Subcommand }> : never;

/** Each subcommand's name and the options it takes. */
export type SubcommandOptions<D extends CommandDefinition> = {
  [S in SubcommandOf<D['options']> as S['name']]: OptionValues<S extends { options: infer Options } ? Options : []>;
};

/**
 * A command's options as typed values, read off its definition (as discordjs/discord-utils-bot does): the options
 * object, or for a command with subcommands, the subcommand's name and its options.
 */
export type ArgumentsOf<D extends CommandDefinition> = [SubcommandOf<D['options']>] extends [never]
  ? OptionValues<D['options']>
  : { [Name in keyof SubcommandOptions<D>]: { subcommand: Name; options: SubcommandOptions<D>[Name] } }[keyof SubcommandOptions<D>];

/**
 * The options of an interaction with the command `definition` as `ArgumentsOf` it: Discord only sends options the
 * registered definition declares, with the types it declares.
 */
export function argumentsOf<const D extends CommandDefinition>(definition: D, interaction: ChatInputCommandInteraction): ArgumentsOf<D> {
  const { data } = interaction.options;
  if (definition.options?.some((option) => option.type === ApplicationCommandOptionType.Subcommand)) {
    const [subcommand] = data;
    return { subcommand: subcommand?.name, options: optionValues(subcommand?.options ?? []) } as ArgumentsOf<D>;
  }
  return optionValues(data) as ArgumentsOf<D>;
}

function optionValues(options: readonly CommandInteractionOption[]): Record<string, unknown> {
  return Object.fromEntries(options.map((option) => [option.name, resolvedValue(option)]));
}

/** What an option stands for: the channel, attachment or role it names, resolved; otherwise its value. */
function resolvedValue(option: CommandInteractionOption): unknown {
  switch (option.type) {
    case ApplicationCommandOptionType.Channel:
      return option.channel;
    case ApplicationCommandOptionType.Attachment:
      return option.attachment;
    case ApplicationCommandOptionType.Role:
      return option.role;
    default:
      return option.value;
  }
}
