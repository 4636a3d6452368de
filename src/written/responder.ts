import type { Config } from '../config.ts';
import { log } from '../log.ts';
import type { Answer, AnswerOutcome, PreviousTurn, QaService } from '../types.ts';
import { createWritingModel, type WritingModel } from './model.ts';
import { mayWrite, writeAnswer, type WrittenResult } from './write.ts';

/**
 * The one answering path of every front end (Discord, the console chat, `npm run ask`, the bench): the quoted
 * answer from the QA service, rewritten by the operator's model when one is configured and the question may be
 * written about. Refusals, small talk, help and catalogue lists go out as they are.
 */

export function outcomeOf(answer: Answer): AnswerOutcome {
  if (answer.mode === 'written' || answer.mode === 'repaired') return answer.mode;
  return answer.notice ? 'fell-back' : 'quoted';
}

export interface RespondOptions {
  previous?: PreviousTurn;
  /** The server it is asked in (AskOptions). */
  guildId?: string;
  /** Called with the checked written text so far, each time it grows (never for quoted answers). */
  onText?: (textSoFar: string) => void;
}

export interface Responder {
  respond(question: string, options?: RespondOptions): Promise<Answer>;
  /** Whether a model is configured. */
  readonly writes: boolean;
  /** Written answers by outcome since start, as logged. */
  readonly outcomes: Readonly<Record<Exclude<AnswerOutcome, 'quoted'>, number>>;
}

/** The operator's model when LLM_BASE_URL is set; its code is loaded only then. */
export async function loadWritingModel(config: Config): Promise<WritingModel | undefined> {
  return config.llm ? createWritingModel(config.llm) : undefined;
}

/** `maxLength`: the most a written answer may say, the front end's message limit (unbounded when absent). */
export function createResponder(qa: QaService, model: WritingModel | undefined, maxLength?: number): Responder {
  const outcomes = { written: 0, repaired: 0, 'fell-back': 0 };
  async function respond(question: string, { previous, onText, guildId }: RespondOptions = {}): Promise<Answer> {
    const quoted = await qa.ask(question, { ...(previous ? { previous } : {}), ...(guildId ? { guildId } : {}) });
    if (!model || !mayWrite(quoted)) return quoted;
    let shown = '';
    let result: WrittenResult | undefined;
    for await (const event of writeAnswer(model, quoted, previous, maxLength)) {
      if (event.type === 'result') {
        result = event.result;
      } else {
        shown += event.text;
        onText?.(shown);
      }
    }
    const answer: Answer =
      result!.mode === 'quoted' ? { ...quoted, mode: 'quoted', notice: result!.notice! } : { ...quoted, answer: result!.text, mode: result!.mode };
    const outcome = outcomeOf(answer);
    if (outcome !== 'quoted') outcomes[outcome] += 1;
    const why = result!.reason ? `: ${result!.reason}${result!.detail ? ` (${result!.detail.split('\n')[0]})` : ''}` : '';
    const dropped = result!.dropped.map((d) => `"${d.sentence.slice(0, 80)}" (${d.problems.join('; ')})`).join(', ');
    log.info(
      `Written answer ${outcome}${why}${dropped ? `; dropped ${dropped}` : ''}. So far: written ${outcomes.written}, repaired ${outcomes.repaired}, fell back ${outcomes['fell-back']}.`,
    );
    return answer;
  }
  return { respond, writes: model !== undefined, outcomes };
}
