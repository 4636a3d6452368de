import { type Client, Events } from 'discord.js';
import type { Config } from '../config.ts';
import { log, redact } from '../log.ts';
import { openDatabase } from '../storage/database.ts';
import { FeedbackStore } from '../storage/feedback.ts';
import type { QaService } from '../types.ts';
import { createClient } from './client.ts';
import type { Command, ComponentHandler } from './commands/command.ts';
import { commands as defaultCommands } from './commands/index.ts';
import { components as defaultComponents } from './components/index.ts';
import type { BotContext, BotServices } from './context.ts';
import { ConversationMemory } from './conversation.ts';
import type { BotEvent } from './events/event.ts';
import { events as defaultEvents } from './events/index.ts';
import { RateLimiter } from './rate-limit.ts';
import { ChannelTyping } from './typing.ts';

export interface StartBotOptions {
  qa: QaService;
  /** Registries default to the bot's own; pass extended arrays to add features. */
  commands?: readonly Command[];
  components?: readonly ComponentHandler[];
  events?: readonly BotEvent[];
  services?: BotServices;
}

export interface RunningBot {
  client: Client;
  context: BotContext;
  /** Disconnects from Discord and closes the database; safe to call twice. */
  stop(): Promise<void>;
}

/** Login failed for a reason the operator can fix; `message` says how and never contains the token. */
export class LoginError extends Error {
  override name = 'LoginError';
}

/** Connects to Discord and resolves once the client is ready (all of this process's shards). */
export async function startBot(config: Config, options: StartBotOptions): Promise<RunningBot> {
  const token = config.discord.token;
  if (!token) throw new LoginError('DISCORD_TOKEN is not set.');
  redact(token);

  const db = openDatabase(config.dataDir);
  const stopHooks: (() => Promise<void> | void)[] = [];
  const context: BotContext = {
    config,
    qa: options.qa,
    db,
    feedback: new FeedbackStore(db),
    rateLimiter: new RateLimiter(config.discord.rateLimit.questions, config.discord.rateLimit.windowSeconds * 1000),
    conversations: new ConversationMemory(),
    typing: new ChannelTyping(),
    commands: options.commands ?? defaultCommands,
    components: options.components ?? defaultComponents,
    services: options.services ?? {},
    onStop: (hook) => stopHooks.push(hook),
  };
  const client = createClient(config);
  for (const event of options.events ?? defaultEvents) {
    const listener = (...args: unknown[]) => {
      // A rejected listener would otherwise become an unhandled rejection.
      Promise.resolve((event.execute as (...a: unknown[]) => unknown)(context, ...args)).catch((error: unknown) =>
        log.error(`Handler for ${event.name} failed`, error),
      );
    };
    if (event.once) client.once(event.name, listener);
    else client.on(event.name, listener);
  }

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    for (const hook of stopHooks) {
      try {
        await hook();
      } catch (error) {
        log.error('Shutdown step failed', error);
      }
    }
    await client.destroy();
    db.close();
  };

  // Subscribed before login: the ready event can fire before login() resolves.
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  try {
    await client.login(token);
    await ready;
  } catch (error) {
    await stop();
    throw explainLoginFailure(error);
  }
  return { client, context, stop };
}

function explainLoginFailure(error: unknown): unknown {
  const code = (error as { code?: unknown }).code;
  if (code === 'TokenInvalid') {
    return new LoginError(
      'Discord rejected DISCORD_TOKEN (401). Copy the bot token again from the Developer Portal (Bot → Reset Token) into .env.',
    );
  }
  if (code === 'DisallowedIntents') {
    return new LoginError(
      'Discord refused the Message Content intent. Enable "Message Content Intent" under Bot → Privileged Gateway Intents in the Developer Portal.',
    );
  }
  return error;
}
