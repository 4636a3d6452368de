/** `npm run feedback`: what users thought of the answers (👍/👎 under each answer), without anything identifying them. */
import { Command } from 'commander';
import { ConfigError, loadConfig } from '../config.ts';
import { log, setLogLevel } from '../log.ts';
import { openDatabase } from '../storage/database.ts';
import { type FeedbackSummary, feedbackSummary } from '../storage/feedback.ts';

const options = new Command('feedback')
  .description('Summarise the feedback votes stored in the database under DATA_DIR')
  .option('--limit <n>', 'how many of the most down-voted questions to list', (value) => Number.parseInt(value, 10), 5)
  .option('--json', 'print the summary as JSON')
  .parse()
  .opts<{ limit: number; json?: boolean }>();

const OUTCOME_LABEL: Record<FeedbackSummary['byOutcome'][number]['outcome'], string> = {
  quoted: 'quoted (no model asked)',
  written: 'written by the model',
  repaired: 'written, failing sentences dropped',
  'fell-back': 'fell back to quotes',
};

function formatSummary(summary: FeedbackSummary): string {
  const ratio = summary.upRatio === undefined ? '–' : `${(summary.upRatio * 100).toFixed(1)}% 👍`;
  const lines = [`Answers shown with buttons: ${summary.answers}`, `Votes: ${summary.votes} (👍 ${summary.up}, 👎 ${summary.down}), ratio ${ratio}`];
  if (summary.byOutcome.length > 0) {
    lines.push('', 'By how the answer was written:');
    for (const entry of summary.byOutcome)
      lines.push(`  ${OUTCOME_LABEL[entry.outcome]}: ${entry.answers} answers, 👍 ${entry.up}, 👎 ${entry.down}`);
  }
  if (summary.mostDownVoted.length > 0) {
    lines.push('', 'Most down-voted questions:');
    for (const entry of summary.mostDownVoted) lines.push(`  👎 ${entry.down}  👍 ${entry.up}  ${entry.question.replace(/\s+/gu, ' ')}`);
  }
  return lines.join('\n');
}

try {
  const config = loadConfig();
  setLogLevel(config.logLevel);
  const db = openDatabase(config.dataDir);
  const summary = feedbackSummary(db, options.limit);
  db.close();
  process.stdout.write(`${options.json ? JSON.stringify(summary) : formatSummary(summary)}\n`);
} catch (error) {
  // A wrong setting or an unusable DATA_DIR gets the same one line as at start-up.
  if (!(error instanceof ConfigError)) throw error;
  log.error(error.message);
  process.exitCode = 1;
}
