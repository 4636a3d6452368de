import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ChannelType,
  type ChatInputCommandInteraction,
  type CommandInteractionOption,
} from 'discord.js';
import { argumentsOf, type ArgumentsOf, type CommandDefinition } from '../src/discord/commands/command.ts';

const flat = {
  type: ApplicationCommandType.ChatInput,
  name: 'flat',
  description: 'd',
  options: [
    { type: ApplicationCommandOptionType.String, name: 'text', description: 'd', required: true },
    { type: ApplicationCommandOptionType.Boolean, name: 'quiet', description: 'd' },
  ],
} as const satisfies CommandDefinition;

const nested = {
  type: ApplicationCommandType.ChatInput,
  name: 'nested',
  description: 'd',
  options: [
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'pick',
      description: 'd',
      options: [{ type: ApplicationCommandOptionType.Channel, name: 'where', description: 'd', required: true }],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'say',
      description: 'd',
      options: [
        {
          type: ApplicationCommandOptionType.String,
          name: 'language',
          description: 'd',
          required: true,
          choices: [
            { name: 'zh', value: 'zh' },
            { name: 'en', value: 'en' },
          ],
        },
      ],
    },
  ],
} as const satisfies CommandDefinition;

/** An interaction carrying `data` as its options, as discord.js reads them from Discord's payload. */
const interactionWith = (data: CommandInteractionOption[]) => ({ options: { data } }) as unknown as ChatInputCommandInteraction;

/** Narrowing on the subcommand's name gives that subcommand's options, typed from their choices. */
const spokenLanguage = (args: ArgumentsOf<typeof nested>): 'zh' | 'en' | undefined => (args.subcommand === 'say' ? args.options.language : undefined);

describe('command options', () => {
  test('are read by name into the types the definition declares', () => {
    const args = argumentsOf(flat, interactionWith([{ name: 'text', type: ApplicationCommandOptionType.String, value: 'hello' }]));
    assert.deepEqual(args, { text: 'hello' });
    const text: string = args.text;
    const quiet: boolean | undefined = args.quiet;
    // @ts-expect-error -- a name the definition does not declare
    assert.equal(args.missing, undefined);
    assert.deepEqual([text, quiet], ['hello', undefined]);
  });

  test('of a subcommand come with its name; a channel comes resolved', () => {
    const channel = { id: '42', type: ChannelType.GuildText } as CommandInteractionOption['channel'];
    const args = argumentsOf(
      nested,
      interactionWith([
        {
          name: 'pick',
          type: ApplicationCommandOptionType.Subcommand,
          options: [{ name: 'where', type: ApplicationCommandOptionType.Channel, value: '42', channel }],
        },
      ]),
    );
    assert.equal(spokenLanguage(args), undefined);
    assert.deepEqual(args, { subcommand: 'pick', options: { where: channel } });
    assert.equal(args.options.where.id, '42');
  });
});
