/**
 * `npm run start:sharded` as a process, from source: the real ShardingManager spawns one process per shard
 * (src/main.ts under tsx, each loading its own QaService) against the fake Discord, which recommends 2 shards and
 * serves each shard only its own guild. Each shard posts the paper of the day for its guild, once per slot; each
 * resumes a dropped connection; a close Discord will not let the shards recover from stops the manager instead of
 * restarting them in a loop.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { preparePotdTables, writeGuild } from '../src/potd/store.ts';
import { openDatabase } from '../src/storage/database.ts';
import { FakeDiscord, type RecordedCall } from './support/fake-discord.ts';
import { bundled, tempDir, spawnEnv, until } from './support/core.ts';

const root = path.resolve(import.meta.dirname, '..');
const dataDir = tempDir('paperbot-shards-');

after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

interface Manager {
  stderr: string;
  exit: Promise<number | null>;
  kill(signal: NodeJS.Signals): void;
}

/** Starts `npm run start:sharded` (the bundle) against `fake`; `stderr` grows as the manager and its shards log. */
function startManager(fake: FakeDiscord, env: Record<string, string> = {}): Manager {
  const child = spawn(process.execPath, bundled('shard-manager'), {
    cwd: root,
    env: spawnEnv({ DISCORD_TOKEN: fake.token, DISCORD_API_BASE: fake.apiBase, DATA_DIR: dataDir, LOG_LEVEL: 'info', ...env }),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const manager: Manager = {
    stderr: '',
    exit: new Promise((resolve) => child.on('exit', (code) => resolve(code))),
    kill: (signal) => child.kill(signal),
  };
  child.stderr.on('data', (chunk: Buffer) => (manager.stderr += chunk.toString()));
  return manager;
}

test('two shards each post the paper of the day for their own guild, once per slot; SIGTERM stops them all', async () => {
  const fake = await FakeDiscord.start({ guildCount: 2, recommendedShards: 2 });
  let manager: Manager | undefined;
  try {
    const [guild0, guild1] = fake.guilds.map((guild) => guild.id) as [string, string];
    const channels = [fake.channel('general', 0).id, fake.channel('general', 1).id] as const;
    // Guild 0 posts in POTD_CHANNEL_ID (its own channel); guild 1 chose its channel earlier, as with /potd-config.
    const db = openDatabase(dataDir);
    preparePotdTables(db);
    writeGuild(db, guild1, { channelId: channels[1], activeSince: new Date() }, new Date());
    db.close();

    manager = startManager(fake, { POTD_CHANNEL_ID: channels[0], POTD_CRON: '*/2 * * * * *', POTD_TZ: 'UTC' });

    const postsIn = (channelId: string) =>
      fake.calls.filter((call) => call.method === 'POST' && call.path === `/channels/${channelId}/messages` && call.status === 200);
    await until(() => channels.every((channel) => postsIn(channel).length >= 2), 'two posts in each guild');
    assert.deepEqual(fake.sessions.map((session) => session.shard).sort(), [
      [0, 2],
      [1, 2],
    ]);

    manager.kill('SIGTERM');
    assert.equal(await manager.exit, 0, manager.stderr);
    await until(() => fake.sessions.length === 0, 'the shards to disconnect');

    const stderr = manager.stderr;
    for (const shard of [0, 1]) {
      assert.match(stderr, new RegExp(`in 1 guild\\(s\\) \\(shards ${shard} of 2\\)`, 'u'));
      assert.match(stderr, new RegExp(`Shard ${shard} of 2: connected to Discord`, 'u'));
      assert.match(stderr, new RegExp(`Shard ${shard} of 2: stopped \\(code 0\\)`, 'u'));
    }
    assert.ok(!stderr.includes(fake.token), 'the token is never logged');

    // Every post went to a guild's own channel, one per slot, and matches what the shards recorded.
    const allPosts = fake.calls.filter((call) => call.method === 'POST' && call.path.endsWith('/messages'));
    assert.equal(allPosts.length, postsIn(channels[0]).length + postsIn(channels[1]).length);
    const shared = openDatabase(dataDir);
    for (const [guildId, channelId] of [
      [guild0, channels[0]],
      [guild1, channels[1]],
    ] as const) {
      const slots = postsIn(channelId).map((call: RecordedCall) => call.body.embeds[0].timestamp as string);
      assert.equal(new Set(slots).size, slots.length, `one post per slot in guild ${guildId}`);
      const rows = shared.prepare("SELECT slot_at FROM potd_posts WHERE guild_id = ? AND status = 'sent' ORDER BY slot_at").all(guildId);
      assert.deepEqual(
        rows.map((row) => (row as { slot_at: string }).slot_at),
        slots.sort(),
      );
    }
    shared.close();
    fake.assertNoUnknownRoutes();
  } finally {
    manager?.kill('SIGKILL');
    await manager?.exit;
    await fake.close();
  }
});

test('a dropped connection is logged and resumed by each shard; a 4004 close (token revoked) then stops every shard and the manager with exit code 104 and the clear line, restarting none', async () => {
  const fake = await FakeDiscord.start({ guildCount: 2, recommendedShards: 2 });
  const manager = startManager(fake);
  try {
    await until(() => /All 2 shard\(s\) are ready/u.test(manager.stderr), 'both shards to connect');
    fake.closeGateway(4000, 'Unknown error');
    for (const shard of [0, 1]) {
      // As a shard's own process logs it (src/main.ts, as in main.test.ts); the manager's lines say "Shard 0 of 2".
      await until(() => new RegExp(`INFO {2}Shard ${shard}: resumed the Discord session`, 'u').test(manager.stderr), `shard ${shard} to resume`);
      assert.match(manager.stderr, new RegExp(`WARN {2}Shard ${shard}: connection to Discord lost; reconnecting`, 'u'));
    }
    assert.equal(fake.sessions.length, 2);

    fake.closeGateway(4004, 'Authentication failed.');
    assert.equal(await manager.exit, 104, manager.stderr);
    for (const shard of [0, 1]) {
      assert.match(manager.stderr, new RegExp(`WARN {2}Shard ${shard}: disconnected from Discord \\(close code 4004\\)`, 'u'));
      // The shard's own process (dist/main.mjs) ended with the exit code of a fatal close.
      assert.match(manager.stderr, new RegExp(`Shard ${shard} of 2: (process exited|stopped) \\(code 104\\)`, 'u'));
    }
    // Said once by each shard's process and once more by the manager, never with a stack trace.
    assert.equal(manager.stderr.match(/ERROR Discord closed the connection/gu)?.length, 3, manager.stderr);
    assert.ok(!/\n\s+at /u.test(manager.stderr), manager.stderr);

    const lines = manager.stderr.trimEnd().split('\n');
    assert.match(lines.at(-1)!, /ERROR Discord closed the connection: the token was revoked or is wrong \(4004\)\. Reset the token/u);
    assert.doesNotMatch(manager.stderr, /restarting it/u);
    assert.equal(manager.stderr.match(/: process \d+ started/gu)?.length, 2, 'no shard was started again');
    assert.ok(!manager.stderr.includes(fake.token), 'the token is never logged');
    assert.equal(fake.sessions.length, 0);
    fake.assertNoUnknownRoutes();
  } finally {
    manager.kill('SIGKILL');
    await manager.exit;
    await fake.close();
  }
});
