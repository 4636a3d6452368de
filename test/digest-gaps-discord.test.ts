/**
 * `/digest gaps` end to end: the real discord.js client and the real answering core (its refusals decide what is a
 * gap, its model groups the questions) against the fake Discord with two servers.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, afterEach, before, describe, test } from 'node:test';
import { loadConfig } from '../src/config.ts';
import { startBot, type RunningBot } from '../src/discord/bot.ts';
import { FakeDiscord, type FakeOption, type RecordedCall, type UploadedFile } from './support/fake-discord.ts';
import { sharedQa, tempDir } from './support/core.ts';

const EPHEMERAL = 1 << 6;
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

describe('/digest gaps', () => {
  let fake: FakeDiscord;
  let bot: RunningBot;
  let dataDir: string;

  before(async () => {
    // The third server never asks anything.
    fake = await FakeDiscord.start({ guildCount: 3 });
    dataDir = tempDir('paperbot-gaps-e2e-');
    const config = loadConfig({ DISCORD_TOKEN: fake.token, DISCORD_API_BASE: fake.apiBase, DATA_DIR: dataDir, LOG_LEVEL: 'error' });
    const qa = await sharedQa();
    bot = await startBot(config, { qa, embedder: qa.embeddings });
  });

  after(async () => {
    await bot.stop();
    await fake.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  afterEach(() => fake.assertNoUnknownRoutes());

  /** Asks by mention in the server's #general and returns the bot's reply. */
  async function ask(question: string, guildIndex: number): Promise<RecordedCall> {
    const channelId = fake.channel('general', guildIndex).id;
    const sent = fake.sendMessage({ channelId, guildIndex, content: `<@${fake.botUser.id}> ${question}`, mentionBot: true });
    return fake.waitForCall((call) => call.method === 'POST' && call.path === `/channels/${channelId}/messages` && call.status === 200, {
      since: sent.since,
    });
  }

  async function gaps(guildIndex: number, input: { permissions?: string; locale?: string; options?: FakeOption[] } = {}) {
    const interaction = fake.sendSlashCommand({
      name: 'digest',
      subcommand: 'gaps',
      guildIndex,
      channelId: fake.channel('general', guildIndex).id,
      ...input,
    });
    return { interaction, callback: await interaction.callback() };
  }

  test('what was refused or voted 👎 in a server shows in its own /digest gaps, grouped, with the chart as a PNG', async () => {
    await ask('What is Llama 3?', 0);
    await ask('Llama 3 是什么？', 0);
    const answered = await ask('QLoRA 需要多少显存？', 0);
    const downButton = (answered.body.components[0].components as { custom_id: string }[]).find((button) =>
      button.custom_id.startsWith('feedback:down:'),
    )!;
    const vote = fake.sendButton({
      customId: downButton.custom_id,
      messageId: answered.response.id as string,
      channelId: fake.channel('general', 0).id,
    });
    await vote.callback();
    await ask('What is the capital of France?', 1);

    const inA = await gaps(0, { locale: 'en-US' });
    assert.equal(inA.callback.body.type, 5, 'deferred');
    assert.equal(inA.callback.body.data.flags, EPHEMERAL);
    const reply = await inA.interaction.editedOriginal();
    const content = reply.body.content as string;
    assert.match(content, /^\*\*Questions no digest answers, last 30 days\*\*: 3 questions in 2 topics/u);
    // Asked in English and in Chinese: one topic, both refused.
    assert.match(content, /\*\*#1\*\* · 2 \(🟥 2 · 🟦 0\) — (What is Llama 3\?|Llama 3 是什么？)\n-# ↳ (Llama 3 是什么？|What is Llama 3\?)/u);
    assert.match(content, /\*\*#2\*\* · 1 \(🟥 0 · 🟦 1\) — QLoRA 需要多少显存？/u);
    assert.doesNotMatch(content, /France/u);
    const [chart] = reply.body.uploads as UploadedFile[];
    assert.equal(chart?.name, 'coverage-gaps.png');
    assert.deepEqual([...chart.data.subarray(0, 8)], PNG_SIGNATURE);
    assert.deepEqual(reply.body.allowed_mentions, { parse: [], replied_user: false });

    const inB = await gaps(1);
    const replyB = (await inB.interaction.editedOriginal()).body.content as string;
    assert.match(replyB, /^\*\*过去 30 天里摘要没有答上的问题\*\*：1 个问题，1 个主题/u);
    assert.match(replyB, /What is the capital of France\?/u);
    assert.doesNotMatch(replyB, /Llama|QLoRA/u);
  });

  test('a member without Manage Server is told so privately, and nothing is read', async () => {
    const { interaction, callback } = await gaps(0, { permissions: '0' });
    assert.equal(callback.body.type, 4);
    assert.equal(callback.body.data.flags, EPHEMERAL);
    assert.match(callback.body.data.content, /「管理服务器」权限或本服务器指定角色的成员才能管理摘要/u);
    assert.ok(!fake.calls.slice(interaction.since).some((call) => call.path.includes('/messages/@original')));
  });

  test('a server with no gap in the days asked gets a short note and no chart', async () => {
    const { interaction } = await gaps(2, { locale: 'en-US', options: [{ name: 'days', type: 4, value: 7 }] });
    const reply = await interaction.editedOriginal();
    assert.equal(reply.body.content, 'No question in the last 7 days was refused or voted 👎.');
    assert.equal(reply.body.uploads, undefined);
  });
});
