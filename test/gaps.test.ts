/**
 * Coverage gaps without Discord: what is recorded (per server, refused or voted 👎, without mentions or ids), how long
 * it is kept, and how questions are grouped by topic (fixed vectors, so the grouping rules are what is tested).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { gapsText } from '../src/discord/commands/digest-gaps.ts';
import { LIMITS } from '../src/discord/format/limits.ts';
import { clusterQuestions, namesIn, SAME_TOPIC } from '../src/gaps/cluster.ts';
import { coverageGaps, gapQuestions, type TextEmbedder } from '../src/gaps/gaps.ts';
import { setLogLevel } from '../src/log.ts';
import { openDatabase } from '../src/storage/database.ts';
import { FeedbackStore } from '../src/storage/feedback.ts';
import { WriteQueue } from '../src/storage/write-queue.ts';
import { tempDir, until } from './support/core.ts';

setLogLevel('error');
const DAY_MS = 24 * 60 * 60 * 1000;
const GUILD_A = '111111111111111111';
const GUILD_B = '222222222222222222';
const dirs: string[] = [];

function openFeedback(retentionDays = 90) {
  const dir = tempDir('paperbot-gaps-');
  dirs.push(dir);
  return openFeedbackIn(dir, retentionDays);
}

function openFeedbackIn(dir: string, retentionDays = 90) {
  const db = openDatabase(dir);
  const writes = new WriteQueue(db);
  const store = new FeedbackStore(db, { key: Buffer.from('test-key-'.repeat(4)), writes, retentionDays });
  return { dir, db, store, stored: () => until(() => writes.size === 0, 'the queued writes') };
}

/** A unit vector along the given components. */
function unit(...components: number[]): number[] {
  const norm = Math.hypot(...components);
  return components.map((component) => component / norm);
}

/** An embedder that knows a fixed vector for each text it is asked about. */
function fixedEmbedder(vectors: Record<string, number[]>): TextEmbedder & { asked: string[][] } {
  const asked: string[][] = [];
  return {
    asked,
    embedDocuments: async (texts) => {
      asked.push(texts);
      return texts.map((text) => vectors[text] ?? assert.fail(`no vector for ${text}`));
    },
  };
}

after(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

describe('names a question asks about', () => {
  test('names with digits or inner capitals, capitalised words past the first, Latin words in Chinese', () => {
    assert.deepEqual([...namesIn('What is Llama 3?')], ['llama3']);
    assert.deepEqual([...namesIn('Llama 3 是什么？')], ['llama3']);
    assert.deepEqual([...namesIn('How does Mamba work? Thanks.')], ['mamba']);
    assert.deepEqual([...namesIn('mamba 模型的原理是什么？')], ['mamba']);
    assert.deepEqual([...namesIn('What GPU do I need for QLoRA?')], ['gpu', 'qlora']);
    assert.deepEqual([...namesIn('Is GPT-4o better?')], ['gpt4o']);
    assert.deepEqual([...namesIn('how do i bake bread?')], []);
  });
});

describe('grouping questions by topic', () => {
  // Mamba asked in two languages: their vectors alone are as far apart as unrelated questions (0.55, as measured
  // with bge-small-zh), but they name the same thing.
  const mambaEn = unit(1, 0, 0, 0, 0);
  const mambaZh = unit(0.55, Math.sqrt(1 - 0.55 ** 2), 0, 0, 0);
  // Unrelated, worded like the first (0.6 to it), naming nothing.
  const bread = unit(0.6, -0.3, Math.sqrt(1 - 0.36 - 0.09), 0, 0);
  // The same question in two phrasings, close by their vectors alone.
  const gpu = unit(0, 0, 0, 1, 0);
  const graphicsCard = unit(0, 0, 0, 0.9, Math.sqrt(1 - 0.81));
  const texts = [
    'How does Mamba work?',
    'Mamba 模型的原理是什么？',
    'how do i bake bread?',
    'how much gpu memory does it need?',
    'which graphics card is required?',
  ];
  const vectors = [mambaEn, mambaZh, bread, gpu, graphicsCard];

  test('the same topic in two languages or two phrasings is one group; unrelated questions stay apart', () => {
    const groups = clusterQuestions(texts, vectors).map((cluster) => cluster.members.map((i) => texts[i]).sort());
    assert.deepEqual(groups, [
      ['How does Mamba work?', 'Mamba 模型的原理是什么？'],
      ['how much gpu memory does it need?', 'which graphics card is required?'],
      ['how do i bake bread?'],
    ]);
  });

  test('short questions worded alike about different things are apart', () => {
    const alike = ['What is Sora?', 'What is RAG?'];
    const vectorsAlike = [unit(1, 0, 0), unit(0.8, 0.6, 0)];
    assert.equal(clusterQuestions(alike, vectorsAlike).length, 2);
    // Without the names, as close as that is one topic.
    assert.equal(clusterQuestions(['what is it?', 'what is this?'], vectorsAlike).length, 1);
  });

  test('without a shared name, vectors as far apart as the two languages are not one topic', () => {
    const unnamed = ['how does it work?', '它的原理是什么？'];
    assert.equal(clusterQuestions(unnamed, [mambaEn, mambaZh]).length, 2);
    assert.ok(mambaEn.reduce((sum, x, i) => sum + x * mambaZh[i]!, 0) < SAME_TOPIC);
  });

  test('a group is labelled by its most central question', () => {
    const near = ['What is Llama 3?', 'Tell me about Llama 3', 'Llama 3 有多少参数？'];
    const [group] = clusterQuestions(near, [unit(1, 0.2, 0.1), unit(1, 0.5, 0), unit(1, 0, 0.5)]);
    assert.equal(group!.members.length, 3);
    assert.equal(near[group!.central], 'What is Llama 3?');
  });
});

describe('recording the questions no digest answers', () => {
  test('refused and 👎-voted questions are kept per server, newest first; answered and liked ones are not gaps', async () => {
    const { db, store, stored } = openFeedback();
    const now = new Date();
    const at = (minutesAgo: number) => new Date(now.getTime() - minutesAgo * 60_000);
    store.recordAnswer('Llama 3 是什么？', [], at(5), 'quoted', { guildId: GUILD_A, kind: 'refusal' });
    const disliked = store.recordAnswer('QLoRA 需要多少显存？', [], at(4), 'quoted', { guildId: GUILD_A, kind: 'quoted' });
    const liked = store.recordAnswer('DPO 是什么？', [], at(3), 'quoted', { guildId: GUILD_A, kind: 'quoted' });
    const split = store.recordAnswer('Mistral 7B 有多大？', [], at(2), 'quoted', { guildId: GUILD_A, kind: 'quoted' });
    store.recordAnswer('What is Mamba?', [], at(1), 'quoted', { guildId: GUILD_B, kind: 'refusal' });
    store.recordAnswer('What is Gemini?', [], at(1), 'quoted', { kind: 'refusal' });
    store.vote(disliked, 'user-1', 'down');
    store.vote(liked, 'user-1', 'up');
    store.vote(split, 'user-1', 'up');
    store.vote(split, 'user-2', 'down');
    await stored();

    const inA = gapQuestions(db, { days: 30, guildId: GUILD_A, now });
    assert.deepEqual(
      inA.questions.map(({ question, refused }) => [question, refused]),
      [
        ['QLoRA 需要多少显存？', false],
        ['Llama 3 是什么？', true],
      ],
    );
    assert.deepEqual(
      gapQuestions(db, { days: 30, guildId: GUILD_B, now }).questions.map((gap) => gap.question),
      ['What is Mamba?'],
    );
    // Without a server: every server's, and the direct messages'.
    assert.equal(gapQuestions(db, { days: 30, now }).total, 4);
    db.close();
  });

  test('no mention or Discord id of anyone is stored with a gap', async () => {
    const { dir, db, store, stored } = openFeedback();
    const userId = '123456789012345678';
    store.recordAnswer(
      `<@${userId}> <@!${userId}> asked in <#234567890123456789> for <@&345678901234567890>: what is Llama 3? ${userId}`,
      [],
      new Date(),
      'quoted',
      {
        guildId: GUILD_A,
        kind: 'refusal',
      },
    );
    await stored();
    const [gap] = gapQuestions(db, { days: 1, guildId: GUILD_A }).questions;
    assert.equal(gap!.question, '@user @user asked in #channel for @role: what is Llama 3? [id]');
    db.close();
    const file = fs.readFileSync(path.join(dir, 'paperbot.sqlite'));
    for (const id of [userId, '234567890123456789', '345678901234567890']) assert.ok(!file.includes(id), `${id} is not in the database file`);
  });

  test('gaps older than the asked days are left out, and older than FEEDBACK_RETENTION_DAYS deleted', async () => {
    const { db, store, stored } = openFeedback(30);
    const now = new Date();
    const daysAgo = (days: number) => new Date(now.getTime() - days * DAY_MS);
    store.recordAnswer('old question', [], daysAgo(31), 'quoted', { guildId: GUILD_A, kind: 'refusal' });
    store.recordAnswer('last week', [], daysAgo(7), 'quoted', { guildId: GUILD_A, kind: 'refusal' });
    store.recordAnswer('today', [], daysAgo(0), 'quoted', { guildId: GUILD_A, kind: 'refusal' });
    await stored();
    const asked = (days: number) => gapQuestions(db, { days, guildId: GUILD_A, now }).questions.map((gap) => gap.question);
    assert.deepEqual(asked(3), ['today']);
    assert.deepEqual(asked(365), ['today', 'last week', 'old question']);
    store.prune(now);
    await stored();
    assert.deepEqual(asked(365), ['today', 'last week']);
    db.close();
  });
});

describe('a database written by the previous version', () => {
  test('its answers get no server and no kind: only a down-voted one is a gap, listed among all servers', async () => {
    const dir = tempDir('paperbot-gaps-');
    dirs.push(dir);
    const old = openDatabase(dir);
    // The feedback tables as the previous version left them (migrations feedback-1 to feedback-3).
    old.exec(`CREATE TABLE feedback_answers (id TEXT PRIMARY KEY, question TEXT NOT NULL, citations_json TEXT NOT NULL, created_at TEXT NOT NULL,
                outcome TEXT NOT NULL DEFAULT 'quoted');
              CREATE INDEX feedback_answers_by_age ON feedback_answers (created_at);
              CREATE TABLE feedback_votes (answer_id TEXT NOT NULL REFERENCES feedback_answers(id) ON DELETE CASCADE, user_hash TEXT NOT NULL,
                vote TEXT NOT NULL CHECK (vote IN ('up', 'down')), voted_at TEXT NOT NULL, PRIMARY KEY (answer_id, user_hash));`);
    const applied = old.prepare('INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)');
    for (const name of ['feedback-1', 'feedback-2-privacy', 'feedback-3-outcome']) applied.run(name, new Date().toISOString());
    const now = new Date().toISOString();
    const answer = old.prepare('INSERT INTO feedback_answers (id, question, citations_json, created_at) VALUES (?, ?, ?, ?)');
    answer.run('liked', 'DPO 是什么？', '[]', now);
    answer.run('disliked', 'Llama 3 是什么？', '[]', now);
    old.prepare("INSERT INTO feedback_votes VALUES ('disliked', 'hash', 'down', ?)").run(now);
    old.close();

    const { db } = openFeedbackIn(dir);
    assert.deepEqual(db.prepare('SELECT id, guild_id, kind FROM feedback_answers ORDER BY id').all(), [
      { id: 'disliked', guild_id: null, kind: null },
      { id: 'liked', guild_id: null, kind: null },
    ]);
    assert.deepEqual(
      gapQuestions(db, { days: 1 }).questions.map((gap) => [gap.question, gap.refused]),
      [['Llama 3 是什么？', false]],
    );
    assert.equal(gapQuestions(db, { days: 1, guildId: GUILD_A }).total, 0);
    db.close();
  });
});

describe('the gaps report', () => {
  test('counts each asking, embeds each text once, and labels topics by their central question', async () => {
    const { db, store, stored } = openFeedback();
    const refuse = (question: string) => store.recordAnswer(question, [], new Date(), 'quoted', { guildId: GUILD_A, kind: 'refusal' });
    refuse('what is  llama 3?');
    refuse('What is Llama 3?');
    refuse('Llama 3 是什么？');
    refuse('How do I bake bread?');
    const disliked = store.recordAnswer('Tell me about Llama 3', [], new Date(), 'quoted', { guildId: GUILD_A, kind: 'quoted' });
    store.vote(disliked, 'user-1', 'down');
    await stored();
    const embedder = fixedEmbedder({
      'What is Llama 3?': unit(1, 0.1, 0),
      'Llama 3 是什么？': unit(0.8, 0.6, 0),
      'Tell me about Llama 3': unit(0.9, 0, 0.3),
      'How do I bake bread?': unit(0, 0, 1),
    });
    const report = await coverageGaps(db, embedder, { days: 30, guildId: GUILD_A });
    assert.equal(embedder.asked.flat().length, 4, 'a question asked twice is embedded once');
    assert.deepEqual(report.topics, [
      { label: 'What is Llama 3?', examples: ['Tell me about Llama 3', 'Llama 3 是什么？'], asked: 4, refused: 3, downVoted: 1 },
      { label: 'How do I bake bread?', examples: [], asked: 1, refused: 1, downVoted: 0 },
    ]);
    assert.deepEqual([report.questions, report.leftOut], [5, 0]);
    db.close();
  });
});

describe('the gaps as /digest gaps lists them', () => {
  test('ten topics at most, each question on one line, cut short and inert, within one message', () => {
    const topics = Array.from({ length: 12 }, (_, i) => ({
      label: `Topic ${i} **bold** [link](https://example.com) <@123456789012345678> ${'很长的问题'.repeat(60)}`,
      examples: [`another\nquestion ${i}`, 'a third one'],
      asked: 12 - i,
      refused: 12 - i,
      downVoted: 0,
    }));
    const text = gapsText({ days: 30, topics, questions: 78, leftOut: 5 }, 'en');
    assert.ok(text.length <= LIMITS.content, `${text.length} characters`);
    const lines = text.split('\n');
    assert.equal(lines.filter((line) => /^\*\*#\d+\*\*/u.test(line)).length, 10);
    assert.equal(lines.filter((line) => line.startsWith('-# ↳ another question')).length, 10);
    assert.match(
      lines[1]!,
      /^\*\*#1\*\* · 12 \(🟥 12 · 🟦 0\) — Topic 0 \\\*\\\*bold\\\*\\\* \\\[link\]\(https:\/\/example\.com\) <@\u200b123456789012345678> 很长的问题.*…$/u,
    );
    assert.deepEqual(lines.slice(-2), ['…and 2 more topics', '5 older questions are left out.']);
  });
});
