/** The operator commands: `npm run deploy-commands` and `npm run feedback`. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { loadConfig } from '../src/config.ts';
import { commands } from '../src/discord/commands/index.ts';
import { deployCommands } from '../src/discord/deploy.ts';
import { openStorage } from '../src/storage/storage.ts';
import { FakeDiscord } from './support/fake-discord.ts';
import { citation } from './support/fixtures.ts';
import { bundled, spawnEnv } from './support/core.ts';

const root = path.resolve(import.meta.dirname, '..');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'paperbot-cli-'));

function runCli(entry: string, env: Record<string, string>, args: string[] = []): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [...bundled(entry), ...args], {
    cwd: root,
    env: spawnEnv({ DATA_DIR: dataDir, DISCORD_TOKEN: '', DISCORD_CLIENT_ID: '', DISCORD_GUILD_ID: '', ...env }),
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}

describe('deploy-commands', () => {
  const fakes: FakeDiscord[] = [];
  after(async () => {
    for (const fake of fakes) await fake.close();
  });

  test('registers the dispatcher registry in the configured guild, with the documented option names', async () => {
    const fake = await FakeDiscord.start();
    fakes.push(fake);
    const guildId = fake.guilds[0]!.id;
    const config = loadConfig({
      DISCORD_TOKEN: fake.token,
      DISCORD_API_BASE: fake.apiBase,
      DISCORD_CLIENT_ID: fake.applicationId,
      DISCORD_GUILD_ID: guildId,
    });
    const result = await deployCommands(config, commands);
    assert.deepEqual(result, { applicationId: fake.applicationId, scope: { guildId }, names: ['ask', 'paper', 'potd', 'potd-config'] });
    const put = fake.calls.find((call) => call.method === 'PUT')!;
    assert.equal(put.path, `/applications/${fake.applicationId}/guilds/${guildId}/commands`);
    const [ask, paper, potd, potdConfig] = put.body;
    assert.deepEqual(
      ask.options.map((o: { name: string; type: number; required?: boolean; max_length?: number }) => [
        o.name,
        o.type,
        o.required ?? false,
        o.max_length,
      ]),
      [
        ['question', 3, true, 1000],
        ['private', 5, false, undefined],
      ],
    );
    assert.deepEqual(
      paper.options.map((o: { name: string; autocomplete?: boolean }) => [o.name, o.autocomplete]),
      [['query', true]],
    );
    assert.deepEqual(
      potd.options.map((o: { name: string; type: number }) => [o.name, o.type]),
      [['private', 5]],
    );
    // Manage Server (1 << 5) by default, guild only (context 0); execute checks the permission again.
    assert.equal(potdConfig.default_member_permissions, '32');
    assert.deepEqual(potdConfig.contexts, [0]);
    assert.deepEqual(
      potdConfig.options.map((o: { name: string; options?: { name: string }[] }) => [o.name, (o.options ?? []).map((option) => option.name)]),
      [
        ['channel', ['channel']],
        ['time', ['schedule']],
        ['timezone', ['zone']],
        ['language', ['language']],
        ['enable', []],
        ['disable', []],
        ['now', []],
        ['show', []],
      ],
    );
    assert.ok(!fake.calls.some((call) => call.path === '/applications/@me'), 'no lookup when DISCORD_CLIENT_ID is set');
    fake.assertNoUnknownRoutes();
  });

  test('the CLI fetches the application id when absent and registers globally', async () => {
    const fake = await FakeDiscord.start();
    fakes.push(fake);
    const run = await runCli('cli/deploy-commands', { DISCORD_TOKEN: fake.token, DISCORD_API_BASE: fake.apiBase });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /Registered \/ask, \/paper, \/potd, \/potd-config for application \d+ globally/u);
    assert.deepEqual(
      fake.calls.map((call) => `${call.method} ${call.path}`),
      ['GET /applications/@me', `PUT /applications/${fake.applicationId}/commands`],
    );
    assert.deepEqual(
      fake.registeredCommands.get('global')?.map((command) => command.name),
      ['ask', 'paper', 'potd', 'potd-config'],
    );
  });

  test('the CLI explains a rejected token and exits 1 without printing it', async () => {
    const fake = await FakeDiscord.start();
    fakes.push(fake);
    const wrong = 'wrong-token.abcdefghijklmnopqrstuvwxyz';
    const run = await runCli('cli/deploy-commands', { DISCORD_TOKEN: wrong, DISCORD_API_BASE: fake.apiBase });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /Discord rejected DISCORD_TOKEN/u);
    assert.ok(!run.stderr.includes(wrong));
  });
});

describe('feedback', () => {
  after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  test('prints totals, the up ratio and the most down-voted questions', async () => {
    const storage = openStorage(loadConfig({ DATA_DIR: dataDir }));
    const store = storage.feedback;
    const good = store.recordAnswer('QLoRA 是什么？', [citation(1, 3, '段落。')], new Date(), 'written');
    const bad = store.recordAnswer('DPO 和 RLHF 的区别？', []);
    store.vote(good, 'a', 'up');
    store.vote(good, 'b', 'up');
    store.vote(bad, 'a', 'down');
    await storage.close();

    const run = await runCli('cli/feedback', {});
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /Answers shown with buttons: 2\nVotes: 3 \(👍 2, 👎 1\), ratio 66\.7% 👍/u);
    assert.match(
      run.stdout,
      /By how the answer was written:\n {2}quoted \(no model asked\): 1 answers, 👍 0, 👎 1\n {2}written by the model: 1 answers, 👍 2, 👎 0\n/u,
    );
    assert.match(run.stdout, /Most down-voted questions:\n {2}👎 1 {2}👍 0 {2}DPO 和 RLHF 的区别？/u);

    const json = await runCli('cli/feedback', {}, ['--json']);
    assert.equal(JSON.parse(json.stdout).down, 1);
  });
});
