/**
 * Hostile and out-of-date input end to end: the real discord.js client and the real core against the fake Discord.
 * Commands and buttons the bot does not know (registered by another version), a /paper query made of Markdown, a
 * masked link and mass mentions, and a question whose words are split by zero-width characters.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, afterEach, before, describe, test } from 'node:test';
import { loadConfig } from '../src/config.ts';
import { startBot, type RunningBot } from '../src/discord/bot.ts';
import { OUT_OF_DATE } from '../src/discord/errors.ts';
import { FakeDiscord, type RecordedCall } from './support/fake-discord.ts';
import { sharedQa, tempDir } from './support/core.ts';

const EPHEMERAL = 1 << 6;
const SUPPRESS_EMBEDS = 1 << 2;
const ZERO_WIDTH_QLORA = 'Q\u200bL\u200bo\u200bR\u200bA';

describe('hostile and out-of-date input on Discord', () => {
  let fake: FakeDiscord;
  let bot: RunningBot;
  const dataDir = tempDir('paperbot-ops-');

  before(async () => {
    fake = await FakeDiscord.start();
    const config = loadConfig({ DISCORD_TOKEN: fake.token, DISCORD_API_BASE: fake.apiBase, DATA_DIR: dataDir, LOG_LEVEL: 'error' });
    // The QA service of the shared index, not of the checkout's index/, shared with the suites grouped with this one.
    bot = await startBot(config, { qa: await sharedQa() });
  });

  after(async () => {
    await bot.stop();
    await fake.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  afterEach(() => {
    fake.assertNoUnknownRoutes();
    fake.assertEveryMessageNonced();
  });

  function assertOutOfDateNotice(callback: RecordedCall): void {
    assert.equal(callback.body.type, 4);
    assert.equal(callback.body.data.content, OUT_OF_DATE);
    assert.equal(callback.body.data.flags & EPHEMERAL, EPHEMERAL);
    assert.deepEqual(callback.body.data.allowed_mentions.parse, []);
  }

  test('a command the bot has no handler for gets a private notice in both languages', async () => {
    assertOutOfDateNotice(await fake.sendSlashCommand({ name: 'summarise', options: [{ name: 'text', type: 3, value: 'QLoRA' }] }).callback());
    assert.match(OUT_OF_DATE, /out of date.*npm run deploy-commands.*命令已过期/su);
  });

  test('a button the bot has no handler for gets the same notice', async () => {
    // Under an answer posted by a version of the bot that had bookmark buttons.
    assertOutOfDateNotice(await fake.sendButton({ customId: 'bookmark:add:3', messageId: fake.snowflake() }).callback());
  });

  test('autocomplete for a command the bot does not know gets an empty list', async () => {
    const callback = await fake.sendAutocomplete({ name: 'summarise', option: 'text', value: 'ql' }).callback();
    assert.equal(callback.body.type, 8);
    assert.deepEqual(callback.body.data.choices, []);
  });

  test('/paper repeats a query with a masked link, Markdown and mentions as inert text, without a link preview', async () => {
    const query = '[click](https://evil.example) **now** @everyone <@234567890123456789>';
    for (const locale of ['zh-CN', 'en-US']) {
      const callback = await fake.sendSlashCommand({ name: 'paper', options: [{ name: 'query', type: 3, value: query }], locale }).callback();
      const content = callback.body.data.content as string;
      assert.ok(content.includes('\\[click](https://evil.example) \\*\\*now\\*\\* @\u200beveryone <@\u200b234567890123456789>'), content);
      assert.doesNotMatch(content, /(?<!\\)\[click\]\(/u, 'no masked link');
      assert.doesNotMatch(content, /@everyone|<@\d/u, 'no mention');
      assert.equal(callback.body.data.flags & SUPPRESS_EMBEDS, SUPPRESS_EMBEDS);
      assert.deepEqual(callback.body.data.allowed_mentions.parse, []);
    }
  });

  test('a question whose words are split by zero-width characters is answered about the word it spells', async () => {
    const general = fake.channel('general').id;
    for (const question of [`${ZERO_WIDTH_QLORA} 是什么？`, `What is ${ZERO_WIDTH_QLORA}?`]) {
      const sent = fake.sendMessage({ channelId: general, content: `<@${fake.botUser.id}>\u200b ${question}`, mentionBot: true });
      const reply = await fake.waitForCall((call) => call.method === 'POST' && call.path === `/channels/${general}/messages`, { since: sent.since });
      assert.match(reply.body.content, /QLoRA/u, question);
      assert.match(reply.body.embeds[0].fields[0].name, /^\[1\] §3 /u, question);
    }
  });
});
