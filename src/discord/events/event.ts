import type { ClientEvents } from 'discord.js';
import type { BotContext } from '../context.ts';

/** An event module (discord.js guide style): which client event it handles and how. */
export interface BotEvent<Name extends keyof ClientEvents = keyof ClientEvents> {
  name: Name;
  once?: boolean;
  execute(context: BotContext, ...args: ClientEvents[Name]): Promise<void> | void;
}

/** Keeps each module's argument types checked while letting the registry hold events of different names. */
export function defineEvent<Name extends keyof ClientEvents>(event: BotEvent<Name>): BotEvent {
  return event;
}
