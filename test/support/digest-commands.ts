/** /digest add and remove as a member does them on the fake Discord: the command, its private reply, the confirm. */
import assert from 'node:assert/strict';
import type { Config } from '../../src/config.ts';
import { startBot, type RunningBot, type StartBotOptions } from '../../src/discord/bot.ts';
import { QaPool } from '../../src/workers/qa-pool.ts';
import { bundledQaWorker, ensureSharedIndex, testConfig } from './core.ts';
import type { FakeDiscord, FakeInteraction, FakeUser, InteractionInput, RecordedCall } from './fake-discord.ts';

const EPHEMERAL = 1 << 6;

/**
 * The bot on `fake` with the real answering pool (one worker on the shared index), which also reads previews and
 * builds the servers' indexes: what /digest needs. `env` adds settings; `options` the rest of startBot's.
 */
export async function startDigestBot(
  fake: FakeDiscord,
  env: Record<string, string> = {},
  options: Omit<StartBotOptions, 'qa' | 'digests'> = {},
): Promise<{ config: Config; pool: QaPool; bot: RunningBot }> {
  const config = testConfig({
    DISCORD_TOKEN: fake.token,
    DISCORD_API_BASE: fake.apiBase,
    INDEX_DIR: await ensureSharedIndex(),
    ANSWER_WORKERS: '1',
    ...env,
  });
  const pool = await QaPool.start(config, { workerUrl: bundledQaWorker() });
  return { config, pool, bot: await startBot(config, { qa: pool, digests: pool, ...options }) };
}

/** Who runs a command and where: the English client of `user`, in the first guild unless told otherwise. */
export type DigestActor = Pick<InteractionInput, 'guildIndex' | 'permissions' | 'roles'> & { user: FakeUser };

/** /digest add with `attachment` (served by the fake Discord), titled `title` if given. */
export function addDigest(fake: FakeDiscord, attachment: { id: string }, { title, ...actor }: DigestActor & { title?: string }): FakeInteraction {
  const options = [{ name: 'file', type: 11, value: attachment.id }, ...(title ? [{ name: 'title', type: 3, value: title }] : [])];
  return fake.sendSlashCommand({ name: 'digest', subcommand: 'add', options, locale: 'en-US', ...actor });
}

/** /digest remove of the digest stored as `name`. */
export function removeDigest(fake: FakeDiscord, name: string, actor: DigestActor): FakeInteraction {
  return fake.sendSlashCommand({
    name: 'digest',
    subcommand: 'remove',
    options: [{ name: 'digest', type: 3, value: name }],
    locale: 'en-US',
    ...actor,
  });
}

/** The private text of a reply: the callback's (immediate reply or update) or, after a defer, the edit of @original. */
export async function privateReply(interaction: FakeInteraction): Promise<{ content: string; buttons: string[]; call: RecordedCall }> {
  const callback = await interaction.callback();
  if (callback.body.type === 4) {
    assert.equal(callback.body.data.flags & EPHEMERAL, EPHEMERAL, 'private');
    return { content: callback.body.data.content, buttons: buttonsOf(callback.body.data), call: callback };
  }
  assert.equal(callback.body.type, 5, 'deferred');
  assert.equal(callback.body.data.flags & EPHEMERAL, EPHEMERAL, 'private');
  const edit = await interaction.editedOriginal();
  return { content: edit.body.content, buttons: buttonsOf(edit.body), call: edit };
}

const buttonsOf = (data: { components?: { components: { custom_id: string }[] }[] }) =>
  (data.components ?? []).flatMap((row) => row.components.map((button) => button.custom_id));

/** Clicks a button under a private reply; returns what the bot finally said (after "Indexing…"). */
export async function clickDigestButton(fake: FakeDiscord, customId: string, actor: DigestActor): Promise<string> {
  const interaction = fake.sendButton({ customId, messageId: fake.snowflake(), locale: 'en-US', ...actor });
  const callback = await interaction.callback();
  if (callback.body.type === 4) return callback.body.data.content as string;
  assert.equal(callback.body.type, 7, 'the preview is updated in place');
  assert.deepEqual(callback.body.data.components, [], 'its buttons go at once');
  if (/^Cancelled|^This preview has expired|^This server has no such/u.test(callback.body.data.content)) return callback.body.data.content;
  assert.match(callback.body.data.content, /^Indexing “/u);
  return (await interaction.editedOriginal()).body.content as string;
}
