import { ask } from './ask.ts';
import type { Command } from './command.ts';
import { paper } from './paper.ts';

/** Every slash command: what deploy-commands registers and what the dispatcher routes to. */
export const commands: Command[] = [ask, paper];
