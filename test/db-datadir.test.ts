/**
 * A DATA_DIR the bot cannot use stops `npm start` and `npm run feedback` with one line naming the variable and the
 * path, exit code 1, no stack trace. "Unwritable" is tested for real: as root, the processes run as nobody.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { ConfigError, DataDirError, loadConfig } from '../src/config.ts';
import { startBot } from '../src/discord/bot.ts';
import { openStorage } from '../src/storage/storage.ts';
import { FakeDiscord } from './support/fake-discord.ts';
import { ScriptedQa } from './support/fixtures.ts';
import { bundled, ensureSharedIndex, spawnEnv, tempDir } from './support/core.ts';

const root = path.resolve(import.meta.dirname, '..');
const scratch = tempDir('paperbot-datadir-');
fs.chmodSync(scratch, 0o755);
after(() => fs.rmSync(scratch, { recursive: true, force: true }));

/** A path below a regular file: no folder can be created there. */
const uncreatable = path.join(scratch, 'a-file', 'data');
fs.writeFileSync(path.join(scratch, 'a-file'), '');
/** A folder nobody but root may write to. */
const unwritable = path.join(scratch, 'read-only');
fs.mkdirSync(unwritable, { mode: 0o555 });
fs.chmodSync(unwritable, 0o555);
/** Root writes anywhere, so "unwritable" needs an ordinary user. */
const AS_ORDINARY_USER = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};

function run(entry: string, dataDir: string, env: Record<string, string> = {}): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, bundled(entry), {
    cwd: root,
    env: spawnEnv({ DISCORD_TOKEN: '', DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...env }),
    ...AS_ORDINARY_USER,
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stderr })));
}

/** Exactly one line, an error naming DATA_DIR and the path, no stack trace. */
function assertOneLine(stderr: string, dataDir: string): void {
  const lines = stderr.trim().split('\n');
  assert.equal(lines.length, 1, stderr);
  assert.match(lines[0]!, /ERROR DATA_DIR ".*" cannot be used: .*\. Set DATA_DIR/u);
  assert.ok(lines[0]!.includes(`"${dataDir}"`), lines[0]);
}

describe('an unusable DATA_DIR', () => {
  test('is a DataDirError (a ConfigError) naming the variable and the path, before any login', async () => {
    assert.throws(
      () => openStorage(loadConfig({ DATA_DIR: uncreatable })),
      (error: Error) => {
        assert.ok(error instanceof DataDirError && error instanceof ConfigError);
        assert.equal(
          error.message,
          `DATA_DIR "${uncreatable}" cannot be used: part of the path is a file, not a folder (ENOTDIR). Set DATA_DIR (see .env.example) to a folder the bot can write to.`,
        );
        return true;
      },
    );
    const fake = await FakeDiscord.start();
    try {
      const config = loadConfig({ DISCORD_TOKEN: fake.token, DISCORD_API_BASE: fake.apiBase, DATA_DIR: uncreatable });
      await assert.rejects(startBot(config, { qa: new ScriptedQa() }), DataDirError);
      assert.equal(fake.sessions.length, 0);
    } finally {
      await fake.close();
    }
  });

  test('npm run feedback prints the same one line and exits 1, unwritable or uncreatable', async () => {
    for (const dataDir of [unwritable, uncreatable]) {
      const { code, stderr } = await run('cli/feedback', dataDir);
      assert.equal(code, 1, stderr);
      assertOneLine(stderr, dataDir);
    }
    assert.match((await run('cli/feedback', unwritable)).stderr, /permission denied \(EACCES\)/u);
  });

  test('npm start (with a token) stops with the one line and exit code 1', async () => {
    await ensureSharedIndex(); // which the ordinary user reads
    const { code, stderr } = await run('main', unwritable, { DISCORD_TOKEN: 'token-that-is-never-used.0123456789' });
    assert.equal(code, 1, stderr);
    assertOneLine(stderr, unwritable);
  });
});
