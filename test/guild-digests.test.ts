/**
 * A server's own digests, below Discord: reading an attachment, deciding a change, the store on disk (a build that
 * dies leaves the previous generation served, a dead holder's lock is taken over, two stores on one DATA_DIR as two
 * shards), and answering within a server's scope with the real model: a digest added in one server answers there and
 * nowhere else, is swapped in for the next question while one under way keeps its context, and is removed without a
 * full rebuild.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { answerQuestion } from '../src/answer/pipeline.ts';
import { decideChange, uniqueName, type ChangeRules } from '../src/guild-digests/changes.ts';
import { downloadAttachment } from '../src/guild-digests/download.ts';
import { mayManageDigests } from '../src/guild-digests/permission.ts';
import { GuildScopes } from '../src/guild-digests/scopes.ts';
import { BuildLock, GuildDigestStore, type GuildDigest } from '../src/guild-digests/store.ts';
import { MAX_UPLOAD_BYTES, readUpload } from '../src/guild-digests/upload.ts';
import type { LocalQaService } from '../src/qa.ts';
import type { IndexManifest } from '../src/retrieval/index-store.ts';
import { Lexicon } from '../src/retrieval/lexicon.ts';
import type { PaperProfile } from '../src/types.ts';
import { bundled, PATIENCE_MS, ROOT, spawnEnv, tempDir, testConfig } from './support/core.ts';
import { bundledScript } from './support/test-bundles.ts';

const NOTES_FILE = path.join(ROOT, 'test/fixtures/guild-digests/sequence-models.md');
const NOTES_TITLE = 'Sequence models after attention';
const notes = () => fs.readFileSync(NOTES_FILE);
const GUILD_A = '111111111111111111';
/** A process that starts adding a digest and is killed while indexing it (its build never ends on its own). */
const KILLED_BUILD = `
import fs from 'node:fs';
import path from 'node:path';
import { GuildDigestStore } from ${JSON.stringify(path.join(ROOT, 'src/guild-digests/store.ts'))};

const store = new GuildDigestStore(process.env.DATA_DIR);
const half = { name: 'half', file: 'half.md', title: 'Half', language: 'en', papers: ['Half'], passages: 1, addedAt: new Date().toISOString() };
await store.change(
  process.env.GUILD,
  (digests, staging) => {
    staging.write('half.md', Buffer.from('## Half\\n\\nA paper.\\n'));
    return { digests: [...digests, half] };
  },
  async ({ indexDir }) => {
    fs.mkdirSync(indexDir, { recursive: true });
    fs.writeFileSync(path.join(indexDir, 'partial'), 'half an index');
    process.stdout.write('building\\n');
    setInterval(() => {}, 1000);
    await new Promise(() => {});
  },
);
`;
const GUILD_B = '222222222222222222';

describe('reading an attachment', () => {
  it('previews a Markdown digest: its title, language and papers', () => {
    const read = readUpload('sequence-models.md', notes());
    assert.ok(read.ok);
    assert.deepEqual(
      { ...read.preview },
      {
        fileName: 'sequence-models.md',
        title: NOTES_TITLE,
        language: 'en',
        papers: [
          'Mamba: Linear-Time Sequence Modeling with Selective State Spaces',
          'RWKV: Reinventing RNNs for the Transformer Era',
          'Retentive Network: A Successor to Transformer for Large Language Models',
        ],
        passages: read.preview.passages,
      },
    );
    const titled = readUpload('Notes.MARKDOWN', notes(), '  Our title ');
    assert.ok(titled.ok);
    assert.deepEqual([titled.preview.fileName, titled.preview.title], ['Notes.md', 'Our title']);
  });

  it('says why a file is no digest', () => {
    const problem = (name: string, bytes: Buffer) => {
      const read = readUpload(name, bytes);
      return read.ok ? 'read' : read.problem;
    };
    assert.equal(problem('paper.pdf', Buffer.from('%PDF-1.7')), 'not-text-format');
    assert.equal(problem('notes.docx', Buffer.from('PK')), 'not-text-format');
    assert.equal(problem('figure.png', Buffer.from([0x89, 0x50])), 'not-text-format');
    assert.equal(problem('big.md', Buffer.alloc(MAX_UPLOAD_BYTES + 1, 'a')), 'too-large');
    assert.equal(problem('latin1.txt', Buffer.from([0x31, 0x29, 0x20, 0xe9, 0x74, 0xe9])), 'not-utf8');
    assert.equal(problem('nul.md', Buffer.from('# a\0b')), 'binary');
    assert.equal(problem('blank.md', Buffer.from('  \n')), 'empty');
    assert.equal(problem('prose.md', Buffer.from('Just a paragraph about nothing in particular.\n\nAnd another one.\n')), 'no-papers');
  });
});

describe('deciding a change', () => {
  const rules: ChangeRules = { limit: 2, globalNames: new Set(['sequence-models-after-attention']), now: new Date('2026-12-01T00:00:00Z') };
  const add = (title?: string, replace?: boolean) => ({
    kind: 'add' as const,
    fileName: 'notes.md',
    bytes: notes(),
    ...(title ? { title } : {}),
    replace,
  });
  const listed = (decided: ReturnType<typeof decideChange>) => ('refused' in decided ? assert.fail(JSON.stringify(decided.refused)) : decided);

  it('adds a digest under a name no global digest has, without anything about who added it', () => {
    const { digests, file, digest } = listed(decideChange([], add(), rules));
    assert.equal(digest?.name, 'sequence-models-after-attention-2');
    assert.equal(file?.name, 'sequence-models-after-attention-2.md');
    assert.deepEqual(Object.keys(digests[0]!).sort(), ['addedAt', 'file', 'language', 'name', 'papers', 'passages', 'title']);
  });

  it('refuses a title already used unless the member confirmed replacing it, and a server at its limit', () => {
    const one = listed(decideChange([], add(), rules)).digests;
    assert.deepEqual(decideChange(one, add(' sequence MODELS after attention'), rules), { refused: { reason: 'title-taken', title: NOTES_TITLE } });
    const replaced = listed(decideChange(one, add(NOTES_TITLE, true), rules)).digests;
    assert.equal(replaced.length, 1);
    const two = listed(decideChange(one, add('Second'), rules)).digests;
    assert.deepEqual(decideChange(two, add('Third'), rules), { refused: { reason: 'limit', limit: 2 } });
    // Replacing at the limit is no new digest.
    assert.equal(listed(decideChange(two, add('Second', true), rules)).digests.length, 2);
    assert.deepEqual(decideChange(two, { kind: 'remove', name: 'nope' }, rules), { refused: { reason: 'not-found' } });
    assert.deepEqual(
      listed(decideChange(two, { kind: 'remove', name: 'second' }, rules)).digests.map((d) => d.title),
      [NOTES_TITLE],
    );
  });

  it('names a digest from its title, file-safe', () => {
    assert.equal(uniqueName('论文笔记', new Set()), 'digest');
    assert.equal(uniqueName('Week 3: "LoRA" & friends!', new Set(['week-3-lora-friends'])), 'week-3-lora-friends-2');
  });

  it('lets members with Manage Server or the chosen role manage digests', () => {
    assert.equal(mayManageDigests({ managesServer: true, roleIds: [] }, undefined), true);
    assert.equal(mayManageDigests({ managesServer: false, roleIds: ['9'] }, undefined), false);
    assert.equal(mayManageDigests({ managesServer: false, roleIds: ['9'] }, '9'), true);
    assert.equal(mayManageDigests({ managesServer: false, roleIds: ['8'] }, '9'), false);
  });
});

/** A build standing in for the index: writes a marker into the staged index folder and returns one paper per digest. */
const fakeBuild = async ({ indexDir, digests }: { indexDir: string; digests: GuildDigest[] }) => {
  fs.mkdirSync(indexDir, { recursive: true });
  fs.writeFileSync(path.join(indexDir, 'built'), digests.map((d) => d.name).join(','));
  return digests.map((d, i) => ({ digest: d.name, section: i + 1 }) as PaperProfile);
};
const addTitled = (title: string) => (digests: GuildDigest[], staging: { write(file: string, bytes: Buffer): void }) => {
  const decided = decideChange(
    digests,
    { kind: 'add', fileName: 'n.md', bytes: notes(), title },
    { limit: 50, globalNames: new Set(), now: new Date() },
  );
  if ('refused' in decided) return { refused: decided.refused };
  staging.write(decided.file!.name, decided.file!.bytes);
  return { digests: decided.digests };
};

describe('the guild digest store', () => {
  it('keeps serving the previous generation when a build dies before it is swapped in, and cleans up after it', async () => {
    const dataDir = tempDir('paperbot-data-');
    const store = new GuildDigestStore(dataDir);
    await store.change(GUILD_A, addTitled('First'), fakeBuild);
    const failing = async (staged: Parameters<typeof fakeBuild>[0]) => {
      await fakeBuild(staged);
      throw new Error('killed mid-build');
    };
    await assert.rejects(store.change(GUILD_A, addTitled('Second'), failing), /killed mid-build/u);
    // A second process reading the same DATA_DIR sees what was served before.
    const reader = new GuildDigestStore(dataDir);
    assert.deepEqual(
      reader.list(GUILD_A).map((d) => d.title),
      ['First'],
    );
    assert.equal(reader.papers(GUILD_A).length, 1);
    assert.equal(fs.readFileSync(path.join(reader.current(GUILD_A)!.dir, 'index', 'built'), 'utf8'), 'first');
    assert.equal(fs.existsSync(path.join(dataDir, 'guilds', GUILD_A, 'build.lock')), false);
  });

  it('keeps serving the previous generation when the process building one is killed, and takes over its lock', async () => {
    const dataDir = tempDir('paperbot-data-');
    const store = new GuildDigestStore(dataDir);
    await store.change(GUILD_A, addTitled('First'), fakeBuild);
    const script = await bundledScript('guild-digests-killed-build', KILLED_BUILD);
    const child = spawn(process.execPath, [script], { env: { ...process.env, NODE_TEST_CONTEXT: undefined, DATA_DIR: dataDir, GUILD: GUILD_A } });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('building') && resolve());
      child.once('exit', (code) => reject(new Error(`the building process exited (${code}) before it was killed`)));
    });
    // Mid-build, readers (another shard) see the generation served before it.
    assert.deepEqual(
      new GuildDigestStore(dataDir).list(GUILD_A).map((d) => d.title),
      ['First'],
    );
    child.kill('SIGKILL');
    await exited;
    const guildDir = path.join(dataDir, 'guilds', GUILD_A);
    assert.ok(fs.existsSync(path.join(guildDir, 'build.lock')), 'the killed process left its lock');
    assert.ok(
      fs.readdirSync(guildDir).some((name) => name.startsWith('.staging')),
      'and its half-built generation',
    );
    const reader = new GuildDigestStore(dataDir);
    assert.deepEqual(
      reader.list(GUILD_A).map((d) => d.title),
      ['First'],
    );
    assert.equal(fs.readFileSync(path.join(reader.current(GUILD_A)!.dir, 'index', 'built'), 'utf8'), 'first');
    // The next change takes over the dead process's lock and clears what it left.
    await reader.change(GUILD_A, addTitled('Second'), fakeBuild);
    assert.deepEqual(
      reader.list(GUILD_A).map((d) => d.title),
      ['First', 'Second'],
    );
    assert.deepEqual(
      fs.readdirSync(guildDir).filter((name) => name.startsWith('.staging')),
      [],
    );
  });

  it('waits for a live holder of the lock', async () => {
    const file = path.join(tempDir(), 'build.lock');
    const held = await BuildLock.acquire(file);
    let second = false;
    const waiting = BuildLock.acquire(file, 10).then((lock) => {
      second = true;
      return lock;
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(second, false);
    held.release();
    (await waiting).release();
    assert.equal(fs.existsSync(file), false);
  });

  it('adds both of two digests added at once through two stores on one DATA_DIR (two shards)', async () => {
    const dataDir = tempDir('paperbot-data-');
    const [one, two] = [new GuildDigestStore(dataDir), new GuildDigestStore(dataDir)];
    await Promise.all([one.change(GUILD_A, addTitled('From shard one'), fakeBuild), two.change(GUILD_A, addTitled('From shard two'), fakeBuild)]);
    assert.deepEqual(
      one
        .list(GUILD_A)
        .map((d) => d.title)
        .sort(),
      ['From shard one', 'From shard two'],
    );
    assert.deepEqual(two.papers(GUILD_A).length, 2);
    assert.deepEqual(one.list(GUILD_B), []);
  });
});

describe('downloading an attachment', () => {
  let base: string;
  before(async () => {
    const http = await import('node:http');
    const server = http.createServer((req, res) => {
      if (req.url === '/ok') res.end('## 1) A paper\n');
      else if (req.url === '/big') res.end(Buffer.alloc(2048, 'a'));
      else if (req.url === '/lying') {
        // Declares nothing and streams more than allowed.
        res.writeHead(200, { 'transfer-encoding': 'chunked' });
        for (let i = 0; i < 4; i++) res.write(Buffer.alloc(512, 'b'));
        res.end();
      } else if (req.url === '/hang') res.writeHead(200).flushHeaders();
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    server.unref();
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  // Only the hanging download is meant to run out of time: the others get all the patience a busy machine needs.
  const get = (route: string, timeoutMs = PATIENCE_MS) => downloadAttachment(`${base}${route}`, { maxBytes: 1024, timeoutMs });

  it('reads a file, and refuses one too large (declared or not), missing or hanging', async () => {
    const ok = await get('/ok');
    assert.ok(ok.ok && ok.bytes.toString() === '## 1) A paper\n');
    assert.deepEqual(await get('/big'), { ok: false, problem: 'too-large' });
    assert.deepEqual(await get('/lying'), { ok: false, problem: 'too-large' });
    assert.deepEqual(await get('/missing'), { ok: false, problem: 'failed' });
    assert.deepEqual(await get('/hang', 300), { ok: false, problem: 'timeout' });
  });
});

describe('answering within a server scope', () => {
  let qa: LocalQaService;
  let config: ReturnType<typeof testConfig>;

  before(async () => {
    config = testConfig();
    const { createQaService } = await import('../src/qa.ts');
    qa = await createQaService(config);
  });

  /** The global scope as an answering thread holds it, for scopes made here (another shard's, a fresh start). */
  const globalScope = () => ({ corpus: qa.corpus, context: qa.context, embeddings: qa.embeddings, lexicon: Lexicon.load(config.lexiconFile) });

  const citedDigests = async (question: string, guildId?: string) =>
    new Set((await qa.ask(question, guildId ? { guildId } : {})).citations.map((citation) => citation.digest));

  it('answers from a digest added in one server there, live, and nowhere else', async () => {
    const question = 'How much higher is the inference throughput of Mamba than that of Transformers?';
    const before = await qa.ask(question, { guildId: GUILD_A });
    assert.equal(before.answered, false);
    const added = await qa.changeDigests(GUILD_A, { kind: 'add', fileName: 'sequence-models.md', bytes: notes() });
    assert.ok(added.ok);
    const name = added.digest!.name;
    const answer = await qa.ask(question, { guildId: GUILD_A });
    assert.equal(answer.answered, true);
    assert.equal(answer.citations[0]?.digest, name);
    assert.match(answer.answer, /five times higher/u);
    // Elsewhere: another server, and the global scope (the console, npm run ask).
    for (const where of [GUILD_B, undefined]) {
      const other = await qa.ask(question, where ? { guildId: where } : {});
      assert.equal(other.answered, false, `answered in ${where ?? 'the global scope'}`);
      assert.ok(!(await citedDigests('What does RetNet replace attention with?', where)).has(name));
    }
    const catalogue = async (guildId?: string) => (await qa.ask('What are all the papers?', guildId ? { guildId } : {})).answer;
    assert.match(await catalogue(GUILD_A), /Mamba/u);
    assert.doesNotMatch(await catalogue(GUILD_B), /Mamba|Sequence models/u);
    assert.doesNotMatch(await catalogue(), /Mamba|Sequence models/u);
    const store = new GuildDigestStore(config.dataDir);
    assert.deepEqual(
      store.papers(GUILD_A).map((paper) => paper.arxivId),
      ['2312.00752', '2305.13048', '2307.08621'],
    );
    assert.deepEqual(store.papers(GUILD_B), []);
  });

  it('builds only the new passages, starting from the global index, and another process (shard) loads it without building', async () => {
    const store = new GuildDigestStore(config.dataDir);
    const manifest = JSON.parse(fs.readFileSync(path.join(store.current(GUILD_A)!.dir, 'index/store/manifest.json'), 'utf8')) as IndexManifest;
    assert.equal(manifest.passageCount, qa.index.manifest.passageCount + store.list(GUILD_A)[0]!.passages);
    assert.ok(manifest.reused >= qa.index.manifest.reused + qa.index.manifest.embedded, `reused ${manifest.reused}`);
    assert.ok(manifest.embedded > 0);
    const before = fs.statSync(path.join(store.current(GUILD_A)!.dir, 'index/store/manifest.json')).mtimeMs;
    const shard = new GuildScopes(config, globalScope());
    const context = await shard.contextFor(GUILD_A);
    const answer = await answerQuestion(context, 'What does RetNet replace attention with?');
    assert.equal(answer.citations[0]?.digest, store.list(GUILD_A)[0]!.name);
    assert.equal(fs.statSync(path.join(store.current(GUILD_A)!.dir, 'index/store/manifest.json')).mtimeMs, before);
  });

  it('answers as in one server from the command line with --guild, and as nowhere in particular without it', () => {
    const ask = (...args: string[]) => {
      const run = spawnSync(process.execPath, [...bundled('cli/ask'), '--json', ...args, 'What does RetNet replace attention with?'], {
        env: spawnEnv({ DATA_DIR: config.dataDir, LOG_LEVEL: 'error' }),
        encoding: 'utf8',
      });
      assert.equal(run.status, 0, run.stderr);
      return JSON.parse(run.stdout) as { answered: boolean; citations: { digest: string }[] };
    };
    const name = new GuildDigestStore(config.dataDir).list(GUILD_A)[0]!.name;
    assert.equal(ask('--guild', GUILD_A).citations[0]?.digest, name);
    assert.ok(!ask().citations.some((citation) => citation.digest === name));
    const wrong = spawnSync(process.execPath, [...bundled('cli/ask'), '--guild', 'general', 'What is RetNet?'], {
      env: spawnEnv(),
      encoding: 'utf8',
    });
    assert.equal(wrong.status, 2);
    assert.match(wrong.stderr, /--guild takes a Discord server id/u);
  });

  it("indexes a server's digests again when its index cannot be used (damaged, or the global digests changed)", async () => {
    const store = new GuildDigestStore(config.dataDir);
    const damaged = store.current(GUILD_A)!;
    const manifestOf = (dir: string) => JSON.parse(fs.readFileSync(path.join(dir, 'index/store/manifest.json'), 'utf8')) as IndexManifest;
    const embeddedFirst = manifestOf(damaged.dir).embedded;
    fs.appendFileSync(path.join(damaged.dir, 'index/store/passages/vectors.bin'), 'damage');
    const scopes = new GuildScopes(config, globalScope());
    const context = await scopes.contextFor(GUILD_A);
    assert.equal(store.currentNumber(GUILD_A), damaged.number + 1);
    assert.deepEqual(store.list(GUILD_A), damaged.digests);
    // Started from the global index: only the server's own texts were embedded again, as when the digest was added.
    assert.equal(manifestOf(store.current(GUILD_A)!.dir).embedded, embeddedFirst);
    assert.equal((await answerQuestion(context, 'What does RetNet replace attention with?')).citations[0]?.digest, damaged.digests[0]!.name);
  });

  it('swaps a change in for the next question while one under way finishes on its own context', async () => {
    const scopes = new GuildScopes(config, globalScope());
    const underWay = await scopes.contextFor(GUILD_A);
    const name = new GuildDigestStore(config.dataDir).list(GUILD_A)[0]!.name;
    const removed = await qa.changeDigests(GUILD_A, { kind: 'remove', name });
    assert.deepEqual(removed, { ok: true, digests: [] });
    const next = await scopes.contextFor(GUILD_A);
    assert.notEqual(next, underWay);
    assert.equal(next, qa.context);
    const question = 'How much higher is the inference throughput of Mamba than that of Transformers?';
    assert.equal((await answerQuestion(underWay, question)).citations[0]?.digest, name);
    assert.equal((await qa.ask(question, { guildId: GUILD_A })).answered, false);
  });

  it('removes a digest without a full rebuild when others stay', async () => {
    const add = (title: string) => qa.changeDigests(GUILD_B, { kind: 'add', fileName: 'n.md', bytes: notes(), title });
    assert.ok((await add('Keep')).ok);
    assert.ok((await add('Drop')).ok);
    const store = new GuildDigestStore(config.dataDir);
    const dropped = store.list(GUILD_B).find((d) => d.title === 'Drop')!;
    assert.ok((await qa.changeDigests(GUILD_B, { kind: 'remove', name: dropped.name })).ok);
    const manifest = JSON.parse(fs.readFileSync(path.join(store.current(GUILD_B)!.dir, 'index/store/manifest.json'), 'utf8')) as IndexManifest;
    assert.equal(manifest.embedded, 0);
    assert.ok(manifest.stores.passages.updated, 'the graph was updated in place');
    assert.ok(manifest.stores.passages.deleted > 0, 'the removed passages were marked deleted');
    assert.deepEqual(
      store.list(GUILD_B).map((d) => d.title),
      ['Keep'],
    );
  });
});
