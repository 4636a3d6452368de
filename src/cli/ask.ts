/**
 * `npm run ask -- "question"`: answer one question with sources.
 * `npm run --silent ask -- --json "question"`: one JSON object on stdout.
 * `npm run --silent ask -- --json --stdin`: one question per input line, one JSON object per output line.
 * `npm run --silent ask -- --json --stdin --conversation`: each line continues the conversation of the lines
 * before it (follow-ups like "它需要多少显存?"); an empty line starts a new conversation and prints nothing.
 * `npm run ask -- --guild <server id> "question"`: answered within that server's scope, the global digests and those
 * it added with /digest add (stored in DATA_DIR), as the bot answers there.
 * Logs go to stderr only, so stdout stays machine-readable.
 */
import readline from 'node:readline';
import { formatAnswerText } from '../answer/format-text.ts';
import type { Config } from '../config.ts';
import { LIMITS } from '../discord/format/limits.ts';
import { configureLog } from '../log.ts';
import { nextTurn } from '../answer/conversation.ts';
import { cleanQuestion } from '../answer/question.ts';
import { InvalidQuestionError, type Answer, type PreviousTurn } from '../types.ts';
import type { Responder } from '../written/responder.ts';
import { cliProgram, loadSettings, runCli } from './run.ts';

const program = cliProgram('ask', 'Answer questions about the corpus with cited passages')
  .argument('[question...]', 'the question (quote it)')
  .option('--json', 'print one JSON object per question')
  .option('--stdin', 'read one question per line from standard input')
  .option('--conversation', 'with --stdin: each line continues the conversation; an empty line starts a new one')
  .option('--guild <id>', "answer as in this Discord server: the global digests and the server's own (/digest add)")
  .parse();

const options = program.opts<{ json?: boolean; stdin?: boolean; conversation?: boolean; guild?: string }>();

/** Set by loadResponder, which imports it with the rest of the answering code, before any answer is printed. */
let outcomeOf: typeof import('../written/responder.ts').outcomeOf;

/** The JSON contract of `ask --json`. */
function toJson(answer: Answer): string {
  const { question, answered, citations } = answer;
  return JSON.stringify({
    question,
    answered,
    answer: answer.answer,
    language: answer.language,
    kind: answer.kind,
    // Who wrote the text: the operator's model (checked) or the digest's own sentences.
    mode: answer.mode === 'written' || answer.mode === 'repaired' ? 'written' : 'quoted',
    outcome: outcomeOf(answer),
    ...(answer.notice ? { notice: answer.notice } : {}),
    citations: citations.map(({ n, digest, section, title, passageId, text, translation, score, subheading, arxivUrl }) => ({
      n,
      digest,
      section,
      title,
      passageId,
      text,
      ...(translation ? { translation } : {}),
      score,
      ...(subheading ? { subheading } : {}),
      ...(arxivUrl ? { arxivUrl } : {}),
    })),
  });
}

/** What is printed for a question that cannot be asked: the JSON contract's error object, or the message. */
function invalidOutput(question: string, error: InvalidQuestionError): string {
  return options.json ? JSON.stringify({ question, answered: false, answer: error.message, citations: [], error: error.reason }) : error.message;
}

async function answerOne(
  responder: Responder,
  question: string,
  previous?: PreviousTurn,
): Promise<{ output: string; invalid: boolean; answer?: Answer }> {
  try {
    const answer = await responder.respond(question, { ...(previous ? { previous } : {}), ...(options.guild ? { guildId: options.guild } : {}) });
    return { output: options.json ? toJson(answer) : formatAnswerText(answer), invalid: false, answer };
  } catch (error) {
    if (!(error instanceof InvalidQuestionError)) throw error;
    return { output: invalidOutput(question, error), invalid: true };
  }
}

/** Prints the answer to one question; an unusable one is told at once, without loading the model and the index. */
async function askOnce(config: Config, question: string): Promise<number> {
  try {
    cleanQuestion(question);
  } catch (error) {
    if (!(error instanceof InvalidQuestionError)) throw error;
    return printOne(invalidOutput(question, error), true);
  }
  const { output, invalid } = await answerOne(await loadResponder(config), question);
  return printOne(output, invalid);
}

/** An unusable question in plain mode goes to stderr with exit code 2; in JSON mode it is an answer like any other. */
function printOne(output: string, invalid: boolean): number {
  (invalid && !options.json ? process.stderr : process.stdout).write(output + '\n');
  return invalid && !options.json ? 2 : 0;
}

/** The answering code is loaded here, on demand: `--help`, a usage error and an unusable question load none of it. */
async function loadResponder(config: Config): Promise<Responder> {
  const [{ createQaService }, { createResponder, loadWritingModel, ...responder }] = await Promise.all([
    import('../qa.ts'),
    import('../written/responder.ts'),
  ]);
  outcomeOf = responder.outcomeOf;
  const [qa, model] = await Promise.all([createQaService(config), loadWritingModel(config)]);
  return createResponder(qa, model, LIMITS.content); // the answer as the bot would show it
}

async function main(): Promise<number> {
  const question = program.args.join(' ');
  if (options.guild !== undefined && !/^\d{17,20}$/u.test(options.guild)) {
    program.error(`--guild takes a Discord server id (17-20 digits), not "${options.guild}".`, { exitCode: 2 });
  }
  if (!options.stdin && question.trim() === '') {
    program.error('Give a question, e.g. npm run ask -- "QLoRA 需要多少显存?", or use --stdin.', { exitCode: 2 });
  }
  const config = await loadSettings();
  configureLog(config);
  if (!options.stdin) return askOnce(config, question);
  const responder = await loadResponder(config);
  const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  let previous: PreviousTurn | undefined;
  for await (const line of lines) {
    if (options.conversation && line.trim() === '') {
      previous = undefined;
      continue;
    }
    const { output, answer } = await answerOne(responder, line, previous);
    if (options.conversation && answer) previous = nextTurn(previous, answer.question, answer);
    process.stdout.write(output + (options.json ? '\n' : '\n\n'));
  }
  return 0;
}

process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0); // the reader went away (e.g. `| head`): nothing left to do
  throw error;
});

runCli(main);
