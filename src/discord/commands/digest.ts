import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  type ChatInputCommandInteraction,
  InteractionContextType,
  MessageFlags,
} from 'discord.js';
import { withTitle } from '../../guild-digests/changes.ts';
import { downloadAttachment } from '../../guild-digests/download.ts';
import { MAX_UPLOAD_BYTES, problemOfName } from '../../guild-digests/upload.ts';
import { t, type PlainMessageKey } from '../../messages/catalogue.ts';
import type { Language } from '../../types.ts';
import { NO_PINGS } from '../client.ts';
import { memberMayManage, removeButtons, uploadButtons } from '../components/digest.ts';
import type { BotContext } from '../context.ts';
import { downloadProblemText, listText, previewText, problemText, showText } from '../format/digest.ts';
import { LIMITS } from '../format/limits.ts';
import { truncate } from '../format/text.ts';
import { localeLanguage } from '../locale.ts';
import { executeGaps, gapsSubcommand } from './digest-gaps.ts';
import { argumentsOf, described, type Command, type CommandDefinition, type SubcommandOptions } from './command.ts';

/** A server's own digests, picked by title (autocomplete offers them; the value is the digest's name). */
const digestOption = {
  type: ApplicationCommandOptionType.String,
  name: 'digest',
  ...described('digestNameOption'),
  required: true,
  autocomplete: true,
  max_length: 100,
} as const;

const data = {
  type: ApplicationCommandType.ChatInput,
  name: 'digest',
  ...described('digestCommand'),
  contexts: [InteractionContextType.Guild],
  options: [
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'add',
      ...described('digestAdd'),
      options: [
        { type: ApplicationCommandOptionType.Attachment, name: 'file', ...described('digestAddFileOption'), required: true },
        { type: ApplicationCommandOptionType.String, name: 'title', ...described('digestAddTitleOption'), required: false, max_length: 200 },
      ],
    },
    { type: ApplicationCommandOptionType.Subcommand, name: 'list', ...described('digestList'), options: [] },
    { type: ApplicationCommandOptionType.Subcommand, name: 'show', ...described('digestShow'), options: [digestOption] },
    { type: ApplicationCommandOptionType.Subcommand, name: 'remove', ...described('digestRemove'), options: [digestOption] },
    gapsSubcommand,
  ],
} as const satisfies CommandDefinition;

type GuildCommand = ChatInputCommandInteraction<'cached' | 'raw'>;
type Options = SubcommandOptions<typeof data>;

/** Replies privately: everything /digest says concerns the member who asked. */
function replyPrivately(interaction: GuildCommand, content: string) {
  return interaction.reply({ content, flags: MessageFlags.Ephemeral, allowedMentions: NO_PINGS });
}

/** The refusal for a member who may not manage the server's digests or a bot that takes none; undefined when both hold. */
function manageRefusal(interaction: GuildCommand, context: BotContext): PlainMessageKey | undefined {
  if (!memberMayManage(interaction, context)) return 'digestMayNotManage';
  return context.digests ? undefined : 'digestUnavailable';
}

/** Each subcommand's work, given its options. One entry per subcommand: a new one is its definition in `data` and its entry here. */
const subcommands: {
  [Name in keyof Options]: (interaction: GuildCommand, context: BotContext, options: Options[Name], reader: Language) => Promise<unknown>;
} = {
  async add(interaction, context, { file, title }, reader) {
    const refusal = manageRefusal(interaction, context);
    if (refusal) return replyPrivately(interaction, t(reader, refusal));
    // A PDF or an image is refused by its name, and a file over the limit by the size Discord states, before downloading.
    const early = problemOfName(file.name) ?? (file.size > MAX_UPLOAD_BYTES ? 'too-large' : undefined);
    if (early) return replyPrivately(interaction, problemText(reader, early));
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const say = (content: string, components: ReturnType<typeof uploadButtons>[] = []) =>
      interaction.editReply({ content, components, allowedMentions: NO_PINGS });
    const timeoutMs = context.config.digestDownloadTimeoutMs;
    const download = await downloadAttachment(file.url, { maxBytes: MAX_UPLOAD_BYTES, timeoutMs });
    if (!download.ok) return say(downloadProblemText(reader, download.problem, timeoutMs));
    const reading = await context.digests!.previewDigest(file.name, download.bytes, title);
    if (!reading.ok) return say(problemText(reader, reading.problem));
    const { preview } = reading;
    const taken = withTitle(context.guildDigests.list(interaction.guildId), preview.title);
    const id = context.pendingUploads.add({ guildId: interaction.guildId, fileName: preview.fileName, bytes: download.bytes, title: preview.title });
    const text = previewText(reader, preview);
    return taken
      ? say(truncate(`${text}\n\n${t(reader, 'digestTitleTaken', { title: taken.title })}`, LIMITS.content), [uploadButtons(id, reader, 'replace')])
      : say(text, [uploadButtons(id, reader, 'add')]);
  },

  list: (interaction, context, _options, reader) => replyPrivately(interaction, listText(reader, context.guildDigests.list(interaction.guildId))),

  async show(interaction, context, { digest }, reader) {
    const found = context.guildDigests.find(interaction.guildId, digest);
    return replyPrivately(interaction, found ? showText(reader, found) : t(reader, 'digestNotFound'));
  },

  async remove(interaction, context, { digest }, reader) {
    const refusal = manageRefusal(interaction, context);
    if (refusal) return replyPrivately(interaction, t(reader, refusal));
    const found = context.guildDigests.find(interaction.guildId, digest);
    if (!found) return replyPrivately(interaction, t(reader, 'digestNotFound'));
    return interaction.reply({
      content: t(reader, 'digestRemoveAsk', { title: found.title }),
      components: [removeButtons(found.name, reader)],
      flags: MessageFlags.Ephemeral,
      allowedMentions: NO_PINGS,
    });
  },

  gaps: (interaction, context, options) => executeGaps(interaction, context, options),
};

function runSubcommand<Name extends keyof Options>(
  interaction: GuildCommand,
  context: BotContext,
  args: { subcommand: Name; options: Options[Name] },
  reader: Language,
): Promise<unknown> {
  return subcommands[args.subcommand](interaction, context, args.options, reader);
}

export const digest: Command = {
  data,
  guildOnly: true,

  async execute(interaction, context) {
    const args = argumentsOf(data, interaction);
    if (!Object.hasOwn(subcommands, args.subcommand)) throw new Error(`unknown subcommand /digest ${args.subcommand}`);
    await runSubcommand(interaction, context, args, localeLanguage(interaction.locale));
  },

  async autocomplete(interaction, context) {
    const typed = interaction.options.getFocused().trim().toLocaleLowerCase();
    const digests = interaction.guildId ? context.guildDigests.list(interaction.guildId) : [];
    const choices = digests
      .filter((candidate) => candidate.title.toLocaleLowerCase().includes(typed))
      .slice(0, LIMITS.choices)
      .map((candidate) => ({ name: truncate(candidate.title, LIMITS.choiceName), value: candidate.name }));
    await interaction.respond(choices);
  },
};
