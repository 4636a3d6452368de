/**
 * `npm run eval [-- --questions file ...]`: the full pipeline's metrics on question files of every kind — retrieval
 * (hit@1, key@3, refusals), answer-level (answer-fact rate) and conversations (turn accuracy). Without a file it reads
 * the project's own question files in test/fixtures/.
 */
import { loadConfig } from '../config.ts';
import { evalFileKind, OWN_QUESTION_FILES } from '../eval/metrics.ts';
import { describeReport, evaluateFile } from '../eval/run.ts';
import { setLogLevel } from '../log.ts';
import { cliProgram, questionFiles, runCli, withQuestionFiles } from './run.ts';

const DEFAULT_FILES = Object.values(OWN_QUESTION_FILES).flat();

const program = withQuestionFiles(
  cliProgram('eval', 'Evaluate the pipeline on JSONL question files (retrieval, answer-level or conversation files)'),
  'a question file of any kind',
  DEFAULT_FILES,
)
  .option('--quiet', 'print the figures only, not every miss')
  .parse();

async function main(): Promise<void> {
  const files = questionFiles(program, DEFAULT_FILES);
  for (const file of files) evalFileKind(file); // a missing or broken file is told before the model loads
  const config = loadConfig();
  setLogLevel(config.logLevel);
  const { createQaService } = await import('../qa.ts'); // on demand: --help and a usage error do not load it
  const qa = await createQaService(config);
  for (const file of files) {
    console.log(describeReport(await evaluateFile(qa, file), !program.opts<{ quiet?: boolean }>().quiet).join('\n'));
    console.log('');
  }
}

runCli(main);
