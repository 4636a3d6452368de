/**
 * `npm start` as a process: console chat without a token, an answer on Discord from the bundle's answering worker and
 * a clean shutdown on SIGTERM, exit 1 on a bad token or an unreachable Discord. A logged resume after a dropped
 * connection and exit code 104 when Discord closes it for good are shown by the same process as a shard, in
 * sharding.test.ts.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { FakeDiscord } from './support/fake-discord.ts';
import { bundled, tempDir, spawnEnv, until } from './support/core.ts';

const root = path.resolve(import.meta.dirname, '..');
const dataDir = tempDir('paperbot-main-');

interface Run {
  code: Promise<number | null>;
  stdout: () => string;
  stderr: () => string;
  kill(signal: NodeJS.Signals): void;
}

function startMain(env: Record<string, string>, stdin?: string): Run {
  const child = spawn(process.execPath, bundled('main'), {
    cwd: root,
    env: spawnEnv({ DATA_DIR: dataDir, LOG_LEVEL: 'info', DISCORD_TOKEN: '', ...env }),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  if (stdin !== undefined) child.stdin.end(stdin);
  return {
    code: new Promise((resolve) => child.on('exit', (code) => resolve(code))),
    stdout: () => stdout,
    stderr: () => stderr,
    kill: (signal) => child.kill(signal),
  };
}

describe('src/main.ts', () => {
  after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  test('without a token it chats on the console, line by line until EOF, with sources and follow-ups', async () => {
    const run = startMain({}, 'QLoRA 是什么？\n那它需要多少显存?\n');
    assert.equal(await run.code, 0);
    const output = run.stdout();
    assert.equal(output.match(/来源:\n\[1\] §3 /gu)?.length, 2, output);
    // The follow-up only finds the memory figure with the QLoRA question as context.
    assert.match(output, /48 ?GB/u);
    assert.match(run.stderr(), /DISCORD_TOKEN.*npm run deploy-commands/u);
  });

  test('with a token it connects, answers on Discord through its worker, and SIGTERM disconnects cleanly with exit code 0', async () => {
    const fake = await FakeDiscord.start();
    try {
      const run = startMain({ DISCORD_TOKEN: fake.token, DISCORD_API_BASE: fake.apiBase });
      await until(() => /Connected to Discord as paperbot/u.test(run.stderr()), 'the connection');
      // The answering worker of the bundle (dist/workers/qa-worker.mjs), on the real model and the shared index.
      const general = fake.channel('general').id;
      const sent = fake.sendMessage({ channelId: general, content: `<@${fake.botUser.id}> QLoRA 是什么？`, mentionBot: true });
      const reply = await fake.waitForCall((call) => call.method === 'POST' && call.path === `/channels/${general}/messages`, {
        since: sent.since,
      });
      assert.match(reply.body.content, /QLoRA/u);
      assert.match(reply.body.embeds[0].fields[0].name, /§3/u);
      run.kill('SIGTERM');
      assert.equal(await run.code, 0);
      assert.match(run.stderr(), /SIGTERM received/u);
      assert.ok(!run.stderr().includes(fake.token));
      await until(() => fake.sessions.length === 0, 'the session to close');
      fake.assertNoUnknownRoutes();
    } finally {
      await fake.close();
    }
  });

  test('an unreachable DISCORD_API_BASE exits with code 1 and one line naming the URL', async () => {
    const run = startMain({ DISCORD_TOKEN: 'some-token.abcdefghijklmnopqrstuvwxyz', DISCORD_API_BASE: 'http://127.0.0.1:1/api' });
    assert.equal(await run.code, 1);
    const lines = run.stderr().trimEnd().split('\n');
    assert.match(
      lines.at(-1)!,
      /ERROR Cannot reach Discord at http:\/\/127\.0\.0\.1:1\/api \(ECONNREFUSED\)\. Check DISCORD_API_BASE and the network\.$/u,
    );
    assert.ok(!/\n\s+at /u.test(run.stderr()), run.stderr());
  });

  test("the gateway's bundle imports none of the answering code's native and model packages before it needs them", () => {
    // Static imports only, followed through the bundle's chunks: the answering worker and the console chat load the
    // rest on demand (dynamic import), so the Discord thread starts without the model, the index or jieba.
    const reached = new Set<string>();
    const packages = new Set<string>();
    const visit = (file: string) => {
      if (reached.has(file)) return;
      reached.add(file);
      for (const [, specifier] of fs.readFileSync(file, 'utf8').matchAll(/^import\s+(?:[^'"]*?\s+from\s+)?["']([^"']+)["']/gmu)) {
        if (specifier!.startsWith('.')) visit(path.resolve(path.dirname(file), specifier!));
        else packages.add(specifier!);
      }
    };
    visit(bundled('main')[0]!);
    const heavy = [...packages].filter((name) => /jieba|onnxruntime|hnswlib|@xenova\/transformers/u.test(name));
    assert.deepEqual(heavy, [], `reached from dist/main.mjs: ${heavy.join(', ')}`);
    assert.ok(reached.size > 1, 'the walk follows the static imports into the chunks');
  });

  test('a wrong token exits with code 1 and one clear line, without the token or a stack trace', async () => {
    const fake = await FakeDiscord.start();
    try {
      const wrong = 'wrong-token.abcdefghijklmnopqrstuvwxyz';
      const run = startMain({ DISCORD_TOKEN: wrong, DISCORD_API_BASE: fake.apiBase });
      assert.equal(await run.code, 1);
      assert.match(run.stderr(), /ERROR Discord rejected DISCORD_TOKEN/u);
      assert.ok(!run.stderr().includes(wrong));
      assert.ok(!/\n\s+at /u.test(run.stderr()), run.stderr());
    } finally {
      await fake.close();
    }
  });
});
