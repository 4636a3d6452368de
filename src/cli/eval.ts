/** `npm run eval -- <questions.jsonl>`: retrieval and refusal metrics of the full pipeline. */
import { Command } from 'commander';
import { loadConfig } from '../config.ts';
import { readQuestions, score } from '../eval/metrics.ts';
import { log, setLogLevel } from '../log.ts';
import { createQaService } from '../qa.ts';

const program = new Command('eval')
  .description('Evaluate answers on a JSONL question set ({"q", "section", "keys"} per line)')
  .argument('<file>', 'questions, e.g. ../shared/eval/dev.jsonl')
  .parse();

async function main(): Promise<void> {
  const config = loadConfig();
  setLogLevel(config.logLevel);
  const questions = readQuestions(program.args[0]!);
  const qa = await createQaService(config);
  const results = [];
  for (const question of questions) results.push(await qa.ask(question.q));
  const report = score(questions, results);
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  console.log(`questions        ${questions.length} (${report.answerable} answerable, ${report.offTopic} off-topic)`);
  console.log(`hit@1            ${report.hitAt1.toFixed(3)}`);
  console.log(`key@3            ${report.keyAt3.toFixed(3)}`);
  console.log(`refusals         ${report.refusals.toFixed(3)} (${pct(report.refusals)} of off-topic refused)`);
  console.log(`false refusals   ${report.falseRefusals.toFixed(3)} (${pct(report.falseRefusals)} of answerable refused)`);
  if (report.failures.length > 0) {
    console.log(`\nmisses (${report.failures.length}):`);
    for (const f of report.failures) {
      const what = [!f.answered && f.expected !== null ? 'refused' : '', f.expected === null ? 'answered' : '', f.expected !== null && !f.hit ? `top §${f.got}` : '', f.expected !== null && !f.key ? 'no key in top 3' : ''];
      console.log(`  §${f.expected ?? '-'} ${what.filter(Boolean).join(', ')}: ${f.q}`);
    }
  }
}

main().catch((error: unknown) => {
  log.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
