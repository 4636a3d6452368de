import crypto from 'node:crypto';
import {
  ActionRowBuilder,
  type ButtonInteraction,
  ButtonBuilder,
  ButtonStyle,
  type ChatInputCommandInteraction,
  MessageFlags,
  PermissionFlagsBits,
} from 'discord.js';
import type { DigestChange, ChangeResult } from '../../guild-digests/changes.ts';
import { mayManageDigests } from '../../guild-digests/permission.ts';
import { log } from '../../log.ts';
import { t } from '../../messages/catalogue.ts';
import type { Language } from '../../types.ts';
import { QaBusyError } from '../../workers/qa-pool.ts';
import { NO_PINGS } from '../client.ts';
import type { ComponentHandler } from '../commands/command.ts';
import type { BotContext } from '../context.ts';
import { refusalText } from '../format/digest.ts';
import { localeLanguage } from '../locale.ts';

const PREFIX = 'digest';
/** As long as Discord lets the preview's interaction be followed up: after that its buttons could not answer anyway. */
const PENDING_MS = 15 * 60_000;

/** An attachment read and previewed, kept until its member confirms (or for PENDING_MS). */
export interface PendingUpload {
  guildId: string;
  fileName: string;
  bytes: Buffer;
  title: string;
}

/**
 * The previewed attachments of this process, by a random id carried in their buttons' custom ids. A server's
 * interactions all reach the shard that holds it, so this process sees the Confirm of each preview it showed; after a
 * restart a Confirm finds nothing and says the preview expired.
 */
export class PendingUploads {
  private readonly uploads = new Map<string, PendingUpload & { expires: number }>();

  add(upload: PendingUpload, now = Date.now()): string {
    for (const [id, kept] of this.uploads) if (kept.expires < now) this.uploads.delete(id);
    const id = crypto.randomBytes(9).toString('base64url');
    this.uploads.set(id, { ...upload, expires: now + PENDING_MS });
    return id;
  }

  /** The upload `id` names in `guildId`, removed: a second click cannot add it twice. */
  take(id: string, guildId: string, now = Date.now()): PendingUpload | undefined {
    const upload = this.uploads.get(id);
    this.uploads.delete(id);
    return upload && upload.guildId === guildId && upload.expires >= now ? upload : undefined;
  }
}

/** Confirm (add, or replace the digest of the same title) and Cancel under a preview. */
export function uploadButtons(id: string, reader: Language, action: 'add' | 'replace'): ActionRowBuilder<ButtonBuilder> {
  return new ActionRowBuilder<ButtonBuilder>().addComponents(
    new ButtonBuilder()
      .setCustomId(`${PREFIX}:${action}:${id}`)
      .setStyle(action === 'add' ? ButtonStyle.Primary : ButtonStyle.Danger)
      .setLabel(t(reader, action === 'add' ? 'digestConfirm' : 'digestReplace')),
    new ButtonBuilder().setCustomId(`${PREFIX}:cancel:${id}`).setStyle(ButtonStyle.Secondary).setLabel(t(reader, 'digestCancel')),
  );
}

export function removeButtons(name: string, reader: Language): ActionRowBuilder<ButtonBuilder> {
  return new ActionRowBuilder<ButtonBuilder>().addComponents(
    new ButtonBuilder().setCustomId(`${PREFIX}:remove:${name}`).setStyle(ButtonStyle.Danger).setLabel(t(reader, 'digestRemoveButton')),
    new ButtonBuilder().setCustomId(`${PREFIX}:cancel:-`).setStyle(ButtonStyle.Secondary).setLabel(t(reader, 'digestCancel')),
  );
}

type GuildButton = ButtonInteraction<'cached' | 'raw'>;

/** Whether the member may add and remove the server's digests: Manage Server, or the role /digest-config set. */
export function memberMayManage(interaction: ChatInputCommandInteraction<'cached' | 'raw'> | GuildButton, context: BotContext): boolean {
  const roles = interaction.member.roles;
  const roleIds = Array.isArray(roles) ? roles : [...roles.cache.keys()];
  const managesServer = interaction.memberPermissions.has(PermissionFlagsBits.ManageGuild);
  return mayManageDigests({ managesServer, roleIds }, context.guildDigests.settings(interaction.guildId).managerRoleId);
}

/** Makes a confirmed change; what went wrong in indexing is logged and said, and the digests served stay as they were. */
async function change(context: BotContext, guildId: string, work: DigestChange): Promise<ChangeResult | 'failed' | 'busy'> {
  try {
    return await context.digests!.changeDigests(guildId, work);
  } catch (error) {
    if (error instanceof QaBusyError) return 'busy';
    log.error(`Changing the digests of guild ${guildId} failed`, error);
    return 'failed';
  }
}

async function confirmUpload(interaction: GuildButton, context: BotContext, id: string, replace: boolean, reader: Language): Promise<void> {
  const upload = context.pendingUploads.take(id, interaction.guildId);
  if (!upload) {
    await interaction.update({ content: t(reader, 'digestPreviewExpired'), components: [] });
    return;
  }
  // The buttons go at once: the build may take a while, and a second click must find nothing to confirm.
  await interaction.update({ content: t(reader, 'digestIndexing', { title: upload.title }), components: [] });
  const result = await change(context, interaction.guildId, {
    kind: 'add',
    fileName: upload.fileName,
    bytes: upload.bytes,
    title: upload.title,
    replace,
  });
  const say = (content: string, components: ReturnType<typeof uploadButtons>[] = []) =>
    interaction.editReply({ content, components, allowedMentions: NO_PINGS });
  if (result === 'busy' || result === 'failed') {
    await say(t(reader, result === 'busy' ? 'busy' : 'digestFailed'));
  } else if (result.ok) {
    await say(t(reader, 'digestAdded', { title: upload.title, count: result.digest?.papers.length ?? 0 }));
  } else if (result.refusal.reason === 'title-taken') {
    // Another member added one of that title meanwhile: offered as a replacement, which again needs a confirm.
    await say(t(reader, 'digestTitleTaken', { title: result.refusal.title }), [uploadButtons(context.pendingUploads.add(upload), reader, 'replace')]);
  } else {
    await say(refusalText(reader, result.refusal));
  }
}

async function confirmRemove(interaction: GuildButton, context: BotContext, name: string, reader: Language): Promise<void> {
  const digest = context.guildDigests.find(interaction.guildId, name);
  if (!digest) {
    await interaction.update({ content: t(reader, 'digestNotFound'), components: [] });
    return;
  }
  await interaction.update({ content: t(reader, 'digestIndexing', { title: digest.title }), components: [] });
  const result = await change(context, interaction.guildId, { kind: 'remove', name });
  let content: string;
  if (result === 'busy' || result === 'failed') content = t(reader, result === 'busy' ? 'busy' : 'digestFailed');
  else content = result.ok ? t(reader, 'digestRemoved', { title: digest.title }) : t(reader, 'digestNotFound');
  await interaction.editReply({ content, allowedMentions: NO_PINGS });
}

/** The buttons under /digest add's preview and /digest remove's question: `digest:<add|replace|cancel|remove>:<id or name>`. */
export const digestButtons: ComponentHandler = {
  prefix: PREFIX,
  async execute(interaction, context) {
    const [, action, argument = ''] = interaction.customId.split(':');
    const reader = localeLanguage(interaction.locale);
    if (!interaction.inGuild()) return;
    if (action === 'cancel') {
      if (argument !== '-') context.pendingUploads.take(argument, interaction.guildId);
      await interaction.update({ content: t(reader, 'digestCancelled'), components: [] });
      return;
    }
    // Checked again on the click: a role can be taken away between the preview and the confirm.
    if (!memberMayManage(interaction, context) || !context.digests) {
      const key = context.digests ? 'digestMayNotManage' : 'digestUnavailable';
      await interaction.reply({ content: t(reader, key), flags: MessageFlags.Ephemeral, allowedMentions: NO_PINGS });
      return;
    }
    if (action === 'add' || action === 'replace') await confirmUpload(interaction, context, argument, action === 'replace', reader);
    else if (action === 'remove') await confirmRemove(interaction, context, argument, reader);
    else throw new Error(`unknown digest button ${interaction.customId}`);
  },
};
