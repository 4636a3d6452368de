/** `npm run feedback`: what users thought of the answers (👍/👎 under each answer), without anything identifying them. */
import { configureLog } from '../log.ts';
import type { FeedbackSummary } from '../storage/feedback.ts';
import { cliProgram, loadSettings, runCli, wholeNumber } from './run.ts';

const options = cliProgram('feedback', 'Summarise the feedback votes stored in the database under DATA_DIR')
  .option('--limit <n>', 'how many of the most down-voted questions to list', wholeNumber(0), 5)
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

// A wrong setting or an unusable DATA_DIR gets the same one line as at start-up (runCli).
runCli(async () => {
  const config = await loadSettings();
  configureLog(config);
  // Imported here, with the settings (which the database module reads): --help and a bad flag load neither.
  const [{ openDatabase }, { feedbackSummary }] = await Promise.all([import('../storage/database.ts'), import('../storage/feedback.ts')]);
  const db = openDatabase(config.dataDir);
  const summary = feedbackSummary(db, options.limit);
  db.close();
  process.stdout.write(`${options.json ? JSON.stringify(summary) : formatSummary(summary)}\n`);
});
