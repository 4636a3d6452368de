/**
 * End to end: the real discord.js client, started through startBot (what src/main.ts runs), against the fake Discord.
 * One bot and one QaService for the whole file; every test checks what actually went over REST.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, afterEach, before, describe, test } from 'node:test';
import { DataDirError, loadConfig, type Config } from '../src/config.ts';
import { checkBeforeStart, LoginError, startBot, type RunningBot } from '../src/discord/bot.ts';
import { APOLOGY } from '../src/discord/errors.ts';
import { paperKey } from '../src/corpus/paper-ref.ts';
import { FakeDiscord, type RecordedCall } from './support/fake-discord.ts';
import { RecordingQa, ScriptedQa } from './support/fixtures.ts';
import { sharedQa, tempDir } from './support/core.ts';

const RATE_LIMIT = 3;
const tempDirs: string[] = [];

function configFor(fake: FakeDiscord, env: Record<string, string> = {}): Config {
  const dataDir = tempDir('paperbot-e2e-');
  tempDirs.push(dataDir);
  return loadConfig({
    DISCORD_TOKEN: fake.token,
    DISCORD_API_BASE: fake.apiBase,
    DISCORD_ASK_CHANNEL_IDS: fake.channel('ask').id,
    DATA_DIR: dataDir,
    RATE_LIMIT_QUESTIONS: String(RATE_LIMIT),
    LOG_LEVEL: 'error',
    ...env,
  });
}

const HAN = /\p{Script=Han}/u;

const isMessagePost = (channelId: string) => (call: RecordedCall) =>
  call.method === 'POST' && call.path === `/channels/${channelId}/messages` && call.status === 200;

describe('Discord bot end to end', () => {
  let fake: FakeDiscord;
  let bot: RunningBot;
  let qa: RecordingQa;
  let general: string;
  let botMention: string;

  before(async () => {
    fake = await FakeDiscord.start();
    const config = configFor(fake);
    qa = new RecordingQa(await sharedQa());
    bot = await startBot(config, { qa });
    general = fake.channel('general').id;
    botMention = `<@${fake.botUser.id}>`;
  });

  after(async () => {
    await bot.stop();
    await fake.close();
    for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  afterEach(() => {
    fake.assertNoUnknownRoutes();
    fake.assertEveryMessageNonced();
  });

  /** Sends `content` mentioning the bot in #general and returns the bot's reply call. */
  async function askByMention(content: string, extra: Partial<Parameters<FakeDiscord['sendMessage']>[0]> = {}) {
    const sent = fake.sendMessage({ channelId: general, content: `${botMention} ${content}`, mentionBot: true, ...extra });
    const reply = await fake.waitForCall(isMessagePost(extra.channelId ?? general), { since: sent.since });
    return { sent, reply };
  }

  test('connects and caches the guild', () => {
    assert.ok(bot.client.isReady());
    assert.ok(bot.client.guilds.cache.has(fake.guilds[0]!.id));
  });

  test('a mention gets a reply with the answer, cited sources, feedback buttons, typing and no pings', async () => {
    const { sent, reply } = await askByMention('QLoRA 是什么？');
    assert.equal(qa.asked.at(-1)?.question, 'QLoRA 是什么？');
    assert.equal(reply.body.message_reference.message_id, sent.id);
    assert.match(reply.body.content, /QLoRA.*\[\d\]/u);
    const fields = reply.body.embeds[0].fields as { name: string; value: string }[];
    assert.match(fields[0]!.name, /^\[1\] §3 QLoRA/u);
    assert.ok(fields.every((field) => field.value.startsWith('> ') && field.value.includes('https://arxiv.org/abs/2305.14314')));
    const buttons = reply.body.components[0].components.map((button: { custom_id: string }) => button.custom_id);
    assert.match(buttons[0], /^feedback:up:[\w-]+$/u);
    assert.match(buttons[1], /^feedback:down:[\w-]+$/u);
    assert.deepEqual(reply.body.allowed_mentions, { parse: [], replied_user: false });
    assert.ok(fake.calls.slice(sent.since).some((call) => call.path === `/channels/${general}/typing`));
    // Sent once only, even if discord.js has to repeat the request (see load-discord.test.ts).
    assert.equal(reply.body.enforce_nonce, true);
    assert.match(reply.body.nonce, /^[0-9a-f]{25}$/u);
  });

  test('messages that do not address the bot are ignored; every message in a Q&A channel is a question', async () => {
    const before = qa.asked.length;
    fake.sendMessage({ channelId: general, content: 'just chatting about QLoRA' });
    const ask = fake.channel('ask').id;
    const sent = fake.sendMessage({ channelId: ask, content: 'DPO 和 RLHF 有什么不同？' });
    const reply = await fake.waitForCall(isMessagePost(ask), { since: sent.since });
    assert.equal(reply.body.message_reference.message_id, sent.id);
    assert.deepEqual(
      qa.asked.slice(before).map((entry) => entry.question),
      ['DPO 和 RLHF 有什么不同？'],
    );
  });

  test('a reply to an answer, and a thread started from it, carry the previous turn', async () => {
    const { reply } = await askByMention('QLoRA 是什么？');
    const answerId = reply.response.id as string;

    const followUp = fake.sendMessage({ channelId: general, content: '那它需要多少显存?', replyTo: { messageId: answerId, channelId: general } });
    const followUpReply = await fake.waitForCall(isMessagePost(general), { since: followUp.since });
    assert.equal(followUpReply.body.message_reference.message_id, followUp.id);
    const previous = qa.asked.at(-1)?.options?.previous;
    assert.equal(previous?.question, 'QLoRA 是什么？');
    assert.ok(previous.citations.length > 0 && previous.citations.every((citation) => citation.section === 3));
    // With the QLoRA context the real core finds the memory figure.
    assert.match(followUpReply.body.content, /48 ?GB/u);

    const thread = fake.createThread({ parentId: general, id: answerId });
    const inThread = fake.sendMessage({ channelId: thread.id, content: '那它需要多少显存?' });
    await fake.waitForCall(isMessagePost(thread.id), { since: inThread.since });
    assert.equal(qa.asked.at(-1)?.options?.previous?.question, 'QLoRA 是什么？');

    // The thread now remembers its latest turn.
    const again = fake.sendMessage({ channelId: thread.id, content: '还有呢？' });
    await fake.waitForCall(isMessagePost(thread.id), { since: again.since });
    assert.equal(qa.asked.at(-1)?.options?.previous?.question, '那它需要多少显存?');
  });

  test('a reply to a message of the bot whose context is gone is answered as a fresh question', async () => {
    const earlier = fake.earlierBotMessage(general, 'an answer from before the bot lost its data');
    const reply = fake.sendMessage({ channelId: general, content: 'QLoRA 是什么？', replyTo: { messageId: earlier, channelId: general } });
    const answer = await fake.waitForCall(isMessagePost(general), { since: reply.since });
    assert.equal(answer.body.message_reference.message_id, reply.id);
    assert.equal(qa.asked.at(-1)?.question, 'QLoRA 是什么？');
    assert.equal(qa.asked.at(-1)?.options?.previous, undefined);
  });

  test('/ask defers at once, then edits in the answer', async () => {
    const interaction = fake.sendSlashCommand({ name: 'ask', options: [{ name: 'question', type: 3, value: 'QLoRA 是什么？' }] });
    const callback = await interaction.callback();
    assert.equal(callback.body.type, 5);
    assert.ok(!(callback.body.data?.flags & 64));
    const edit = await interaction.editedOriginal();
    assert.match(edit.body.content, /QLoRA/u);
    assert.match(edit.body.embeds[0].fields[0].name, /§3/u);
    assert.match(edit.body.components[0].components[0].custom_id, /^feedback:up:/u);
    assert.deepEqual(edit.body.allowed_mentions.parse, []);
  });

  test('/ask private defers ephemerally (flag 64)', async () => {
    const interaction = fake.sendSlashCommand({
      name: 'ask',
      options: [
        { name: 'question', type: 3, value: 'QLoRA 是什么？' },
        { name: 'private', type: 5, value: true },
      ],
    });
    assert.equal((await interaction.callback()).body.data.flags, 64);
    await interaction.editedOriginal();
  });

  test('/paper autocompletes titles, aliases, sections and arXiv ids within Discord limits', async () => {
    for (const typed of ['qlora', 'ＱＬｏＲＡ', '2305.14314', '§3', '有效微调', 'Quantized LoRA']) {
      const interaction = fake.sendAutocomplete({ name: 'paper', option: 'query', value: typed });
      const callback = await interaction.callback();
      assert.equal(callback.body.type, 8);
      const choices = callback.body.data.choices as { name: string; value: string }[];
      assert.equal(choices[0]?.value, paperKey(qa.papers[2]!), `first choice for ${typed}`);
      assert.ok(choices.length <= 25 && choices.every((c) => c.name.length <= 100 && c.value.length <= 100));
    }
    const empty = await fake.sendAutocomplete({ name: 'paper', option: 'query', value: '' }).callback();
    assert.equal(empty.body.data.choices.length, qa.papers.length);
  });

  test('/paper shows the paper card; an unknown query suggests close matches', async () => {
    const found = await fake.sendSlashCommand({ name: 'paper', options: [{ name: 'query', type: 3, value: paperKey(qa.papers[2]!) }] }).callback();
    const embed = found.body.data.embeds[0];
    assert.match(embed.title, /^§3 QLoRA/u);
    assert.equal(embed.url, 'https://arxiv.org/abs/2305.14314');
    assert.match(embed.description, /QLoRA: Efficient Finetuning of Quantized LLMs/u);
    assert.ok(embed.fields.some((field: { name: string }) => field.name === '要点'));

    const unknown = await fake.sendSlashCommand({ name: 'paper', options: [{ name: 'query', type: 3, value: 'qlroa' }] }).callback();
    assert.match(unknown.body.data.content, /你是不是要找[\s\S]*QLoRA/u);
  });

  test('an English question gets an English answer, its sources in English rendering, the Chinese original one click away', async () => {
    const { reply } = await askByMention('How many parameters does BloombergGPT have?');
    const content = reply.body.content as string;
    assert.match(content, /translated from the Chinese/u);
    assert.match(content, /50 billion/u);
    assert.doesNotMatch(content, HAN, content);
    const [embed] = reply.body.embeds as { title: string; fields: { name: string; value: string }[] }[];
    assert.equal(embed!.title, 'Sources');
    assert.equal(embed!.fields[0]!.name, '[1] §4 BloombergGPT: A Large Language Model for Finance');
    for (const field of embed!.fields) assert.doesNotMatch(`${field.name}\n${field.value}`, HAN);
    assert.match(embed!.fields[0]!.value, /^> .*50 billion parameters/u, "the digest's English rendering");
    assert.match(embed!.fields[0]!.value, /https:\/\/arxiv\.org\/abs\/2303\.17564$/u);
    const buttons = reply.body.components[0].components as { label: string; custom_id: string }[];
    assert.deepEqual(
      buttons.map((button) => button.label),
      ['Helpful', 'Not helpful', 'Show original'],
    );

    const answerId = buttons[0]!.custom_id.split(':')[2];
    assert.equal(buttons[2]!.custom_id, `original:${answerId}`);
    const click = await fake.sendButton({ customId: buttons[2]!.custom_id, messageId: reply.response.id, locale: 'en-US' }).callback();
    assert.equal(click.body.type, 4);
    assert.equal(click.body.data.flags, 64, 'shown to the clicker only');
    const [original] = click.body.data.embeds as { title: string; fields: { name: string; value: string }[] }[];
    assert.equal(original!.title, 'Sources in the original Chinese');
    assert.deepEqual(
      original!.fields.map((field) => field.name),
      embed!.fields.map((field) => field.name),
    );
    assert.match(original!.fields[0]!.value, /^> .*500 亿/u, 'the Chinese original, the source of truth');
  });

  test('"Show original" under an answer the bot no longer knows says so', async () => {
    const click = await fake.sendButton({ customId: 'original:no-such-answer', messageId: fake.earlierBotMessage(general, 'old') }).callback();
    assert.equal(click.body.data.flags, 64);
    assert.match(click.body.data.content, /can no longer be shown/u);
  });

  test('a Chinese question is answered in Chinese as before', async () => {
    const { reply } = await askByMention('BloombergGPT 有多少参数？');
    assert.match(reply.body.content, /^根据摘要/u);
    assert.match(reply.body.content, /500 亿/u);
    const [embed] = reply.body.embeds as { title: string; fields: { name: string; value: string }[] }[];
    assert.equal(embed!.title, '来源');
    assert.match(embed!.fields[0]!.name, /^\[1\] §4 BloombergGPT:面向金融的大型语言模型 \(BloombergGPT: A Large Language Model for Finance\)/u);
    assert.match(embed!.fields[0]!.value, /^> .*500 亿/u);
    const labels = reply.body.components[0].components.map((button: { label: string }) => button.label);
    assert.deepEqual(labels, ['有帮助', '没帮助'], 'no "Show original": the sources are the original');
  });

  test('small talk gets a reply without a sources embed', async () => {
    const { reply } = await askByMention('thanks!');
    assert.ok(reply.body.content.length > 0);
    assert.doesNotMatch(reply.body.content, HAN);
    assert.deepEqual(reply.body.embeds ?? [], []);
  });

  test('/paper follows the client language: the English card for en-US, the Chinese one for zh-CN', async () => {
    const query = [{ name: 'query', type: 3, value: 'BloombergGPT' }];
    const english = (await fake.sendSlashCommand({ name: 'paper', options: query, locale: 'en-US' }).callback()).body.data.embeds[0];
    assert.equal(english.title, '§4 BloombergGPT: A Large Language Model for Finance');
    assert.equal(english.url, 'https://arxiv.org/abs/2303.17564');
    assert.match(english.description, /BloombergGPT/u);
    assert.match(english.fields.find((field: { name: string }) => field.name === 'Key points').value, /50 billion parameters/u);
    assert.match(english.footer.text, /^Try \/ask: What are the main contributions of BloombergGPT\?/u);
    assert.doesNotMatch(JSON.stringify(english), HAN);

    const chinese = (await fake.sendSlashCommand({ name: 'paper', options: query, locale: 'zh-CN' }).callback()).body.data.embeds[0];
    assert.equal(chinese.title, '§4 BloombergGPT:面向金融的大型语言模型');
    assert.ok(chinese.fields.some((field: { name: string }) => field.name === '要点'));
    assert.match(chinese.footer.text, /^试试 \/ask：/u);

    // §10 is headed "Align your Latents" but its text is about Emu Video: both papers, labelled, in both languages.
    for (const [locale, heading, text] of [
      ['en-GB', 'Paper named in the heading', 'Paper the text is about'],
      ['zh-CN', '标题所指的论文', '正文介绍的论文'],
    ] as const) {
      const card = (await fake.sendSlashCommand({ name: 'paper', options: [{ name: 'query', type: 3, value: '§10' }], locale }).callback()).body.data
        .embeds[0];
      const links = (card.fields.find((field: { name: string }) => field.name === 'arXiv').value as string).split('\n');
      assert.equal(links.length, 4, links.join('\n'));
      assert.ok(links[0]!.startsWith(heading) && /Align your Latents/iu.test(links[0]!), links[0]);
      assert.equal(links[1], 'https://arxiv.org/abs/2304.08818');
      assert.ok(links[2]!.startsWith(text) && links[2]!.includes('Emu Video'), links[2]);
      assert.equal(links[3], 'https://arxiv.org/abs/2311.10709');
    }
    const englishTitle = (
      await fake.sendSlashCommand({ name: 'paper', options: [{ name: 'query', type: 3, value: '§10' }], locale: 'en-US' }).callback()
    ).body.data.embeds[0].title;
    assert.match(englishTitle, /^§10 Align your Latents/iu);
  });

  test('/paper suggestions and autocomplete show the English title first for an English client', async () => {
    const unknown = await fake.sendSlashCommand({ name: 'paper', options: [{ name: 'query', type: 3, value: 'qlroa' }], locale: 'en-US' }).callback();
    assert.match(
      unknown.body.data.content,
      /^No paper matches "qlroa"\. Did you mean:\n• §3 QLoRA: Efficient Fine-Tuning of Quantized LLMs \(QLoRA:/u,
    );
    const english = await fake.sendAutocomplete({ name: 'paper', option: 'query', value: 'qlora', locale: 'en-US' }).callback();
    const [first] = english.body.data.choices as { name: string; value: string }[];
    assert.equal(first!.value, paperKey(qa.papers[2]!));
    assert.match(first!.name, /^§3 QLoRA: Efficient Fine-Tuning of Quantized LLMs — QLoRA:/u);
    assert.ok(english.body.data.choices.every((choice: { name: string }) => choice.name.length <= 100));
    const chinese = await fake.sendAutocomplete({ name: 'paper', option: 'query', value: 'qlora', locale: 'zh-CN' }).callback();
    assert.match(chinese.body.data.choices[0].name, /^§3 QLoRA:量化/u);
  });

  test('@everyone, roles and users in a question are not pinged or passed on', async () => {
    const { reply } = await askByMention('@everyone <@&123456789012345678> <@234567890123456789> QLoRA 是什么？');
    assert.deepEqual(reply.body.allowed_mentions, { parse: [], replied_user: false });
    assert.equal(qa.asked.at(-1)?.question, '@\u200beveryone QLoRA 是什么？');
  });

  test('a 3,000-character question is answered politely within the content limit', async () => {
    const { reply } = await askByMention('显存'.repeat(1500));
    assert.match(reply.body.content, /That question is too long \(3000 characters; the limit is 1000\)/u);
    assert.match(reply.body.content, /问题太长了/u, 'in both languages');
    assert.ok(reply.body.content.length <= 2000);
  });

  test('a 429 from Discord is retried and a transient 5xx too: the answer still arrives', async () => {
    fake.failNext('POST', /^\/channels\/\d+\/messages$/, { status: 429, retryAfter: 0.05 });
    fake.failNext('POST', /^\/channels\/\d+\/messages$/, { status: 500 });
    const { sent, reply } = await askByMention('QLoRA 是什么？');
    assert.equal(reply.body.message_reference.message_id, sent.id);
    const statuses = fake.calls
      .slice(sent.since)
      .filter((call) => call.path.endsWith('/messages'))
      .map((c) => c.status);
    assert.deepEqual(statuses, [429, 500, 200]);
  });

  test('a failing handler is logged and apologised for; the bot keeps answering', async () => {
    const { reply } = await askByMention('💥');
    assert.equal(reply.body.content, APOLOGY);
    assert.deepEqual(reply.body.allowed_mentions.parse, []);

    const interaction = fake.sendSlashCommand({ name: 'ask', options: [{ name: 'question', type: 3, value: '💥' }] });
    assert.equal((await interaction.callback()).body.type, 5);
    assert.equal((await interaction.editedOriginal()).body.content, APOLOGY);

    const next = await askByMention('QLoRA 是什么？');
    assert.match(next.reply.body.content, /QLoRA/u);
  });

  test('an expired interaction (10062) is shrugged off', async () => {
    fake.failNext('POST', /\/callback$/, { status: 404, code: 10062, message: 'Unknown interaction' });
    const expired = fake.sendSlashCommand({ name: 'paper', options: [{ name: 'query', type: 3, value: 'QLoRA' }] });
    assert.equal((await expired.callback()).status, 404);
    const next = await fake.sendSlashCommand({ name: 'paper', options: [{ name: 'query', type: 3, value: 'QLoRA' }] }).callback();
    assert.equal(next.status, 204);
    assert.ok(bot.client.isReady());
  });

  test('a user asking too often gets a polite notice instead of an answer', async () => {
    const user = fake.user('eager');
    let last: RecordedCall | undefined;
    for (let i = 0; i <= RATE_LIMIT; i++) last = (await askByMention(`QLoRA 问题 ${i}`, { author: user })).reply;
    assert.match(last!.body.content, /请 \d+ 秒后再试/u);
  });

  test('/ask counts against the same rate limit as messages; the dispatcher answers it privately, without asking', async () => {
    const user = fake.user('hasty');
    for (let i = 0; i < RATE_LIMIT; i++) await askByMention(`QLoRA 问题 ${i}`, { author: user });
    const asked = qa.asked.length;
    const slash = await fake.sendSlashCommand({ name: 'ask', user, options: [{ name: 'question', type: 3, value: 'QLoRA 是什么？' }] }).callback();
    assert.equal(slash.body.type, 4);
    assert.equal(slash.body.data.flags, 64);
    assert.match(slash.body.data.content, /请 \d+ 秒后再试/u);
    assert.equal(qa.asked.length, asked, 'the question was not asked');
    const other = await fake.sendSlashCommand({ name: 'paper', user, options: [{ name: 'query', type: 3, value: 'QLoRA' }] }).callback();
    assert.equal(other.body.data.flags & 64, 0, '/paper declares no rate limit');
  });

  test('feedback clicks are stored once per user and answer, with the question, citations and a hashed user', async () => {
    const { reply } = await askByMention('QLoRA 是什么？');
    const [up, down] = reply.body.components[0].components.map((button: { custom_id: string }) => button.custom_id);
    const voter = fake.user('voter');
    const click = await fake.sendButton({ customId: up, messageId: reply.response.id, user: voter }).callback();
    assert.equal(click.body.type, 4);
    assert.equal(click.body.data.flags, 64);
    await fake.sendButton({ customId: down, messageId: reply.response.id, user: voter }).callback();

    const answerId = up.split(':')[2];
    const rows = bot.context.db
      .prepare(
        `SELECT a.question, a.citations_json, v.user_hash, v.vote, v.voted_at
         FROM feedback_votes v JOIN feedback_answers a ON a.id = v.answer_id WHERE a.id = ?`,
      )
      .all(answerId) as { question: string; citations_json: string; user_hash: string; vote: string; voted_at: string }[];
    assert.equal(rows.length, 1);
    const [row] = rows;
    assert.equal(row!.question, 'QLoRA 是什么？');
    assert.equal(JSON.parse(row!.citations_json)[0].section, 3);
    assert.equal(row!.vote, 'down');
    assert.match(row!.user_hash, /^[0-9a-f]{64}$/u);
    assert.ok(!row!.user_hash.includes(voter.id));
    assert.ok(!Number.isNaN(Date.parse(row!.voted_at)));
  });
});

describe('Discord bot start-up', () => {
  test('a wrong token fails with a clear message that does not contain it', async () => {
    const fake = await FakeDiscord.start();
    try {
      const config = configFor(fake, { DISCORD_TOKEN: 'wrong-token.abcdefghijklmnop' });
      await assert.rejects(startBot(config, { qa: new ScriptedQa() }), (error: Error) => {
        assert.ok(error instanceof LoginError);
        assert.match(error.message, /DISCORD_TOKEN/u);
        assert.ok(!error.message.includes('wrong-token'));
        return true;
      });
    } finally {
      await fake.close();
    }
  });

  test('checkBeforeStart fails as startBot would, with one REST call and no gateway session', async () => {
    const fake = await FakeDiscord.start();
    try {
      const since = fake.calls.length;
      await checkBeforeStart(configFor(fake));
      assert.deepEqual(
        fake.calls.slice(since).map((call) => `${call.method} ${call.path}`),
        ['GET /gateway/bot'],
      );
      const wrong = configFor(fake, { DISCORD_TOKEN: 'wrong-token.abcdefghijklmnop' });
      const refused = await startBot(wrong, { qa: new ScriptedQa() }).catch((error: unknown) => error);
      assert.ok(refused instanceof LoginError);
      await assert.rejects(checkBeforeStart(wrong), refused);
      await assert.rejects(checkBeforeStart(configFor(fake, { DISCORD_API_BASE: 'http://127.0.0.1:1/api' })), {
        name: 'LoginError',
        message: /^Cannot reach Discord at http:\/\/127\.0\.0\.1:1\/api \(ECONNREFUSED\)/u,
      });
      const aFile = path.join(configFor(fake).dataDir, 'a-file');
      fs.writeFileSync(aFile, '');
      await assert.rejects(checkBeforeStart(configFor(fake, { DATA_DIR: path.join(aFile, 'data') })), DataDirError);
      await assert.rejects(checkBeforeStart(configFor(fake, { DISCORD_TOKEN: '' })), { name: 'LoginError', message: 'DISCORD_TOKEN is not set.' });
      assert.equal(fake.sessions.length, 0);
      fake.assertNoUnknownRoutes();
    } finally {
      await fake.close();
    }
  });

  test('spawned as a shard (SHARDS/SHARD_COUNT set by the ShardingManager) it serves only its own guilds', async () => {
    const fake = await FakeDiscord.start({ guildCount: 4, recommendedShards: 2 });
    process.env.SHARDS = '[1]';
    process.env.SHARD_COUNT = '2';
    try {
      const shard = await startBot(configFor(fake), { qa: new ScriptedQa() });
      assert.deepEqual(
        fake.sessions.map((session) => session.shard),
        [[1, 2]],
      );
      assert.deepEqual([...shard.client.guilds.cache.keys()].sort(), [fake.guilds[1]!.id, fake.guilds[3]!.id].sort());
      // The scheduler stops (recording the posts under way) while the database is still open.
      let schedulerSawDatabase = false;
      const stopScheduler = shard.context.potd.stop.bind(shard.context.potd);
      shard.context.potd.stop = () => {
        schedulerSawDatabase = shard.context.db.prepare('SELECT 1 AS one').get() !== undefined;
        return stopScheduler();
      };
      await shard.stop();
      assert.ok(schedulerSawDatabase);
      assert.equal(shard.context.db.open, false);
    } finally {
      delete process.env.SHARDS;
      delete process.env.SHARD_COUNT;
      await fake.close();
    }
  });
});
