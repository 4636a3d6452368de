import { type Client, Events, REST, Routes } from 'discord.js';
import type { Config } from '../config.ts';
import { log, redact } from '../log.ts';
import { openDatabase } from '../storage/database.ts';
import { openStorage } from '../storage/storage.ts';
import type { TextEmbedder } from '../gaps/gaps.ts';
import type { DigestManager } from '../guild-digests/changes.ts';
import { GuildDigestStore } from '../guild-digests/store.ts';
import type { QaService } from '../types.ts';
import type { WritingModel } from '../written/model.ts';
import { createResponder } from '../written/responder.ts';
import { createClient } from './client.ts';
import { EDIT_INTERVAL_MS } from './answering.ts';
import { PendingUploads } from './components/digest.ts';
import { fatalGatewayClose, unreachableMessage } from './connection.ts';
import type { BotContext } from './context.ts';
import { events } from './events/index.ts';
import { LIMITS } from './format/limits.ts';
import { createPotdScheduler, type PotdTime } from './potd.ts';
import { RateLimiter } from './rate-limit.ts';
import { ChannelTyping } from './typing.ts';

export interface StartBotOptions {
  qa: QaService;
  /** What `/digest gaps` groups questions with: the answering pool, whose workers hold the model. */
  embedder?: TextEmbedder;
  /** Where servers' own digests are read and indexed (the answering pool); without it /digest can only list them. */
  digests?: DigestManager;
  /** The operator's language model (LLM_BASE_URL): answers are written by it, checked, and streamed into the reply. */
  model?: WritingModel;
  /** The paper-of-the-day scheduler's clock and timers; real ones unless a test drives time. */
  potdTime?: PotdTime;
  /** How often a streamed answer's message is edited: EDIT_INTERVAL_MS unless a test streams faster. */
  editIntervalMs?: number;
}

export interface RunningBot {
  client: Client;
  context: BotContext;
  /** Disconnects from Discord and closes the database; safe to call twice. */
  stop(): Promise<void>;
  /**
   * Settles (never rejects) if Discord closes the connection for good — a revoked token, intents no longer
   * allowed — after which the client does not reconnect; the bot should then stop and exit with its exit code.
   */
  closedForGood: Promise<LoginError>;
}

/**
 * Connecting to Discord failed, or Discord ended the connection, for a reason the operator can fix; `message` says
 * how and never contains the token, `exitCode` is what the process should exit with.
 */
export class LoginError extends Error {
  override name = 'LoginError';
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

/**
 * What would make startBot fail, checked before anything slow is loaded (`npm start` loads the model first): that
 * DATA_DIR can hold the database and that Discord, reachable at DISCORD_API_BASE, accepts DISCORD_TOKEN (one REST
 * call, GET /gateway/bot, which login makes too). Throws the DataDirError or LoginError startBot would.
 */
export async function checkBeforeStart(config: Config): Promise<void> {
  const token = config.discord.token;
  if (!token) throw new LoginError('DISCORD_TOKEN is not set.');
  redact(token);
  openDatabase(config.dataDir).close();
  try {
    await new REST({ api: config.discord.apiBase }).setToken(token).get(Routes.gatewayBot());
  } catch (error) {
    throw explainLoginFailure(error, config.discord.apiBase);
  }
}

/** Connects to Discord and resolves once the client is ready (all of this process's shards). */
export async function startBot(config: Config, options: StartBotOptions): Promise<RunningBot> {
  const token = config.discord.token;
  if (!token) throw new LoginError('DISCORD_TOKEN is not set.');
  redact(token);

  const storage = openStorage(config);
  const client = createClient(config);
  const guildDigests = new GuildDigestStore(config.dataDir);
  let potd: BotContext['potd'];
  try {
    // Each guild's posts come from its scope: the global digests and its own.
    potd = createPotdScheduler(config, storage.db, (guildId) => guildDigests.papersInScope(options.qa.papers, guildId), client, options.potdTime);
  } catch (error) {
    await storage.close();
    throw error;
  }
  const context: BotContext = {
    config,
    qa: options.qa,
    responder: createResponder(options.qa, options.model, LIMITS.content),
    db: storage.db,
    feedback: storage.feedback,
    rateLimiter: new RateLimiter(config.discord.rateLimit.questions, config.discord.rateLimit.windowSeconds * 1000),
    conversations: storage.conversations,
    potd,
    typing: new ChannelTyping(),
    ...(options.embedder ? { embedder: options.embedder } : {}),
    guildDigests,
    ...(options.digests ? { digests: options.digests } : {}),
    pendingUploads: new PendingUploads(),
    editIntervalMs: options.editIntervalMs ?? EDIT_INTERVAL_MS,
  };
  // Subscribed first: a close during login (the token rejected at identify) must be explained as well.
  let fatal: LoginError | undefined;
  const closedForGood = new Promise<LoginError>((resolve) =>
    client.on(Events.ShardDisconnect, ({ code }) => {
      const close = fatalGatewayClose(code);
      if (!close || fatal) return;
      fatal = new LoginError(close.message, close.exitCode);
      resolve(fatal);
    }),
  );
  for (const event of events) {
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
    // The scheduler records the posts under way while the database is still open.
    try {
      await potd.stop();
    } catch (error) {
      log.error('Stopping the paper of the day failed', error);
    }
    // Destroying the client closes the connection, which discord.js reports as a reconnect: not news when stopping.
    client.removeAllListeners(Events.ShardReconnecting);
    await client.destroy();
    await storage.close();
  };

  // Subscribed before login: the ready event can fire before login() resolves.
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  try {
    // A fatal close before READY leaves login waiting (or failing with a bare "Authentication failed").
    await Promise.race([client.login(token).then(() => ready), closedForGood.then((error) => Promise.reject(error))]);
  } catch (error) {
    await stop();
    throw fatal ?? explainLoginFailure(error, config.discord.apiBase);
  }
  return { client, context, stop, closedForGood };
}

function explainLoginFailure(error: unknown, apiBase: string): unknown {
  // A rejected token, as discord.js's login reports it and as its REST client does.
  const { code, status } = error as { code?: unknown; status?: unknown };
  if (code === 'TokenInvalid' || status === 401) {
    return new LoginError('Discord rejected DISCORD_TOKEN (401). Copy the bot token again from the Developer Portal (Bot → Reset Token) into .env.');
  }
  const unreachable = unreachableMessage(apiBase, error);
  return unreachable ? new LoginError(unreachable) : error;
}
