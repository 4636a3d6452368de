/**
 * Shard processes share one SQLite file: several real processes race to claim the same slots, and
 * exactly one may win each, with the rotation staying consistent across them. A claim never waits for the
 * lock another process holds: it fails at once (SQLITE_BUSY) and is tried again, as the scheduler does.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { bundledScript } from './support/test-bundles.ts';
import { tempDir, PATIENCE_MS } from './support/core.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PROCESSES = 3;
const DAYS = 30;

/** Run in each child: wait for "go", claim DAYS daily slots of guild g1, then start a scheduler for g2 and wait for its post. */
const CHILD = `
import { openDatabase } from ${JSON.stringify(path.join(ROOT, 'src/storage/database.ts'))};
import { claimSlot, preparePotdTables, recordSent, slotPosts, trackGuilds } from ${JSON.stringify(path.join(ROOT, 'src/potd/store.ts'))};
import { PotdScheduler } from ${JSON.stringify(path.join(ROOT, 'src/potd/scheduler.ts'))};

const db = openDatabase(process.env.POTD_RACE_DIR);
preparePotdTables(db);
const papers = Array.from({ length: 10 }, (_, i) => ({
  digest: 'digest', section: i + 1, heading: '论文' + (i + 1), titleEn: 'Paper ' + (i + 1), aliases: [], links: [],
  summary: '摘要。', keyPoints: [], exampleQuestion: '问题?',
}));
process.stdout.write('ready\\n');
await new Promise((resolve) => process.stdin.once('data', resolve));
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs a write again while another process holds the lock. */
async function whenUnlocked(write) {
  for (;;) {
    try {
      return write();
    } catch (error) {
      if (error.code !== 'SQLITE_BUSY') throw error;
      await sleep(1);
    }
  }
}

const won = [];
for (let day = 0; day < ${DAYS}; day++) {
  const slotAt = new Date(Date.parse('2023-05-01T09:00:00Z') + day * 86400000);
  const result = await whenUnlocked(() => claimSlot(db, {
    guildId: 'g1', slotAt, schedule: { cron: '0 9 * * *', timeZone: 'UTC' },
    papers: papers.map((paper) => 'digest:' + paper.section), maxAttempts: 3, now: slotAt,
    seeds: (guildId, cycle) => cycle * 7919 + guildId.length,
  }));
  if ('claimed' in result) {
    await whenUnlocked(() => recordSent(db, result.claimed, 'channel', slotAt));
    won.push({ day, paper: result.claimed.paper });
  }
}

const sent = [];
const scheduler = new PotdScheduler({
  db, papers, defaults: { cron: '0 9 * * *', timeZone: 'UTC' }, guilds: () => ['g2'],
  resolveDefaultChannel: () => 'channel',
  send: async (post) => { sent.push(post.paper.section); },
  clock: { now: () => new Date('2023-05-02T09:00:30Z') },
});
// g2 was first seen before today's slot, so the slot at 09:00 is due for catch-up.
await whenUnlocked(() => trackGuilds(db, ['g2'], new Date('2023-05-01T00:00:00Z')));
await scheduler.start();
// A claim that met another process's lock is retried on the scheduler's timers: wait until one of us posted.
while (slotPosts(db, 'g2')[0]?.status !== 'sent') await sleep(10);
await scheduler.stop();
db.close();
process.stdout.write(JSON.stringify({ won, sent }) + '\\n');
`;

interface ChildReport {
  won: { day: number; paper: string }[];
  sent: number[];
}

describe('processes racing over one SQLite file', () => {
  let dataDir: string;
  let reports: ChildReport[];

  before(
    async () => {
      dataDir = tempDir('potd-race-');
      const script = await bundledScript('potd-race-child', CHILD);
      const children = Array.from({ length: PROCESSES }, () =>
        spawn(process.execPath, [script], {
          cwd: ROOT,
          // Without NODE_TEST_CONTEXT the child runs as a plain script, not as a test-runner subprocess.
          env: { ...process.env, NODE_TEST_CONTEXT: undefined, POTD_RACE_DIR: dataDir, LOG_LEVEL: 'warn' },
        }),
      );
      const outputs = children.map(collect);
      await Promise.all(outputs.map((output) => output.ready));
      for (const child of children) child.stdin.end('go\n'); // all start claiming at the same moment
      reports = await Promise.all(outputs.map((output) => output.report));
    },
    { timeout: PATIENCE_MS },
  );
  after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('gives every slot to exactly one process', () => {
    const days = reports.flatMap((report) => report.won.map((win) => win.day)).sort((a, b) => a - b);
    assert.deepEqual(
      days,
      Array.from({ length: DAYS }, (_, day) => day),
    );
  });

  it('keeps the rotation whole: each cycle shows every paper once, never twice in a row', () => {
    const papers = reports
      .flatMap((report) => report.won)
      .sort((a, b) => a.day - b.day)
      .map((win) => win.paper);
    for (let start = 0; start < DAYS; start += 10) assert.equal(new Set(papers.slice(start, start + 10)).size, 10);
    for (let i = 1; i < papers.length; i++) assert.notEqual(papers[i], papers[i - 1]);
  });

  it('lets exactly one scheduler post a slot they all catch up on', () => {
    assert.equal(reports.flatMap((report) => report.sent).length, 1);
  });
});

function collect(child: ChildProcessWithoutNullStreams): { ready: Promise<void>; report: Promise<ChildReport> } {
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.startsWith('ready\n')) resolve();
    });
    child.on('close', (code) => reject(new Error(`child exited (${code}) before it was ready: ${stderr}`)));
  });
  const report = new Promise<ChildReport>((resolve, reject) => {
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`child exited with ${code}: ${stderr}`));
      resolve(JSON.parse(stdout.slice('ready\n'.length)) as ChildReport);
    });
  });
  return { ready, report };
}
