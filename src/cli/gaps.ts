/**
 * `npm run gaps`: what members asked that no digest answers (refused, or voted 👎), grouped by topic, for the operator;
 * what `/digest gaps` shows a server. Reads the database under DATA_DIR; embeds the questions with the model itself.
 */
import fs from 'node:fs';
import { InvalidArgumentError } from 'commander';
import { coverageGaps, DEFAULT_GAP_DAYS, type GapReport, MAX_GAP_DAYS } from '../gaps/gaps.ts';
import { configureLog } from '../log.ts';
import { openDatabase } from '../storage/database.ts';
import { cliProgram, loadSettings, runCli } from './run.ts';

function days(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > MAX_GAP_DAYS) throw new InvalidArgumentError(`Expected a whole number of days from 1 to ${MAX_GAP_DAYS}.`);
  return n;
}

function guildId(value: string): string {
  if (!/^\d{17,20}$/u.test(value)) throw new InvalidArgumentError('Expected a server id (17 to 20 digits).');
  return value;
}

const options = cliProgram('gaps', 'List the questions no digest answers (refused, or voted 👎), grouped by topic')
  .option('--days <n>', `how many days back to look (1-${MAX_GAP_DAYS})`, days, DEFAULT_GAP_DAYS)
  .option('--guild <id>', "one server's questions (default: every server's, and those asked in direct messages)", guildId)
  .option('--chart <file>', 'also draw the topics as a bar chart into this PNG file')
  .option('--json', 'print the report as JSON')
  .parse()
  .opts<{ days: number; guild?: string; chart?: string; json?: boolean }>();

/** A question on one line, cut to `max` characters. */
function oneLine(text: string, max: number): string {
  const line = text.replace(/\s+/gu, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

function formatReport(report: GapReport): string {
  const where = report.guildId ? `server ${report.guildId}` : 'all servers and direct messages';
  const head = `Questions no digest answers, last ${report.days} days (${where}): ${report.questions} questions in ${report.topics.length} topics`;
  const lines = [report.leftOut > 0 ? `${head}; ${report.leftOut} older ones left out` : head];
  if (report.topics.length === 0) return lines[0]!;
  lines.push('', '   #  asked  refused  👎  question most central to the topic');
  report.topics.forEach((topic, i) => {
    const counts = `${String(i + 1).padStart(4)}  ${String(topic.asked).padStart(5)}  ${String(topic.refused).padStart(7)}  ${String(topic.downVoted).padStart(2)}`;
    lines.push(`${counts}  ${oneLine(topic.label, 100)}`);
    for (const example of topic.examples) lines.push(`${' '.repeat(counts.length)}    also: ${oneLine(example, 94)}`);
  });
  return lines.join('\n');
}

// A wrong setting or an unusable DATA_DIR gets the same one line as at start-up (runCli).
runCli(async () => {
  const config = await loadSettings();
  configureLog(config);
  // Imported here, not at the top: the QA code is ~0.3 s of CPU to load, which --help and a bad flag never need.
  const { createEmbeddings } = await import('../qa.ts');
  const db = openDatabase(config.dataDir);
  let report: GapReport;
  try {
    report = await coverageGaps(db, createEmbeddings(config), { days: options.days, ...(options.guild ? { guildId: options.guild } : {}) });
  } finally {
    db.close();
  }
  process.stdout.write(`${options.json ? JSON.stringify(report) : formatReport(report)}\n`);
  if (options.chart) {
    // Loaded only when asked for: the charting library and its native canvas.
    const { gapsChartPng } = await import('../gaps/chart.ts');
    fs.writeFileSync(options.chart, gapsChartPng(report.topics));
    if (!options.json) process.stdout.write(`Chart written to ${options.chart}\n`);
  }
});
