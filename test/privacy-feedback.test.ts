/**
 * Privacy by design: nothing stored identifies a member (no mentions, no ids, votes as an HMAC whose key is not in
 * the database), old answers are pruned, and `npm run feedback` prints only counts and cleaned question text.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { ConfigError, loadConfig } from '../src/config.ts';
import { startBot } from '../src/discord/bot.ts';
import { setLogLevel } from '../src/log.ts';
import { migrate, openDatabase } from '../src/storage/database.ts';
import { redactMentions } from '../src/storage/privacy.ts';
import { openStorage } from '../src/storage/storage.ts';
import { FakeDiscord, type RecordedCall } from './support/fake-discord.ts';
import { ScriptedQa } from './support/fixtures.ts';
import { bundled, spawnEnv, tempDir } from './support/core.ts';

setLogLevel('error');

const root = path.resolve(import.meta.dirname, '..');
const dirs: string[] = [];
function freshDir(): string {
  const dir = tempDir('paperbot-privacy-');
  dirs.push(dir);
  return dir;
}
after(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

const DAY_MS = 24 * 60 * 60 * 1000;
const USER = '234567890123456789';

/** Every row of every table of the database under `dir`, as text. */
function everyRow(dir: string): string {
  const db = new Database(path.join(dir, 'paperbot.sqlite'), { readonly: true });
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
  const text = tables.map(({ name }) => JSON.stringify(db.prepare(`SELECT * FROM "${name}"`).all())).join('\n');
  db.close();
  return text;
}

describe('stored question text', () => {
  test('loses user, role and channel mentions and bare Discord ids', () => {
    assert.equal(
      redactMentions(`<@${USER}> <@!${USER}> asked <@&345678901234567890> in <#456789012345678901> about ${USER}: QLoRA 2305.14314?`),
      '@user @user asked @role in #channel about [id]: QLoRA 2305.14314?',
    );
  });
});

describe('the feedback key', () => {
  test('is created once in DATA_DIR/feedback.key (mode 0600), outside the database, and keys the vote hashes', async () => {
    const dir = freshDir();
    const storage = openStorage(loadConfig({ DATA_DIR: dir }));
    const keyFile = path.join(dir, 'feedback.key');
    assert.equal(fs.statSync(keyFile).mode & 0o777, 0o600);
    const key = fs.readFileSync(keyFile, 'utf8').trim();
    assert.match(key, /^[0-9a-f]{64}$/u);
    const expected = createHmac('sha256', key).update(USER).digest('hex');
    assert.equal(storage.feedback.hashUser(USER), expected);
    storage.feedback.vote(storage.feedback.recordAnswer('QLoRA?', []), USER, 'up');
    await storage.close();

    assert.ok(everyRow(dir).includes(expected), 'the vote is stored under the HMAC');
    const files = fs.readdirSync(dir).filter((name) => name.startsWith('paperbot.sqlite'));
    for (const name of files) assert.ok(!fs.readFileSync(path.join(dir, name)).includes(key), `the key is not in ${name}`);

    const reopened = openStorage(loadConfig({ DATA_DIR: dir }));
    assert.equal(reopened.feedback.hashUser(USER), expected, 'the same key after a restart');
    await reopened.close();
    const elsewhere = openStorage(loadConfig({ DATA_DIR: freshDir() }));
    assert.notEqual(elsewhere.feedback.hashUser(USER), expected, 'another deployment, another key');
    await elsewhere.close();
  });

  test('FEEDBACK_HASH_KEY, when set, is used instead and no key file is written', async () => {
    const dir = freshDir();
    const envKey = 'a-key-kept-in-a-secret-store-0123456789';
    const storage = openStorage(loadConfig({ DATA_DIR: dir, FEEDBACK_HASH_KEY: envKey }));
    assert.equal(storage.feedback.hashUser(USER), createHmac('sha256', envKey).update(USER).digest('hex'));
    assert.ok(!fs.existsSync(path.join(dir, 'feedback.key')));
    await storage.close();
    assert.throws(() => loadConfig({ FEEDBACK_HASH_KEY: 'short' }), /FEEDBACK_HASH_KEY: must be at least 32 characters/u);
  });

  test('a damaged key file stops start-up with a message naming it', () => {
    const dir = freshDir();
    fs.writeFileSync(path.join(dir, 'feedback.key'), 'abc\n');
    assert.throws(
      () => openStorage(loadConfig({ DATA_DIR: dir })),
      (error: Error) => {
        assert.ok(error instanceof ConfigError);
        assert.match(error.message, /feedback key file .*feedback\.key is damaged/u);
        return true;
      },
    );
  });
});

describe('retention', () => {
  test('FEEDBACK_RETENTION_DAYS defaults to 90 and CONVERSATION_TTL_DAYS to 7; both must be positive whole days', () => {
    const config = loadConfig({});
    assert.deepEqual([config.feedback.retentionDays, config.conversations.ttlDays], [90, 7]);
    assert.throws(() => loadConfig({ FEEDBACK_RETENTION_DAYS: '0' }), /FEEDBACK_RETENTION_DAYS/u);
    assert.throws(() => loadConfig({ CONVERSATION_TTL_DAYS: '1.5' }), /CONVERSATION_TTL_DAYS/u);
  });

  test('answers and votes older than FEEDBACK_RETENTION_DAYS are pruned at start-up', async () => {
    const dir = freshDir();
    const config = loadConfig({ DATA_DIR: dir, FEEDBACK_RETENTION_DAYS: '30' });
    const first = openStorage(config);
    const now = Date.now();
    const old = first.feedback.recordAnswer('旧问题', [], new Date(now - 31 * DAY_MS));
    const recent = first.feedback.recordAnswer('新问题', [], new Date(now - 29 * DAY_MS));
    first.feedback.vote(old, 'a', 'down', new Date(now - 31 * DAY_MS));
    first.feedback.vote(recent, 'a', 'up');
    await first.close();

    const second = openStorage(config);
    await second.close();
    const db = openDatabase(dir);
    assert.deepEqual(db.prepare('SELECT question FROM feedback_answers').all(), [{ question: '新问题' }]);
    assert.deepEqual(db.prepare('SELECT answer_id FROM feedback_votes').all(), [{ answer_id: recent }]);
    db.close();
    const third = openStorage(config);
    assert.equal(third.feedback.vote(old, 'b', 'up'), false, 'a pruned answer takes no more votes');
    await third.close();
  });

  test('a database written by an earlier version loses its mentions and its salt', async () => {
    const dir = freshDir();
    const db = openDatabase(dir);
    migrate(
      db,
      'feedback-1',
      `CREATE TABLE feedback_settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
       CREATE TABLE feedback_answers (id TEXT PRIMARY KEY, question TEXT NOT NULL, citations_json TEXT NOT NULL, created_at TEXT NOT NULL);
       CREATE TABLE feedback_votes (answer_id TEXT NOT NULL REFERENCES feedback_answers(id) ON DELETE CASCADE, user_hash TEXT NOT NULL,
         vote TEXT NOT NULL CHECK (vote IN ('up', 'down')), voted_at TEXT NOT NULL, PRIMARY KEY (answer_id, user_hash));
       INSERT INTO feedback_settings VALUES ('user_salt', 'salt-that-maps-votes-back');`,
    );
    db.prepare('INSERT INTO feedback_answers VALUES (?, ?, ?, ?)').run('a1', `<@${USER}> QLoRA 是什么？`, '[]', new Date().toISOString());
    db.close();
    const storage = openStorage(loadConfig({ DATA_DIR: dir }));
    await storage.close();
    const rows = everyRow(dir);
    assert.ok(!rows.includes(USER) && !rows.includes('salt-that-maps-votes-back'), rows);
    assert.ok(rows.includes('@user QLoRA 是什么？'));
  });
});

describe('end to end', () => {
  test('/ask with mentions, a vote and a follow-up leave no user id or mention in any row; npm run feedback shows none', async () => {
    const fake = await FakeDiscord.start();
    const dir = freshDir();
    const general = fake.channel('general').id;
    const asker = fake.user('asker');
    const voter = fake.user('voter');
    const bot = await startBot(loadConfig({ DISCORD_TOKEN: fake.token, DISCORD_API_BASE: fake.apiBase, DATA_DIR: dir, LOG_LEVEL: 'error' }), {
      qa: new ScriptedQa(),
    });
    try {
      const question = `<@${USER}> <@&345678901234567890> 在 <#${general}> 问：QLoRA 是什么？`;
      const slash = fake.sendSlashCommand({ name: 'ask', user: asker, options: [{ name: 'question', type: 3, value: question }] });
      const answer = await slash.editedOriginal();
      const down = answer.body.components[0].components[1].custom_id as string;
      await fake.sendButton({ customId: down, messageId: answer.response.id, user: voter }).callback();
      const isReply = (call: RecordedCall) => call.method === 'POST' && call.path === `/channels/${general}/messages`;
      const followUp = fake.sendMessage({
        channelId: general,
        author: asker,
        content: '那显存呢？',
        replyTo: { messageId: answer.response.id, channelId: general },
      });
      await fake.waitForCall(isReply, { since: followUp.since });
    } finally {
      await bot.stop();
      await fake.close();
    }

    const rows = everyRow(dir);
    for (const id of [USER, '345678901234567890', general, asker.id, voter.id]) assert.ok(!rows.includes(id), `${id} is stored`);
    assert.doesNotMatch(rows, /<[@#]/u);
    assert.match(rows, /@user @role 在 #channel 问：QLoRA 是什么？/u, 'the question is kept, cleaned');

    for (const args of [[], ['--json']]) {
      const output = await runFeedbackCli(dir, args);
      assert.equal(output.code, 0, output.stderr);
      assert.match(output.stdout, /@user @role 在 #channel 问：QLoRA 是什么？/u);
      assert.doesNotMatch(output.stdout, /\d{17,20}|<[@#]|[0-9a-f]{64}/u);
    }
  });
});

function runFeedbackCli(dataDir: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [...bundled('cli/feedback'), ...args], {
    cwd: root,
    env: spawnEnv({ DATA_DIR: dataDir, LOG_LEVEL: 'warn' }),
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}
