/**
 * One paper identity (digest + section) end to end. Section numbers restart in every digest, so with two digests a
 * follow-up to an answer from other-digest §2 must stay in other-digest, not slide to the first digest's §2; stored
 * turns and paper-of-the-day rows from before the change keep working.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { nextTurn } from '../src/answer/conversation.ts';
import { digestOfKey, paperKey, paperOfPassage, passageId, samePaper } from '../src/corpus/paper-ref.ts';
import { ConversationMemory } from '../src/storage/conversations.ts';
import { findPaper } from '../src/papers/lookup.ts';
import { preparePotdTables, slotPosts } from '../src/potd/store.ts';
import { createQaService, type LocalQaService } from '../src/qa.ts';
import { migrate, openDatabase } from '../src/storage/database.ts';
import { WriteQueue } from '../src/storage/write-queue.ts';
import { tempDir, testConfig } from './support/core.ts';

/** Sorts first, so a section number without its digest would land here. */
const FIRST_DIGEST = [
  'AI 论文摘要',
  '1)Llama 2:开放基础和精细调整的聊天模型',
  'Llama 2 是 Meta 发布的开放大语言模型,参数规模从 70 亿到 700 亿不等。',
  '2)QLoRA:量化 LLM 的有效微调',
  'QLoRA 把 4 位量化与低秩适配器结合起来,用来微调大模型。',
  '最大的模型有 650 亿个参数,可以在单个 48 GB GPU 上微调。',
].join('\n');
const OTHER_DIGEST = [
  '另一份摘要',
  '1)Mamba:选择性状态空间的线性时间序列建模',
  'Mamba 是一种选择性状态空间模型,推理速度比 Transformer 快五倍。',
  '2)RWKV:为 Transformer 时代重塑 RNN',
  'RWKV 是一种把循环神经网络和注意力机制结合起来的架构。',
  '最大的模型有 140 亿个参数,训练时可以并行。',
].join('\n');

const dirs: string[] = [];
after(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));
function fresh(prefix: string): string {
  const dir = tempDir(prefix);
  dirs.push(dir);
  return dir;
}

describe('paper keys', () => {
  test('one key per paper, and a passage id names its paper', () => {
    const ref = { digest: 'other-digest', section: 2 };
    assert.equal(paperKey(ref), 'other-digest:2');
    assert.equal(passageId(ref, 1), 'other-digest:2.1');
    assert.deepEqual(paperOfPassage('other-digest:2.1'), ref);
    assert.deepEqual(paperOfPassage('odd:name:12.3'), { digest: 'odd:name', section: 12 });
    assert.equal(paperOfPassage('not a passage id'), undefined);
    assert.equal(digestOfKey(paperKey({ digest: 'odd:name', section: 12 })), 'odd:name');
    assert.ok(!samePaper(ref, { digest: 'ai-digest', section: 2 }));
  });

  test('/paper finds a paper by its key, or by the end of a long one (a Discord choice value is capped)', () => {
    const long = 'x'.repeat(120);
    const papers = [
      { digest: 'ai-digest', section: 2 },
      { digest: long, section: 2 },
    ].map((ref) => ({
      ...ref,
      heading: `标题 ${ref.section}`,
      titleEn: 'Title',
      aliases: [],
      links: [],
      tags: { en: [], zh: [] },
      discusses: [],
      summary: '',
      keyPoints: [],
      exampleQuestion: '',
    }));
    const byKey = findPaper(papers, 'ai-digest:2');
    assert.ok(byKey.found && byKey.paper.digest === 'ai-digest');
    const byTail = findPaper(papers, paperKey(papers[1]!).slice(-100));
    assert.ok(byTail.found && byTail.paper.digest === long);
  });
});

describe('two digests in one corpus', () => {
  let qa: LocalQaService;
  before(async () => {
    const corpusDir = fresh('paperbot-two-digests-');
    fs.writeFileSync(path.join(corpusDir, 'ai-digest.txt'), FIRST_DIGEST);
    fs.writeFileSync(path.join(corpusDir, 'other-digest.txt'), OTHER_DIGEST);
    qa = await createQaService(testConfig({ CORPUS_DIR: corpusDir }));
  });

  test('every paper, passage and citation carries its digest', async () => {
    assert.deepEqual(qa.papers.map(paperKey), ['ai-digest:1', 'ai-digest:2', 'other-digest:1', 'other-digest:2']);
    const answer = await qa.ask('哪种架构把循环神经网络和注意力机制结合起来?');
    assert.equal(answer.kind, 'quoted', answer.answer);
    const [first] = answer.citations;
    assert.deepEqual(
      { digest: first?.digest, section: first?.section, passageId: first?.passageId },
      { digest: 'other-digest', section: 2, passageId: 'other-digest:2.1' },
    );
  });

  test("a follow-up to an answer from other-digest:2.1 stays in other-digest, not the first digest's §2", async () => {
    const question = '哪种架构把循环神经网络和注意力机制结合起来?';
    const previous = nextTurn(undefined, question, await qa.ask(question));
    assert.deepEqual(previous?.citations[0], { digest: 'other-digest', section: 2, passageId: 'other-digest:2.1' });
    assert.ok(previous);
    const followUp = await qa.ask('它最大的模型有多少个参数?', { previous });
    assert.equal(followUp.kind, 'quoted', followUp.answer);
    assert.equal(paperKey(followUp.citations[0]!), 'other-digest:2');
    assert.match(followUp.answer, /:最大的模型有 140 亿个参数/u, 'the quote from other-digest comes first');
  });
});

describe('rows stored before papers had one key', () => {
  test('conversation turns that named only a section get their digest from the passage id', async () => {
    const db = openDatabase(fresh('paperbot-old-turns-'));
    // The table as the first release created it, with a turn stored then.
    migrate(db, 'conversations-1', 'CREATE TABLE conversation_turns (key TEXT PRIMARY KEY, turn_json TEXT NOT NULL, stored_at TEXT NOT NULL)');
    const old = { question: 'RWKV 是什么?', citations: [{ section: 2, passageId: 'other-digest:2.1' }, { section: 1 }], topic: ['rwkv'] };
    db.prepare('INSERT INTO conversation_turns VALUES (?, ?, ?)').run('answer-1', JSON.stringify(old), new Date().toISOString());
    const writes = new WriteQueue(db);
    const memory = new ConversationMemory(db, { writes, ttlDays: 7 });
    assert.deepEqual(memory.recall('answer-1'), {
      question: 'RWKV 是什么?',
      citations: [{ digest: 'other-digest', section: 2, passageId: 'other-digest:2.1' }],
      topic: ['rwkv'],
    });
    await writes.close(1000);
    db.close();
  });

  test('paper-of-the-day rows written as "digest#section" are rewritten as paper keys', () => {
    const db = openDatabase(fresh('paperbot-old-potd-'));
    migrate(db, 'potd-1', (database) => {
      preparePotdTablesAsFirstReleased(database);
    });
    db.prepare(`INSERT INTO potd_cycles VALUES ('g', 1, 7, 'ai#digest#2', '2024-01-01T00:00:00Z')`).run();
    db.prepare(
      `INSERT INTO potd_posts (guild_id, slot_at, schedule, cycle, paper, status, attempts, claimed_at)
       VALUES ('g', '2024-01-02T09:00:00.000Z', '0 9 * * *|UTC', 1, 'other-digest#2', 'sent', 1, '2024-01-02T09:00:00Z')`,
    ).run();
    preparePotdTables(db);
    assert.deepEqual(
      slotPosts(db, 'g').map((post) => post.paper),
      ['other-digest:2'],
    );
    assert.equal(db.prepare('SELECT avoid_first FROM potd_cycles').pluck().get(), 'ai#digest:2');
    db.close();
  });
});

/** potd-1's tables (the schema has grown since; only the columns that hold papers matter here). */
function preparePotdTablesAsFirstReleased(db: import('../src/storage/database.ts').Db): void {
  db.exec(`
    CREATE TABLE potd_guilds (guild_id TEXT PRIMARY KEY, channel_id TEXT, cron TEXT, time_zone TEXT, enabled INTEGER,
      active_since TEXT NOT NULL, updated_at TEXT NOT NULL);
    CREATE TABLE potd_cycles (guild_id TEXT NOT NULL, cycle INTEGER NOT NULL, seed INTEGER NOT NULL, avoid_first TEXT,
      started_at TEXT NOT NULL, PRIMARY KEY (guild_id, cycle));
    CREATE TABLE potd_posts (guild_id TEXT NOT NULL, slot_at TEXT NOT NULL, schedule TEXT NOT NULL, cycle INTEGER NOT NULL,
      paper TEXT NOT NULL, status TEXT NOT NULL, attempts INTEGER NOT NULL, claimed_at TEXT NOT NULL, channel_id TEXT,
      sent_at TEXT, error TEXT, PRIMARY KEY (guild_id, slot_at));`);
}
