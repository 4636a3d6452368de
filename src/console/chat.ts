import readline from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { formatAnswerText } from '../answer/format-text.ts';
import { nextTurn } from '../answer/conversation.ts';
import { log } from '../log.ts';
import { t } from '../messages/catalogue.ts';
import { InvalidQuestionError, type PreviousTurn } from '../types.ts';
import type { Responder } from '../written/responder.ts';

export interface ConsoleChatOptions {
  input: Readable;
  output: Writable;
  /** A terminal gets a prompt and commands; piped input is read line by line until EOF. */
  interactive: boolean;
}

/** The console speaks the digest's own language. */
const LANGUAGE = 'zh';

/**
 * A local chat over the same answering path the Discord bot uses (written answers when a model is configured): each
 * answer with its numbered sources,
 * and each question asked with the previous turn so that follow-ups like "那它需要多少显存?" work.
 */
export async function runConsoleChat(responder: Responder, { input, output, interactive }: ConsoleChatOptions): Promise<void> {
  const lines = readline.createInterface({ input, output: interactive ? output : undefined, terminal: interactive, crlfDelay: Infinity });
  const prompt = () => interactive && lines.prompt();
  let previous: PreviousTurn | undefined;
  if (interactive) {
    output.write(`${t(LANGUAGE, 'consoleHelp')}\n`);
    lines.setPrompt(t(LANGUAGE, 'consolePrompt'));
  }
  prompt();
  for await (const line of lines) {
    const question = line.trim();
    if (question === '/exit' || question === '/quit') break;
    if (question === '/new') {
      previous = undefined;
    } else if (question) {
      previous = (await answer(responder, question, previous, output)) ?? previous;
    }
    prompt();
  }
  lines.close();
}

async function answer(
  responder: Responder,
  question: string,
  previous: PreviousTurn | undefined,
  output: Writable,
): Promise<PreviousTurn | undefined> {
  try {
    const result = await responder.respond(question, previous ? { previous } : {});
    output.write(`${formatAnswerText(result)}\n\n`);
    return nextTurn(previous, question, result);
  } catch (error) {
    if (!(error instanceof InvalidQuestionError)) log.error('Answering failed', error);
    output.write(`${error instanceof InvalidQuestionError ? error.message : t(LANGUAGE, 'consoleError')}\n\n`);
    return undefined;
  }
}
