import { clientError, clientWarning, shardError } from './client-errors.ts';
import { shardDisconnect, shardReconnecting, shardResume } from './connection.ts';
import type { BotEvent } from './event.ts';
import { interactionCreate } from './interaction-create.ts';
import { messageCreate } from './message-create.ts';
import { potdGuildJoined, potdStart } from './potd.ts';
import { ready } from './ready.ts';

/** Every client event the bot listens to; features add theirs here (e.g. a scheduler started on ClientReady). */
export const events: BotEvent[] = [
  // Features are set up before `ready` logs "Connected", so that line means the bot is up (operators and tests wait for it).
  potdStart,
  ready,
  potdGuildJoined,
  messageCreate,
  interactionCreate,
  clientError,
  clientWarning,
  shardError,
  shardDisconnect,
  shardReconnecting,
  shardResume,
];
