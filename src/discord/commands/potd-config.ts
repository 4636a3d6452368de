import {
  channelMention,
  ChannelType,
  type ChatInputCommandInteraction,
  InteractionContextType,
  MessageFlags,
  PermissionFlagsBits,
  SlashCommandBuilder,
} from 'discord.js';
import { PotdConfigError } from '../../potd/schedule.ts';
import { parseLanguage, type PotdScheduler, type SettingsChange } from '../../potd/scheduler.ts';
import { NO_PINGS } from '../client.ts';
import { LIMITS } from '../format/limits.ts';
import { paperTitle } from '../format/paper.ts';
import { potdSettingsText } from '../format/potd.ts';
import type { Command } from './command.ts';
const TEXT_CHANNELS_ONLY = '请选择一个文字频道。/ Please choose a text channel.';

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

type GuildCommand = ChatInputCommandInteraction<'cached' | 'raw'>;
type Subcommand = (interaction: GuildCommand, scheduler: PotdScheduler) => Promise<string>;

/** Each subcommand's work; each returns the (ephemeral) reply. */
const subcommands: Record<string, Subcommand> = {
  async channel(interaction, scheduler) {
    const channel = interaction.options.getChannel('channel', true);
    if (channel.type !== ChannelType.GuildText) return TEXT_CHANNELS_ONLY;
    const saved = await save(interaction, scheduler, { channelId: channel.id });
    const missing = missingPostPermissions(interaction, channel.id);
    return missing.length > 0 ? `${saved}\n\n⚠️ 我在这个频道缺少权限 · I am missing these permissions there: ${missing.join(', ')}` : saved;
  },
  time: (interaction, scheduler) => save(interaction, scheduler, { schedule: interaction.options.getString('schedule', true) }),
  timezone: (interaction, scheduler) => save(interaction, scheduler, { timeZone: interaction.options.getString('zone', true) }),
  language: (interaction, scheduler) => save(interaction, scheduler, { language: parseLanguage(interaction.options.getString('language', true)) }),
  enable: (interaction, scheduler) => save(interaction, scheduler, { enabled: true }),
  disable: (interaction, scheduler) => save(interaction, scheduler, { enabled: false }),
  async now(interaction, scheduler) {
    const posted = await scheduler.postNow(interaction.guildId);
    return `已发布 · Posted in ${channelMention(posted.channelId)}: ${paperTitle(posted.paper, posted.language)}`;
  },
  async show(interaction, scheduler) {
    return potdSettingsText(scheduler.settings(interaction.guildId), new Date(), scheduler.today(interaction.guildId));
  },
};

export const potdConfig: Command = {
  data: new SlashCommandBuilder()
    .setName('potd-config')
    .setDescription('Set up the paper of the day for this server')
    .setDescriptionLocalizations({ 'zh-CN': '设置本服务器的每日论文' })
    // Hides the command from other members by default; server admins can change that, hence memberPermission below.
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .setContexts(InteractionContextType.Guild)
    .addSubcommand((sub) =>
      sub
        .setName('channel')
        .setDescription('Post the paper of the day in this channel')
        .setDescriptionLocalizations({ 'zh-CN': '在这个频道发布每日论文' })
        .addChannelOption((option) =>
          option
            .setName('channel')
            .setDescription('A text channel')
            .setDescriptionLocalizations({ 'zh-CN': '文字频道' })
            .setRequired(true)
            .addChannelTypes(ChannelType.GuildText),
        ),
    )
    .addSubcommand((sub) =>
      sub
        .setName('time')
        .setDescription('When to post: a time of day such as 09:30, or a cron expression')
        .setDescriptionLocalizations({ 'zh-CN': '发布时间：例如 09:30，或 cron 表达式' })
        .addStringOption((option) =>
          option
            .setName('schedule')
            .setDescription('"09:30" or a cron expression such as "30 9 * * 1-5"')
            .setDescriptionLocalizations({ 'zh-CN': '"09:30" 或 cron 表达式，如 "30 9 * * 1-5"' })
            .setRequired(true)
            .setMaxLength(100),
        ),
    )
    .addSubcommand((sub) =>
      sub
        .setName('timezone')
        .setDescription('The time zone the time is read in')
        .setDescriptionLocalizations({ 'zh-CN': '发布时间所用的时区' })
        .addStringOption((option) =>
          option
            .setName('zone')
            .setDescription('An IANA time zone such as Asia/Shanghai')
            .setDescriptionLocalizations({ 'zh-CN': 'IANA 时区，如 Asia/Shanghai' })
            .setRequired(true)
            .setMaxLength(100)
            .setAutocomplete(true),
        ),
    )
    .addSubcommand((sub) =>
      sub
        .setName('language')
        .setDescription('The language of the posts: Chinese (the digest) or English (its translation)')
        .setDescriptionLocalizations({ 'zh-CN': '发布所用的语言：中文（摘要原文）或英文（译文）' })
        .addStringOption((option) =>
          option
            .setName('language')
            .setDescription('zh or en')
            .setDescriptionLocalizations({ 'zh-CN': 'zh 或 en' })
            .setRequired(true)
            .addChoices({ name: '中文 · Chinese (zh)', value: 'zh' }, { name: 'English (en)', value: 'en' }),
        ),
    )
    .addSubcommand((sub) =>
      sub.setName('enable').setDescription('Post the paper of the day').setDescriptionLocalizations({ 'zh-CN': '开启每日论文' }),
    )
    .addSubcommand((sub) =>
      sub.setName('disable').setDescription('Stop posting the paper of the day').setDescriptionLocalizations({ 'zh-CN': '停止发布每日论文' }),
    )
    .addSubcommand((sub) =>
      sub.setName('now').setDescription("Post today's paper now").setDescriptionLocalizations({ 'zh-CN': '立即发布今天的论文' }),
    )
    .addSubcommand((sub) => sub.setName('show').setDescription('Show the current settings').setDescriptionLocalizations({ 'zh-CN': '查看当前设置' })),

  guildOnly: true,
  memberPermission: { flag: PermissionFlagsBits.ManageGuild, name: 'Manage Server', nameZh: '管理服务器' },

  async execute(interaction, context) {
    const name = interaction.options.getSubcommand(true);
    const subcommand = subcommands[name];
    if (!subcommand) throw new Error(`unknown subcommand /potd-config ${name}`);
    // A change can post a due slot at once, and `now` always posts: either may outlast the 3 s Discord waits.
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    let content: string;
    try {
      content = await subcommand(interaction, context.potd);
    } catch (error) {
      if (!(error instanceof PotdConfigError)) throw error;
      content = error.message;
    }
    await interaction.editReply({ content, allowedMentions: NO_PINGS });
  },

  async autocomplete(interaction) {
    await interaction.respond(timeZoneChoices(interaction.options.getFocused()));
  },
};

async function save(interaction: GuildCommand, scheduler: PotdScheduler, change: SettingsChange): Promise<string> {
  const settings = await scheduler.updateSettings(interaction.guildId, change);
  return `已保存。· Saved.\n\n${potdSettingsText(settings, new Date())}`;
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
