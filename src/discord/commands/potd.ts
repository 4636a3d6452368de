import { InteractionContextType, MessageFlags, SlashCommandBuilder } from 'discord.js';
import { NO_PINGS } from '../client.ts';
import { buildPotdEmbed } from '../format/potd.ts';
import { localeLanguage } from '../locale.ts';
import type { Command } from './command.ts';

export const potd: Command = {
  data: new SlashCommandBuilder()
    .setName('potd')
    .setDescription("Today's paper of the day")
    .setDescriptionLocalizations({ 'zh-CN': '今天的每日论文' })
    .setContexts(InteractionContextType.Guild)
    .addBooleanOption((option) =>
      option.setName('private').setDescription('Only you see the reply').setDescriptionLocalizations({ 'zh-CN': '只有你能看到回复' }),
    ),
  // Each server has its own rotation, so the paper of the day only means something in a server.
  guildOnly: true,

  async execute(interaction, context) {
    const ephemeral = interaction.options.getBoolean('private') ?? false;
    const today = context.potd.today(interaction.guildId);
    await interaction.reply({
      // In the reader's language (their Discord client's), like /paper, whatever language the server posts in.
      embeds: [buildPotdEmbed(today.paper, today.posted ? today.slotAt : undefined, localeLanguage(interaction.locale))],
      flags: ephemeral ? MessageFlags.Ephemeral : undefined,
      allowedMentions: NO_PINGS,
    });
  },
};
