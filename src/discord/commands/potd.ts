import { InteractionContextType, MessageFlags, SlashCommandBuilder } from 'discord.js';
import { buildPotdEmbed } from '../../potd/post.ts';
import { NO_PINGS } from '../client.ts';
import { localeLanguage } from '../locale.ts';
import { potdScheduler } from '../potd.ts';
import type { Command } from './command.ts';

/** Each server has its own rotation, so the paper of the day only means something in a server. */
export const GUILD_ONLY = '这个命令只能在服务器中使用。/ This command only works in a server.';

export const potd: Command = {
  data: new SlashCommandBuilder()
    .setName('potd')
    .setDescription("Today's paper of the day")
    .setDescriptionLocalizations({ 'zh-CN': '今天的每日论文' })
    .setContexts(InteractionContextType.Guild)
    .addBooleanOption((option) =>
      option
        .setName('private')
        .setDescription('Only you see the reply')
        .setDescriptionLocalizations({ 'zh-CN': '只有你能看到回复' }),
    ),

  async execute(interaction, context) {
    if (!interaction.inGuild()) {
      await interaction.reply({ content: GUILD_ONLY, flags: MessageFlags.Ephemeral, allowedMentions: NO_PINGS });
      return;
    }
    const ephemeral = interaction.options.getBoolean('private') ?? false;
    const today = potdScheduler(context).today(interaction.guildId);
    await interaction.reply({
      // In the reader's language (their Discord client's), like /paper, whatever language the server posts in.
      embeds: [buildPotdEmbed(today.paper, today.posted ? today.slotAt : undefined, localeLanguage(interaction.locale))],
      flags: ephemeral ? MessageFlags.Ephemeral : undefined,
      allowedMentions: NO_PINGS,
    });
  },
};
