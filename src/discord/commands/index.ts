import { ApplicationCommandType, InteractionContextType } from 'discord.js';
import { ask } from './ask.ts';
import { argumentsOf, described, type Command, type CommandDefinition } from './command.ts';
import { executeGaps, gapsSubcommand } from './digest-gaps.ts';
import { paper } from './paper.ts';
import { potdConfig } from './potd-config.ts';
import { potd } from './potd.ts';

/** `/digest` with `gaps` only, until the command managing a server's digests (digest.ts) takes it as a subcommand. */
const digestData = {
  type: ApplicationCommandType.ChatInput,
  name: 'digest',
  ...described('digestCommand'),
  contexts: [InteractionContextType.Guild],
  options: [gapsSubcommand],
} as const satisfies CommandDefinition;

const digest: Command = {
  data: digestData,
  guildOnly: true,
  async execute(interaction, context) {
    const args = argumentsOf(digestData, interaction);
    if (args.subcommand !== 'gaps') throw new Error(`unknown subcommand /digest ${String(args.subcommand)}`);
    await executeGaps(interaction, context, args.options);
  },
};

/** Every slash command: what deploy-commands registers and what the dispatcher routes to. */
export const commands: Command[] = [ask, paper, potd, potdConfig, digest];
