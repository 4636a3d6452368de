/**
 * `npm run eval [-- files...]`: the full pipeline's metrics on question files of every kind — retrieval (hit@1,
 * key@3, refusals), answer-level (answer-fact rate) and conversations (turn accuracy). Without arguments it
 * reads every file of ../shared/eval.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { loadConfig } from '../config.ts';
import { describeReport, evaluateFile } from '../eval/run.ts';
import { log, setLogLevel } from '../log.ts';
import { createQaService } from '../qa.ts';

const DEFAULT_DIR = '../shared/eval';

const program = new Command('eval')
  .description('Evaluate the pipeline on JSONL question files (retrieval, answer-level or conversation files)')
  .argument('[files...]', `question files; default: every *.jsonl in ${DEFAULT_DIR}`)
  .option('--quiet', 'print the figures only, not every miss')
  .parse();

async function main(): Promise<void> {
  const config = loadConfig();
  setLogLevel(config.logLevel);
  const files =
    program.args.length > 0
      ? program.args
      : fs
          .readdirSync(DEFAULT_DIR)
          .filter((f) => f.endsWith('.jsonl'))
          .sort()
          .map((f) => path.join(DEFAULT_DIR, f));
  const qa = await createQaService(config);
  for (const file of files) {
    console.log(describeReport(await evaluateFile(qa, file), !program.opts<{ quiet?: boolean }>().quiet).join('\n'));
    console.log('');
  }
}

main().catch((error: unknown) => {
  log.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
