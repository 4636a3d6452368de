/**
 * `npm run eval [-- --questions file ...]`: the full pipeline's metrics on question files of every kind — retrieval
 * (hit@1, key@3, refusals), answer-level (answer-fact rate) and conversations (turn accuracy). Without a file it reads
 * the project's own question files in test/fixtures/.
 */
import { evalFileKind, OWN_QUESTION_FILES, QuestionFileError } from '../eval/metrics.ts';
import { configureLog } from '../log.ts';
import { cliProgram, loadSettings, questionFiles, runCli, withQuestionFiles } from './run.ts';

const DEFAULT_FILES = Object.values(OWN_QUESTION_FILES).flat();

const program = withQuestionFiles(
  cliProgram('eval', 'Evaluate the pipeline on JSONL question files (retrieval, answer-level or conversation files)'),
  'a question file of any kind',
  DEFAULT_FILES,
)
  .option('--quiet', 'print the figures only, not every miss')
  .option('--digests <dir>', 'instead: each digest of <dir> with its <name>.answers.jsonl, alone and beside the corpus')
  .parse();

async function main(): Promise<void> {
  const { quiet, digests } = program.opts<{ quiet?: boolean; digests?: string }>();
  if (digests) return evalDigests(digests, !quiet);
  const files = questionFiles(program, DEFAULT_FILES);
  for (const file of files) evalFileKind(file); // a missing or broken file is told before the model loads
  const config = await loadSettings();
  configureLog(config);
  // On demand: --help and a usage error load neither the model nor the answering code.
  const [{ createQaService }, { describeReport, evaluateFile }] = await Promise.all([import('../qa.ts'), import('../eval/run.ts')]);
  const qa = await createQaService(config);
  for (const file of files) {
    console.log(describeReport(await evaluateFile(qa, file), !quiet).join('\n'));
    console.log('');
  }
}

async function evalDigests(dir: string, verbose: boolean): Promise<void> {
  const [{ createQaService }, { describeDigests, digestsWithQuestions, evaluateDigests }] = await Promise.all([
    import('../qa.ts'),
    import('../eval/digests.ts'),
  ]);
  if (digestsWithQuestions(dir).length === 0) throw new QuestionFileError(`No digest with a <name>.answers.jsonl in ${dir}`);
  const config = await loadSettings();
  configureLog({ ...config, logLevel: 'warn' });
  const report = await evaluateDigests(dir, config, OWN_QUESTION_FILES.answers[0], createQaService);
  console.log(describeDigests(report, verbose).join('\n'));
}

runCli(main);
