import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  InteractionContextType,
  MessageFlags,
  PermissionFlagsBits,
  roleMention,
} from 'discord.js';
import { t } from '../../messages/catalogue.ts';
import { NO_PINGS } from '../client.ts';
import { localeLanguage } from '../locale.ts';
import { argumentsOf, described, type Command, type CommandDefinition } from './command.ts';

const data = {
  type: ApplicationCommandType.ChatInput,
  name: 'digest-config',
  ...described('digestConfigCommand'),
  // Hidden from other members by default; server admins can change that, hence memberPermission below.
  default_member_permissions: PermissionFlagsBits.ManageGuild.toString(),
  contexts: [InteractionContextType.Guild],
  options: [
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'role',
      ...described('digestConfigRole'),
      options: [{ type: ApplicationCommandOptionType.Role, name: 'role', ...described('digestConfigRoleOption'), required: false }],
    },
  ],
} as const satisfies CommandDefinition;

/** Who may manage the server's digests besides members with Manage Server: one role, or none. */
export const digestConfig: Command = {
  data,
  guildOnly: true,
  memberPermission: { flag: PermissionFlagsBits.ManageGuild, name: 'manageServer' },

  async execute(interaction, context) {
    const { options } = argumentsOf(data, interaction);
    const reader = localeLanguage(interaction.locale);
    const role = options.role;
    context.guildDigests.saveSettings(interaction.guildId, role ? { managerRoleId: role.id } : {});
    const content = role ? t(reader, 'digestRoleSet', { role: roleMention(role.id) }) : t(reader, 'digestRoleCleared');
    await interaction.reply({ content, flags: MessageFlags.Ephemeral, allowedMentions: NO_PINGS });
  },
};
