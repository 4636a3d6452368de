import { ask } from './ask.ts';
import type { Command } from './command.ts';
import { digestConfig } from './digest-config.ts';
import { digest } from './digest.ts';
import { paper } from './paper.ts';
import { potdConfig } from './potd-config.ts';
import { potd } from './potd.ts';

/** Every slash command: what deploy-commands registers and what the dispatcher routes to. */
export const commands: Command[] = [ask, paper, potd, potdConfig, digest, digestConfig];
