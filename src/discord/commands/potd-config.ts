import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  channelMention,
  ChannelType,
  type ChatInputCommandInteraction,
  InteractionContextType,
  MessageFlags,
  PermissionFlagsBits,
} from 'discord.js';
import { PotdConfigError } from '../../potd/schedule.ts';
import { parseLanguage, type PotdScheduler, type SettingsChange } from '../../potd/scheduler.ts';
import { NO_PINGS } from '../client.ts';
import { LIMITS } from '../format/limits.ts';
import { paperTitle } from '../format/paper.ts';
import { potdSettingsText } from '../format/potd.ts';
import { bilingual, dotted, inBothLanguages, t } from '../../messages/catalogue.ts';
import { argumentsOf, described, type Command, type CommandDefinition, type SubcommandOptions } from './command.ts';

/** What the bot needs in the channel to post the embed. */
const POST_PERMISSIONS = [PermissionFlagsBits.ViewChannel, PermissionFlagsBits.SendMessages, PermissionFlagsBits.EmbedLinks];

/** "UTC" is not among Intl's canonical zone names, but it is what many admins type. */
const TIME_ZONES = ['UTC', ...Intl.supportedValuesOf('timeZone')];
/** Offered before anything is typed: where the digest's readers most likely are, then the big hubs. */
const SUGGESTED_TIME_ZONES = [
  'Asia/Shanghai',
  'Asia/Hong_Kong',
  'Asia/Taipei',
  'Asia/Singapore',
  'Asia/Tokyo',
  'UTC',
  'Europe/London',
  'Europe/Berlin',
  'America/New_York',
  'America/Los_Angeles',
];

const data = {
  type: ApplicationCommandType.ChatInput,
  name: 'potd-config',
  ...described('potdConfigCommand'),
  // Hides the command from other members by default; server admins can change that, hence memberPermission below.
  default_member_permissions: PermissionFlagsBits.ManageGuild.toString(),
  contexts: [InteractionContextType.Guild],
  options: [
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'channel',
      ...described('potdConfigChannel'),
      options: [
        {
          type: ApplicationCommandOptionType.Channel,
          name: 'channel',
          ...described('potdConfigChannelOption'),
          required: true,
          channel_types: [ChannelType.GuildText],
        },
      ],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'time',
      ...described('potdConfigTime'),
      options: [
        { type: ApplicationCommandOptionType.String, name: 'schedule', ...described('potdConfigScheduleOption'), required: true, max_length: 100 },
      ],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'timezone',
      ...described('potdConfigTimezone'),
      options: [
        {
          type: ApplicationCommandOptionType.String,
          name: 'zone',
          ...described('potdConfigZoneOption'),
          required: true,
          max_length: 100,
          autocomplete: true,
        },
      ],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'language',
      ...described('potdConfigLanguage'),
      options: [
        {
          type: ApplicationCommandOptionType.String,
          name: 'language',
          ...described('potdConfigLanguageOption'),
          required: true,
          choices: [
            { name: dotted('languageZh'), value: 'zh' },
            { name: t('en', 'languageEn'), value: 'en' },
          ],
        },
      ],
    },
    // Empty options, as the builder that first registered them wrote them: redeploying changes nothing.
    { type: ApplicationCommandOptionType.Subcommand, name: 'enable', ...described('potdConfigEnable'), options: [] },
    { type: ApplicationCommandOptionType.Subcommand, name: 'disable', ...described('potdConfigDisable'), options: [] },
    { type: ApplicationCommandOptionType.Subcommand, name: 'now', ...described('potdConfigNow'), options: [] },
    { type: ApplicationCommandOptionType.Subcommand, name: 'show', ...described('potdConfigShow'), options: [] },
  ],
} as const satisfies CommandDefinition;

type GuildCommand = ChatInputCommandInteraction<'cached' | 'raw'>;
type Options = SubcommandOptions<typeof data>;

/** Each subcommand's work, given its options; each returns the (ephemeral) reply. */
const subcommands: { [Name in keyof Options]: (interaction: GuildCommand, scheduler: PotdScheduler, options: Options[Name]) => Promise<string> } = {
  async channel(interaction, scheduler, { channel }) {
    if (channel.type !== ChannelType.GuildText) return bilingual('textChannelsOnly');
    const saved = await save(interaction, scheduler, { channelId: channel.id });
    const missing = missingPostPermissions(interaction, channel.id);
    return missing.length > 0 ? `${saved}\n\n⚠️ ${dotted('missingPermissions', { permissions: missing.join(', ') })}` : saved;
  },
  time: (interaction, scheduler, { schedule }) => save(interaction, scheduler, { schedule }),
  timezone: (interaction, scheduler, { zone }) => save(interaction, scheduler, { timeZone: zone }),
  // Discord offers only the choices, but a command registered by another version of the bot may send anything.
  language: (interaction, scheduler, { language }) => save(interaction, scheduler, { language: parseLanguage(language) }),
  enable: (interaction, scheduler) => save(interaction, scheduler, { enabled: true }),
  disable: (interaction, scheduler) => save(interaction, scheduler, { enabled: false }),
  async now(interaction, scheduler) {
    const posted = await scheduler.postNow(interaction.guildId);
    return dotted('postedIn', { channel: channelMention(posted.channelId), title: paperTitle(posted.paper, posted.language) });
  },
  async show(interaction, scheduler) {
    return potdSettingsText(scheduler.settings(interaction.guildId), new Date(), scheduler.today(interaction.guildId));
  },
};

/** Runs the subcommand `args` names with its options. */
function runSubcommand<Name extends keyof Options>(
  interaction: GuildCommand,
  scheduler: PotdScheduler,
  args: { subcommand: Name; options: Options[Name] },
): Promise<string> {
  return subcommands[args.subcommand](interaction, scheduler, args.options);
}

export const potdConfig: Command = {
  data,
  guildOnly: true,
  memberPermission: { flag: PermissionFlagsBits.ManageGuild, name: 'manageServer' },

  async execute(interaction, context) {
    const args = argumentsOf(data, interaction);
    if (!Object.hasOwn(subcommands, args.subcommand)) throw new Error(`unknown subcommand /potd-config ${args.subcommand}`);
    // A change can post a due slot at once, and `now` always posts: either may outlast the 3 s Discord waits.
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    let content: string;
    try {
      content = await runSubcommand(interaction, context.potd, args);
    } catch (error) {
      if (!(error instanceof PotdConfigError)) throw error;
      // In both languages, as every other /potd-config reply.
      content = inBothLanguages(error.say);
    }
    await interaction.editReply({ content, allowedMentions: NO_PINGS });
  },

  async autocomplete(interaction) {
    await interaction.respond(timeZoneChoices(interaction.options.getFocused()));
  },
};

async function save(interaction: GuildCommand, scheduler: PotdScheduler, change: SettingsChange): Promise<string> {
  const settings = await scheduler.updateSettings(interaction.guildId, change);
  return `${dotted('saved')}\n\n${potdSettingsText(settings, new Date())}`;
}

/** Names of the permissions the bot lacks to post in `channelId`; empty when it cannot tell (guild not cached). */
function missingPostPermissions(interaction: GuildCommand, channelId: string): string[] {
  const channel = interaction.guild?.channels.cache.get(channelId);
  const me = interaction.guild?.members.me;
  if (!channel || !me) return [];
  return channel.permissionsFor(me).missing(POST_PERMISSIONS);
}

/** Up to 25 zones containing what was typed, those with a part starting with it first ("shang" → Asia/Shanghai). */
export function timeZoneChoices(typed: string): { name: string; value: string }[] {
  const query = typed.trim().toLowerCase().replace(/\s+/g, '_');
  const startsAPart = (zone: string) =>
    zone
      .toLowerCase()
      .split('/')
      .some((part) => part.startsWith(query));
  const matches = query ? TIME_ZONES.filter((zone) => zone.toLowerCase().includes(query)) : SUGGESTED_TIME_ZONES;
  return [...matches.filter(startsAPart), ...matches.filter((zone) => !startsAPart(zone))]
    .slice(0, LIMITS.choices)
    .map((zone) => ({ name: zone, value: zone }));
}
