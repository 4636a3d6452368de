/**
 * The paper of the day end to end: the real discord.js client started through startBot, the real QaService (loaded
 * once for the file) and the real scheduler on the real clock, against the fake Discord. Seconds-level crons keep
 * every wait short; each test has its own data directory, as a fresh deployment would.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, afterEach, before, describe, test } from 'node:test';
import { loadConfig } from '../src/config.ts';
import { startBot, type RunningBot } from '../src/discord/bot.ts';
import { setLogLevel } from '../src/log.ts';
import type { PotdScheduler } from '../src/potd/scheduler.ts';
import { openDatabase } from '../src/storage/database.ts';
import type { QaService } from '../src/types.ts';
import { FakeDiscord } from './support/fake-discord.ts';
import { tempDir, sharedQa } from './support/core.ts';
import { embedOf, POTD_AUTHOR, POTD_AUTHOR_EN, potdPosts, waitForPosts, type PostedEmbed } from './support/potd-posts.ts';

const EVERY_TWO_SECONDS = '*/2 * * * * *';
const HAN = /\p{Script=Han}/u;
const NO_PINGS = { parse: [], replied_user: false };

setLogLevel('warn');

const tempDirs: string[] = [];
function dataDir(): string {
  const dir = tempDir('paperbot-potd-');
  tempDirs.push(dir);
  return dir;
}

/** Every text of an embed a reader sees. */
const embedText = (embed: PostedEmbed) =>
  [embed.author.name, embed.title, embed.description, ...embed.fields.flatMap((f) => [f.name, f.value])].join('\n');

/** A time zone in which `at` is not near midnight, so a slot and its catch-up fall on the same local day. */
function zoneAwayFromMidnight(at: Date): string {
  const zone = ['Asia/Shanghai', 'Europe/Berlin', 'America/New_York'].find((candidate) => {
    const { hour, minute } = localTime(at, candidate);
    return hour * 60 + minute >= 5 && hour * 60 + minute <= 23 * 60 + 54;
  });
  return zone!;
}

function localTime(at: Date, timeZone: string): { hour: number; minute: number; second: number } {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hourCycle: 'h23', hour: 'numeric', minute: 'numeric', second: 'numeric' }).formatToParts(
    at,
  );
  const part = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  return { hour: part('hour'), minute: part('minute'), second: part('second') };
}

describe('paper of the day on Discord', () => {
  let fake: FakeDiscord;
  let qa: QaService;
  let general: string;
  const running: RunningBot[] = [];

  before(async () => {
    fake = await FakeDiscord.start();
    general = fake.channel('general').id;
    qa = await sharedQa();
  });

  after(async () => {
    for (const bot of running) await bot.stop();
    await fake.close();
    for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  afterEach(() => {
    fake.assertNoUnknownRoutes();
    fake.assertEveryMessageNonced();
  });

  async function start(dir: string, env: Record<string, string> = {}): Promise<RunningBot> {
    const config = loadConfig({ DISCORD_TOKEN: fake.token, DISCORD_API_BASE: fake.apiBase, DATA_DIR: dir, LOG_LEVEL: 'warn', ...env });
    const bot = await startBot(config, { qa });
    running.push(bot);
    return bot;
  }

  const potdOf = (bot: RunningBot): PotdScheduler => bot.context.potd;

  test('each slot posts the embed in the configured channel, a different paper each time, pinging no one; /potd shows it', async () => {
    const since = fake.calls.length;
    const bot = await start(dataDir(), { POTD_CHANNEL_ID: general, POTD_CRON: EVERY_TWO_SECONDS });
    const posts = await waitForPosts(fake, 2, since);
    for (const post of posts) {
      assert.equal(post.path, `/channels/${general}/messages`);
      assert.deepEqual(post.body.allowed_mentions, NO_PINGS);
      assert.match(embedOf(post).title, /^§\d+ /u);
      assert.ok(embedOf(post).fields.some((field) => field.name === '问问我 · Ask me about it'));
    }
    const [first, second] = posts.map(embedOf);
    assert.notEqual(first!.title, second!.title);
    assert.equal(Date.parse(second!.timestamp) - Date.parse(first!.timestamp), 2000, 'consecutive slots');

    const shown = await fake.sendSlashCommand({ name: 'potd' }).callback();
    assert.equal(shown.body.type, 4);
    assert.ok(!(shown.body.data.flags & 64));
    // A slot may have passed since: today's paper is the latest post when /potd answered.
    const titles = potdPosts(fake, since).map((post) => embedOf(post).title);
    assert.ok(titles.includes(shown.body.data.embeds[0].title), `${shown.body.data.embeds[0].title} in ${titles.join(', ')}`);
    assert.deepEqual(shown.body.data.allowed_mentions, NO_PINGS);

    const hidden = await fake.sendSlashCommand({ name: 'potd', options: [{ name: 'private', type: 5, value: true }] }).callback();
    assert.equal(hidden.body.data.flags, 64);
    await bot.stop();
    assert.ok(potdPosts(fake, since).every((post) => post.path === `/channels/${general}/messages`));
  });

  test('a restart with the same data directory repeats no paper within the cycle and posts no slot twice', async () => {
    const dir = dataDir();
    const env = { POTD_CHANNEL_ID: general, POTD_CRON: EVERY_TWO_SECONDS };
    const since = fake.calls.length;
    // Stopped right after a post, the restart comes within the same slot: its catch-up must find it posted.
    const firstRun = await start(dir, env);
    await waitForPosts(fake, 1, since);
    await firstRun.stop();
    const secondRun = await start(dir, env);
    await waitForPosts(fake, 3, since);
    await secondRun.stop();

    const posts = potdPosts(fake, since).map(embedOf);
    assert.ok(posts.length <= qa.papers.length, 'still within the first cycle');
    assert.equal(new Set(posts.map((embed) => embed.title)).size, posts.length, 'no paper twice in a cycle');
    assert.equal(new Set(posts.map((embed) => embed.timestamp)).size, posts.length, 'no slot twice');
    const db = openDatabase(dir);
    const rows = db.prepare('SELECT slot_at, status FROM potd_posts ORDER BY slot_at').all() as { slot_at: string; status: string }[];
    db.close();
    assert.deepEqual(
      rows.map((row) => [row.slot_at, row.status]),
      posts.map((embed) => [embed.timestamp, 'sent']).sort(),
    );
  });

  test('a slot missed during a short downtime is posted once, on the next start the same day', async () => {
    const dir = dataDir();
    const since = fake.calls.length;
    await (await start(dir)).stop(); // the guild is known from now on; then the bot is down over the slot
    const slot = new Date(Math.ceil((Date.now() + 500) / 1000) * 1000);
    const zone = zoneAwayFromMidnight(slot);
    const { hour, minute, second } = localTime(slot, zone);
    const env = { POTD_CHANNEL_ID: general, POTD_CRON: `${second} ${minute} ${hour} * * *`, POTD_TZ: zone };
    await sleep(slot.getTime() + 300 - Date.now());

    const back = await start(dir, env);
    const [caughtUp] = await waitForPosts(fake, 1, since);
    assert.equal(embedOf(caughtUp!).timestamp, slot.toISOString());
    await back.stop();

    const again = await start(dir, env);
    await sleep(300);
    await again.stop();
    assert.equal(potdPosts(fake, since).length, 1, 'the caught-up slot is not posted again');
  });

  test('/potd-config is refused without Manage Server, and applies channel, time, time zone, enable, disable, now and show', async () => {
    const bot = await start(dataDir());
    const guildId = fake.guilds[0]!.id;
    const ask = fake.channel('ask').id;
    const config = (subcommand: string, options: { name: string; type: number; value: string }[] = []) =>
      fake.sendSlashCommand({ name: 'potd-config', subcommand, options });
    /** Runs a subcommand and returns its (deferred, ephemeral) reply text. */
    const run = async (subcommand: string, options?: { name: string; type: number; value: string }[]) => {
      const interaction = config(subcommand, options);
      const callback = await interaction.callback();
      assert.deepEqual([callback.body.type, callback.body.data.flags], [5, 64]);
      return (await interaction.editedOriginal()).body.content as string;
    };

    const refused = await fake.sendSlashCommand({ name: 'potd-config', subcommand: 'enable', permissions: '0' }).callback();
    assert.equal(refused.body.type, 4);
    assert.equal(refused.body.data.flags, 64);
    assert.match(refused.body.data.content, /管理服务器.*Manage Server/u);
    assert.deepEqual(potdOf(bot).settings(guildId).overrides, {});
    for (const name of ['potd', 'potd-config']) {
      const inDm = await fake.sendSlashCommand({ name, subcommand: name === 'potd' ? undefined : 'show', dm: true }).callback();
      assert.deepEqual([inDm.body.type, inDm.body.data.flags], [4, 64]);
      assert.match(inDm.body.data.content, /只能在服务器中使用.*only works in a server/u);
    }

    assert.match(await run('channel', [{ name: 'channel', type: 7, value: ask }]), new RegExp(`<#${ask}>（本服务器设置`, 'u'));
    assert.equal(potdOf(bot).settings(guildId).channelId, ask);

    await run('time', [{ name: 'schedule', type: 3, value: '09:30' }]);
    assert.equal(potdOf(bot).settings(guildId).cron, '30 9 * * *');
    assert.match(await run('time', [{ name: 'schedule', type: 3, value: 'every morning' }]), /"every morning" is not a valid schedule/u);
    assert.equal(potdOf(bot).settings(guildId).cron, '30 9 * * *');

    const zones = await fake.sendAutocomplete({ name: 'potd-config', subcommand: 'timezone', option: 'zone', value: 'shang' }).callback();
    assert.equal(zones.body.data.choices[0].value, 'Asia/Shanghai');
    assert.ok(zones.body.data.choices.length <= 25);
    await run('timezone', [{ name: 'zone', type: 3, value: 'asia/shanghai' }]);
    assert.equal(potdOf(bot).settings(guildId).timeZone, 'Asia/Shanghai');
    assert.match(await run('timezone', [{ name: 'zone', type: 3, value: 'Mars/Olympus' }]), /not a time zone I know/u);
    // An admin whose Discord client is Chinese reads the refusal in Chinese, then in English as every /potd-config reply.
    const inChinese = fake.sendSlashCommand({
      name: 'potd-config',
      subcommand: 'timezone',
      options: [{ name: 'zone', type: 3, value: 'Mars/Olympus' }],
      locale: 'zh-CN',
    });
    await inChinese.callback();
    assert.match(
      (await inChinese.editedOriginal()).body.content,
      /^我不认识「Mars\/Olympus」这个时区：请使用 IANA 名称，如 "Asia\/Shanghai".*。\/ "Mars\/Olympus" is not a time zone I know/u,
    );

    // 09:30 in Shanghai is 01:30 UTC: the next one from now.
    const next = new Date();
    next.setUTCHours(1, 30, 0, 0);
    if (next.getTime() <= Date.now()) next.setUTCDate(next.getUTCDate() + 1);
    const shown = await run('show');
    assert.ok(shown.includes(`<t:${next.getTime() / 1000}:F>`), shown);
    assert.match(shown, /`30 9 \* \* \*`.*\n时区 · Time zone: Asia\/Shanghai/u);

    assert.match(await run('disable'), /已停用 · disabled/u);
    assert.equal(potdOf(bot).settings(guildId).enabled, false);
    assert.match(await run('enable'), /已启用 · enabled/u);
    assert.equal(potdOf(bot).settings(guildId).enabled, true);

    const since = fake.calls.length;
    assert.match(await run('now'), new RegExp(`Posted in <#${ask}>: §\\d+ `, 'u'));
    const [posted] = await waitForPosts(fake, 1, since);
    assert.equal(posted!.path, `/channels/${ask}/messages`);
    assert.deepEqual(posted!.body.allowed_mentions, NO_PINGS);
    // Posting now does not move the rotation: /potd still shows the same paper.
    const today = await fake.sendSlashCommand({ name: 'potd' }).callback();
    assert.equal(today.body.data.embeds[0].title, embedOf(posted!).title);
    await bot.stop();
  });

  test("a guild that chooses English gets English posts; /potd follows each reader's client language", async () => {
    const bot = await start(dataDir(), { POTD_CHANNEL_ID: general });
    const guildId = fake.guilds[0]!.id;
    const run = async (subcommand: string, options: { name: string; type: number; value: string }[] = []) => {
      const interaction = fake.sendSlashCommand({ name: 'potd-config', subcommand, options });
      await interaction.callback();
      return (await interaction.editedOriginal()).body.content as string;
    };
    assert.match(await run('show'), /语言 · Language: 中文 · Chinese \(zh\)（默认 · default）/u);
    assert.match(
      await run('language', [{ name: 'language', type: 3, value: 'en' }]),
      /语言 · Language: 英文 · English \(en\)（本服务器设置 · set here）/u,
    );
    assert.equal(potdOf(bot).settings(guildId).language, 'en');

    const since = fake.calls.length;
    await run('time', [{ name: 'schedule', type: 3, value: EVERY_TWO_SECONDS }]);
    const [scheduled] = await waitForPosts(fake, 1, since);
    const posted = embedOf(scheduled!);
    assert.equal(posted.author.name, POTD_AUTHOR_EN);
    assert.match(posted.title, /^§\d+ [A-Z]/u);
    assert.doesNotMatch(embedText(posted), HAN, embedText(posted));
    assert.ok(posted.fields.some((field) => field.name === 'Ask me about it' && /\/ask question: What /u.test(field.value)));
    assert.deepEqual(scheduled!.body.allowed_mentions, NO_PINGS);

    // Disabled, so today's paper stays put while /potd is asked: it shows that paper in the reader's language.
    await run('disable');
    const today = potdOf(bot).today(guildId).paper;
    const shown = async (locale: string) => (await fake.sendSlashCommand({ name: 'potd', locale }).callback()).body.data.embeds[0] as PostedEmbed;
    const english = await shown('en-US');
    assert.equal(english.author.name, POTD_AUTHOR_EN);
    assert.equal(english.title, `§${today.section} ${today.en!.title}`);
    const chinese = await shown('zh-CN');
    assert.equal(chinese.author.name, POTD_AUTHOR);
    assert.equal(chinese.title, `§${today.section} ${today.heading}`);

    const beforeNow = fake.calls.length;
    assert.match(await run('now'), /Posted in <#\d+>: §\d+ [A-Z]/u);
    const [manual] = await waitForPosts(fake, 1, beforeNow);
    assert.equal(embedOf(manual!).author.name, POTD_AUTHOR_EN);
    await run('language', [{ name: 'language', type: 3, value: 'zh' }]);
    assert.equal(potdOf(bot).settings(guildId).language, 'zh');
    await bot.stop();
  });

  test('a guild the bot joins after start-up is scheduled with the settings it had stored', async () => {
    const bot = await start(dataDir());
    const guild = fake.createGuild();
    const channel = guild.channels[0]!.id;
    await potdOf(bot).updateSettings(guild.id, { channelId: channel, schedule: EVERY_TWO_SECONDS });
    const since = fake.calls.length;
    fake.joinGuild(guild);
    const [post] = await waitForPosts(fake, 1, since);
    assert.equal(post!.path, `/channels/${channel}/messages`);
    await bot.stop();
  });
});
