/** `npm start` as a process: console chat without a token, clean Discord shutdown on SIGTERM, exit 1 on a bad token. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { FakeDiscord } from './support/fake-discord.ts';

const root = path.resolve(import.meta.dirname, '..');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'paperbot-main-'));

interface Run {
  code: Promise<number | null>;
  stdout: () => string;
  stderr: () => string;
  kill(signal: NodeJS.Signals): void;
}

function startMain(env: Record<string, string>, stdin?: string): Run {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'info', DISCORD_TOKEN: '', ...env },
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

async function until(condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
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

  test('with a token it connects, and SIGTERM disconnects cleanly with exit code 0', async () => {
    const fake = await FakeDiscord.start();
    try {
      const run = startMain({ DISCORD_TOKEN: fake.token, DISCORD_API_BASE: fake.apiBase });
      await until(() => /Connected to Discord as paperbot/u.test(run.stderr()));
      run.kill('SIGTERM');
      assert.equal(await run.code, 0);
      assert.match(run.stderr(), /SIGTERM received/u);
      assert.ok(!run.stderr().includes(fake.token));
      await until(() => fake.sessions.length === 0, 2000);
      fake.assertNoUnknownRoutes();
    } finally {
      await fake.close();
    }
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
