import { ApplicationCommandOptionType, ApplicationCommandType, InteractionContextType, MessageFlags } from 'discord.js';
import { NO_PINGS } from '../client.ts';
import { buildPotdEmbed } from '../format/potd.ts';
import { localeLanguage } from '../locale.ts';
import { argumentsOf, described, type Command, type CommandDefinition } from './command.ts';

const data = {
  type: ApplicationCommandType.ChatInput,
  name: 'potd',
  ...described('potdCommand'),
  contexts: [InteractionContextType.Guild],
  options: [{ type: ApplicationCommandOptionType.Boolean, name: 'private', ...described('potdPrivateOption'), required: false }],
} as const satisfies CommandDefinition;

export const potd: Command = {
  data,
  // Each server has its own rotation, so the paper of the day only means something in a server.
  guildOnly: true,

  async execute(interaction, context) {
    const { private: ephemeral = false } = argumentsOf(data, interaction);
    const today = context.potd.today(interaction.guildId);
    await interaction.reply({
      // In the reader's language (their Discord client's), like /paper, whatever language the server posts in.
      embeds: [buildPotdEmbed(today.paper, today.posted ? today.slotAt : undefined, localeLanguage(interaction.locale))],
      flags: ephemeral ? MessageFlags.Ephemeral : undefined,
      allowedMentions: NO_PINGS,
    });
  },
};
