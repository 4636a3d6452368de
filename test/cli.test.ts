/**
 * The operator commands (`npm run deploy-commands`, `npm run feedback`), and how every command-line tool answers
 * `--help` and a user's mistake.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { userErrorLine } from '../src/cli/run.ts';
import { ConfigError, loadConfig } from '../src/config.ts';
import { commands } from '../src/discord/commands/index.ts';
import { deployCommands } from '../src/discord/deploy.ts';
import { openStorage } from '../src/storage/storage.ts';
import { FakeDiscord } from './support/fake-discord.ts';
import { citation } from './support/fixtures.ts';
import { bundled, ensureSharedIndex, spawnEnv, tempDir } from './support/core.ts';

const root = path.resolve(import.meta.dirname, '..');
const dataDir = tempDir('paperbot-cli-');

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
    assert.deepEqual(result, {
      applicationId: fake.applicationId,
      scope: { guildId },
      names: ['ask', 'paper', 'potd', 'potd-config', 'digest', 'digest-config'],
    });
    const put = fake.calls.find((call) => call.method === 'PUT')!;
    assert.equal(put.path, `/applications/${fake.applicationId}/guilds/${guildId}/commands`);
    const [ask, paper, potd, potdConfig, digest, digestConfig] = put.body;
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
    // Everyone may list and show a server's digests; adding and removing are checked per member (Manage Server or the role /digest-config sets).
    assert.deepEqual(digest.contexts, [0]);
    assert.deepEqual(
      digest.options.map((o: { name: string; options?: { name: string; type: number }[] }) => [
        o.name,
        (o.options ?? []).map((option) => [option.name, option.type]),
      ]),
      [
        [
          'add',
          [
            ['file', 11],
            ['title', 3],
          ],
        ],
        ['list', []],
        ['show', [['digest', 3]]],
        ['remove', [['digest', 3]]],
        ['gaps', [['days', 4]]],
      ],
    );
    // /digest gaps: days 1-365, optional.
    assert.deepEqual(digest.options[4].options, [
      {
        type: 4,
        name: 'days',
        description: 'How many days back to look (default 30)',
        description_localizations: { 'zh-CN': '往前看多少天（默认 30）' },
        required: false,
        min_value: 1,
        max_value: 365,
      },
    ]);
    assert.equal(digestConfig.default_member_permissions, '32');
    assert.deepEqual(
      digestConfig.options[0].options.map((o: { name: string; type: number; required: boolean }) => [o.name, o.type, o.required]),
      [['role', 8, false]],
    );
    assert.ok(!fake.calls.some((call) => call.path === '/applications/@me'), 'no lookup when DISCORD_CLIENT_ID is set');
    fake.assertNoUnknownRoutes();
  });

  test('the CLI fetches the application id when absent and registers globally', async () => {
    const fake = await FakeDiscord.start();
    fakes.push(fake);
    const run = await runCli('cli/deploy-commands', { DISCORD_TOKEN: fake.token, DISCORD_API_BASE: fake.apiBase });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /Registered \/ask, \/paper, \/potd, \/potd-config, \/digest, \/digest-config for application \d+ globally/u);
    assert.deepEqual(
      fake.calls.map((call) => `${call.method} ${call.path}`),
      ['GET /applications/@me', `PUT /applications/${fake.applicationId}/commands`],
    );
    assert.deepEqual(
      fake.registeredCommands.get('global')?.map((command) => command.name),
      ['ask', 'paper', 'potd', 'potd-config', 'digest', 'digest-config'],
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

describe('gaps', () => {
  const gapsDir = tempDir('paperbot-cli-gaps-');
  after(() => fs.rmSync(gapsDir, { recursive: true, force: true }));
  const guildA = '111111111111111111';

  test('prints the refused and down-voted questions grouped by topic, per server or all, and draws the chart', async () => {
    const storage = openStorage(loadConfig({ DATA_DIR: gapsDir }));
    const store = storage.feedback;
    for (const question of ['What is Llama 3?', 'Llama 3 是什么？', 'How do I bake bread?'])
      store.recordAnswer(question, [], new Date(), 'quoted', { guildId: guildA, kind: 'refusal' });
    store.vote(store.recordAnswer('QLoRA 需要什么显卡？', [], new Date(), 'quoted', { guildId: guildA, kind: 'quoted' }), 'a', 'down');
    store.recordAnswer('DPO 是什么？', [], new Date(), 'quoted', { guildId: guildA, kind: 'quoted' });
    store.recordAnswer('What is Mamba?', [], new Date(), 'quoted', { guildId: '222222222222222222', kind: 'refusal' });
    await storage.close();
    const chart = path.join(gapsDir, 'gaps.png');

    const run = await runCli('cli/gaps', { DATA_DIR: gapsDir }, ['--guild', guildA, '--chart', chart]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^Questions no digest answers, last 30 days \(server 111111111111111111\): 4 questions in 3 topics\n/u);
    assert.match(run.stdout, /\n {3}1 {6}2 {8}2 {3}0 {2}(What is Llama 3\?|Llama 3 是什么？)\n {28}also: (Llama 3 是什么？|What is Llama 3\?)\n/u);
    assert.match(run.stdout, /\n {3}\d {6}1 {8}0 {3}1 {2}QLoRA 需要什么显卡？\n/u);
    assert.doesNotMatch(run.stdout, /DPO|Mamba/u);
    assert.deepEqual([...fs.readFileSync(chart).subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

    const all = await runCli('cli/gaps', { DATA_DIR: gapsDir }, ['--json', '--days', '1']);
    assert.equal(all.code, 0, all.stderr);
    const report = JSON.parse(all.stdout) as { questions: number; topics: { label: string }[] };
    assert.equal(report.questions, 5);
    assert.ok(report.topics.some((topic) => topic.label === 'What is Mamba?'));
  });
});

/** Each tool's entry point and the name its usage line gives (the npm script's name). */
const TOOLS: [entry: string, name: string][] = [
  ['ask', 'ask'],
  ['bench', 'bench'],
  ['build-index', 'index'],
  ['calibrate', 'calibrate'],
  ['deploy-commands', 'deploy-commands'],
  ['eval', 'eval'],
  ['feedback', 'feedback'],
  ['gaps', 'gaps'],
  ['translate-corpus', 'translate-corpus'],
];

/** One line on stderr, no stack frame. */
function assertOneLine(stderr: string, pattern: RegExp): void {
  const lines = stderr.trim().split('\n');
  assert.equal(lines.length, 1, stderr);
  assert.match(lines[0]!, pattern);
  assert.doesNotMatch(stderr, /^\s+at /mu);
}

describe('every CLI', () => {
  const sandbox = tempDir('paperbot-cli-help-');
  after(() => fs.rmSync(sandbox, { recursive: true, force: true }));
  // Settings under which any work would fail or leave a trace: folders that do not exist yet, no token.
  const untouched = {
    CORPUS_DIR: path.join(sandbox, 'corpus'),
    INDEX_DIR: path.join(sandbox, 'index'),
    DATA_DIR: path.join(sandbox, 'data'),
    MODEL_DIR: path.join(sandbox, 'models'),
  };

  for (const [entry, name] of TOOLS) {
    test(`${entry} --help prints the usage and exits 0 without reading a setting or writing anything`, async () => {
      const run = await runCli(`cli/${entry}`, untouched, ['--help']);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, new RegExp(`^Usage: ${name} \\[options\\]`, 'u'));
      assert.equal(run.stderr, '');
      assert.deepEqual(fs.readdirSync(sandbox), []);
    });
  }

  test('an unknown flag or a bad value is one line and exit code 2', async () => {
    for (const [entry, args, pattern] of [
      ['build-index', ['--bogus'], /^error: unknown option '--bogus'$/u],
      ['eval', ['--quiet', '--bogus'], /^error: unknown option '--bogus'$/u],
      ['feedback', ['--limit', 'many'], /^error: option '--limit <n>' argument 'many' is invalid\. Expected a whole number/u],
      ['bench', ['--scale', '1,x'], /^error: option '--scale \[sizes\]' argument '1,x' is invalid\. Give digest counts/u],
      ['deploy-commands', ['extra'], /^error: too many arguments/u],
      ['gaps', ['--days', '400'], /^error: option '--days <n>' argument '400' is invalid\. Expected a whole number of days from 1 to 365\.$/u],
      ['gaps', ['--guild', '<@123>'], /^error: option '--guild <id>' argument '<@123>' is invalid\. Expected a server id/u],
    ] as const) {
      const run = await runCli(`cli/${entry}`, untouched, [...args]);
      assert.equal(run.code, 2, `${entry} ${args.join(' ')}: ${run.stderr}`);
      assertOneLine(run.stderr, pattern);
    }
    assert.deepEqual(fs.readdirSync(sandbox), []);
  });

  test('deploy-commands without a token says which setting to fill in: one line, exit code 1', async () => {
    const run = await runCli('cli/deploy-commands', { DISCORD_TOKEN: '' });
    assert.equal(run.code, 1, run.stderr);
    assertOneLine(run.stderr, /ERROR DISCORD_TOKEN is not set: put the bot token in \.env/u);
  });

  test('eval, calibrate and bench name a missing question file in one line, before loading anything', async () => {
    const missing = path.join(sandbox, 'nope.jsonl');
    for (const [entry, args] of [
      ['eval', ['--questions', missing]],
      ['calibrate', [missing]],
      ['bench', ['--questions', missing]],
      ['bench', ['--answers', missing]],
    ] as const) {
      const run = await runCli(`cli/${entry}`, untouched, [...args]);
      assert.equal(run.code, 1, `${entry}: ${run.stderr}`);
      assertOneLine(run.stderr, new RegExp(`ERROR Question file not found: ${missing}$`, 'u'));
    }
    assert.deepEqual(fs.readdirSync(sandbox), []);
  });

  test('a wrong setting, a missing corpus or a broken question file is one line and exit code 1', async () => {
    const broken = path.join(sandbox, 'broken.jsonl');
    fs.writeFileSync(broken, '{"q": "QLoRA?", "section": 3}\n{"q": \n');
    try {
      const badZone = await runCli('cli/ask', { POTD_TZ: 'Mars/Olympus' }, ['QLoRA?']);
      assert.equal(badZone.code, 1, badZone.stderr);
      assertOneLine(badZone.stderr, /ERROR Invalid settings \(see \.env\.example\): POTD_TZ: unknown IANA time zone "Mars\/Olympus"$/u);
      const noCorpus = await runCli('cli/build-index', untouched);
      assert.equal(noCorpus.code, 1, noCorpus.stderr);
      assertOneLine(noCorpus.stderr, /ERROR Corpus folder not found: /u);
      const notJson = await runCli('cli/eval', untouched, [broken]);
      assert.equal(notJson.code, 1, notJson.stderr);
      assertOneLine(notJson.stderr, /ERROR .*broken\.jsonl:2: not valid JSON\.$/u);
    } finally {
      fs.rmSync(broken);
    }
  });

  test('the one line of a known error; none for a bug, which keeps its stack', () => {
    const config = new ConfigError('Invalid settings (see .env.example):\n  POTD_TZ: unknown\n  LLM_MODEL: required');
    assert.equal(userErrorLine(config), 'Invalid settings (see .env.example): POTD_TZ: unknown; LLM_MODEL: required');
    const missing = Object.assign(new Error('ENOENT: no such file'), { code: 'ENOENT', path: '/x/out.json' });
    assert.equal(userErrorLine(missing), '/x/out.json: no such file or folder (ENOENT).');
    assert.equal(userErrorLine(new TypeError('x is undefined')), undefined);
  });
});

describe('eval', () => {
  test('--questions reads the given file and prints its figures', async () => {
    await ensureSharedIndex(); // which the CLI reads
    const dir = tempDir('paperbot-eval-');
    after(() => fs.rmSync(dir, { recursive: true, force: true }));
    const file = path.join(dir, 'few.jsonl');
    fs.writeFileSync(file, '{"q":"QLoRA 需要多少显存?","section":3,"keys":["48 GB"]}\n{"q":"What is a good banana bread recipe?","section":null}\n');
    const run = await runCli('cli/eval', { LOG_LEVEL: 'warn' }, ['--quiet', '--questions', file]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /few\.jsonl \(retrieval\)\nquestions {8}2 \(1 answerable, 1 off-topic\)\nhit@1 {12}1\.000\n/u);
  });
});
