import path from 'node:path';
import dotenv from 'dotenv';
import { z } from 'zod';
import { isValidTimeZone, parseScheduleInput, PotdConfigError } from './potd/schedule.ts';
import { UserError } from './user-error.ts';

/**
 * Every setting of the bot, read once from the environment (and `.env`) and validated up front,
 * so a typo fails at start with a message naming the variable instead of deep inside a handler.
 */
const snowflake = z.string().regex(/^\d{17,20}$/, 'must be a Discord id (17-20 digits)');
const idList = z
  .string()
  .default('')
  .transform((value) =>
    value
      .split(',')
      .map((id) => id.trim())
      .filter(Boolean),
  )
  .pipe(z.array(snowflake));
const optionalString = z
  .string()
  .optional()
  .transform((value) => (value?.trim() ? value.trim() : undefined));
const flag = z
  .enum(['true', 'false', '1', '0', ''])
  .default('false')
  .transform((value) => value === 'true' || value === '1');
const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** Where `npm install` (src/cli/fetch-assets.ts) puts the embedding model and the English-Chinese lexicon. */
export const DEFAULT_MODEL_DIR = 'node_modules/.cache/paperbot/models';
export const DEFAULT_LEXICON_FILE = 'node_modules/.cache/paperbot/lexicon/ecdict-en-zh.txt';

const schema = z.object({
  EMBEDDING_MODEL: z.string().min(1).default('BAAI/bge-small-zh-v1.5'),
  MODEL_DIR: z.string().default(DEFAULT_MODEL_DIR),
  LEXICON_FILE: z.string().default(DEFAULT_LEXICON_FILE),
  ALLOW_REMOTE_MODELS: flag,
  CORPUS_DIR: z.string().default('corpus'),
  INDEX_DIR: z.string().default('index'),
  DATA_DIR: z.string().default('data'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  LOG_FORMAT: z.enum(['text', 'json']).default('text'),

  DISCORD_TOKEN: optionalString,
  DISCORD_API_BASE: z.url().default('https://discord.com/api'),
  DISCORD_CLIENT_ID: optionalString.pipe(snowflake.optional()),
  DISCORD_GUILD_ID: optionalString.pipe(snowflake.optional()),
  DISCORD_ASK_CHANNEL_IDS: idList,
  RATE_LIMIT_QUESTIONS: positiveInt(5),
  RATE_LIMIT_WINDOW_SECONDS: positiveInt(60),
  ANSWER_WORKERS: z.union([z.literal('auto'), z.coerce.number().int().min(1).max(16)]).default('auto'),
  ANSWER_QUEUE_MAX: positiveInt(100),

  POTD_CHANNEL_ID: optionalString.pipe(snowflake.optional()),
  POTD_CRON: z.string().min(1).default('0 9 * * *'),
  POTD_TZ: z.string().min(1).default('UTC'),
  POTD_LANGUAGE: z.enum(['zh', 'en']).default('zh'),

  FEEDBACK_HASH_KEY: optionalString.pipe(z.string().min(32, 'must be at least 32 characters (e.g. `openssl rand -hex 32`)').optional()),
  FEEDBACK_RETENTION_DAYS: positiveInt(90),
  CONVERSATION_TTL_DAYS: positiveInt(7),
  GUILD_DIGEST_LIMIT: positiveInt(50),
  DIGEST_DOWNLOAD_TIMEOUT_SECONDS: positiveInt(30),

  LLM_BASE_URL: optionalString.pipe(z.url({ protocol: /^https?$/u, error: 'must be a URL such as http://localhost:11434/v1' }).optional()),
  LLM_MODEL: optionalString,
  LLM_API_KEY: optionalString,
  LLM_TIMEOUT_SECONDS: positiveInt(30),
  LLM_MAX_TOKENS: positiveInt(800),
});

export interface Config {
  embeddingModel: string;
  modelDir: string;
  lexiconFile: string;
  allowRemoteModels: boolean;
  corpusDir: string;
  indexDir: string;
  dataDir: string;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** Readable lines, or JSON lines for a log collector. */
  logFormat: 'text' | 'json';
  discord: {
    token?: string;
    apiBase: string;
    clientId?: string;
    guildId?: string;
    askChannelIds: string[];
    rateLimit: { questions: number; windowSeconds: number };
  };
  /** The bot's answering pool (src/workers/): worker threads (undefined: chosen from the cores) and questions that may wait. */
  answering: { workers?: number; maxQueued: number };
  potd: { channelId?: string; cron: string; timeZone: string; language: 'zh' | 'en' };
  feedback: {
    /** Key of the HMAC that stands for a voter; absent: the key file DATA_DIR/feedback.key (created on first use). */
    hashKey?: string;
    /** Answers and their votes older than this are deleted. */
    retentionDays: number;
  };
  /** How long a reply or thread message still continues the answer it follows. */
  conversations: { ttlDays: number };
  /** How many digests of its own a server may add with /digest add (src/guild-digests/). */
  guildDigestLimit: number;
  /** How long /digest add waits for an attachment to download before it gives up. */
  digestDownloadTimeoutMs: number;
  /** The operator's language model for written answers; absent (LLM_BASE_URL unset): quoted answers only. */
  llm?: LlmConfig;
}

export interface LlmConfig {
  /** An OpenAI-compatible chat-completions base URL (Ollama's /v1, llama-server, vLLM, LM Studio, OpenAI). */
  baseUrl: string;
  model: string;
  apiKey?: string;
  /** The whole budget of one answer (or one translated passage), retries included. */
  timeoutMs: number;
  maxTokens: number;
}

export class ConfigError extends UserError {
  override name = 'ConfigError';
}

/** DATA_DIR cannot hold the database: its message is one line naming the variable and the path. */
export class DataDirError extends ConfigError {
  override name = 'DataDirError';

  constructor(dataDir: string, problem: string) {
    super(`DATA_DIR "${dataDir}" cannot be used: ${problem}. Set DATA_DIR (see .env.example) to a folder the bot can write to.`);
  }
}

/** Reads and validates the settings. `env` defaults to process.env with `.env` loaded (existing variables win). */
export function loadConfig(env: NodeJS.ProcessEnv = loadDotenv(), root = process.cwd()): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid settings (see .env.example):\n${problems.join('\n')}`);
  }
  const s = parsed.data;
  if (!isValidTimeZone(s.POTD_TZ)) {
    throw new ConfigError(`Invalid settings (see .env.example):\n  POTD_TZ: unknown IANA time zone "${s.POTD_TZ}"`);
  }
  // "09:30" or a cron expression, read exactly as /potd-config time reads it.
  let potdCron: string;
  try {
    potdCron = parseScheduleInput(s.POTD_CRON);
  } catch (error) {
    if (!(error instanceof PotdConfigError)) throw error;
    throw new ConfigError(`Invalid settings (see .env.example):\n  POTD_CRON: ${error.message}`);
  }
  if (s.LLM_BASE_URL && !s.LLM_MODEL) {
    throw new ConfigError('Invalid settings (see .env.example):\n  LLM_MODEL: required when LLM_BASE_URL is set (e.g. qwen2.5:7b-instruct)');
  }
  const resolve = (p: string) => path.resolve(root, p);
  return {
    embeddingModel: s.EMBEDDING_MODEL,
    modelDir: resolve(s.MODEL_DIR),
    lexiconFile: resolve(s.LEXICON_FILE),
    allowRemoteModels: s.ALLOW_REMOTE_MODELS,
    corpusDir: resolve(s.CORPUS_DIR),
    indexDir: resolve(s.INDEX_DIR),
    dataDir: resolve(s.DATA_DIR),
    logLevel: s.LOG_LEVEL,
    logFormat: s.LOG_FORMAT,
    discord: {
      token: s.DISCORD_TOKEN,
      apiBase: s.DISCORD_API_BASE.replace(/\/+$/, ''),
      clientId: s.DISCORD_CLIENT_ID,
      guildId: s.DISCORD_GUILD_ID,
      askChannelIds: s.DISCORD_ASK_CHANNEL_IDS,
      rateLimit: { questions: s.RATE_LIMIT_QUESTIONS, windowSeconds: s.RATE_LIMIT_WINDOW_SECONDS },
    },
    answering: { workers: s.ANSWER_WORKERS === 'auto' ? undefined : s.ANSWER_WORKERS, maxQueued: s.ANSWER_QUEUE_MAX },
    potd: { channelId: s.POTD_CHANNEL_ID, cron: potdCron, timeZone: s.POTD_TZ, language: s.POTD_LANGUAGE },
    feedback: { hashKey: s.FEEDBACK_HASH_KEY, retentionDays: s.FEEDBACK_RETENTION_DAYS },
    conversations: { ttlDays: s.CONVERSATION_TTL_DAYS },
    guildDigestLimit: s.GUILD_DIGEST_LIMIT,
    digestDownloadTimeoutMs: s.DIGEST_DOWNLOAD_TIMEOUT_SECONDS * 1000,
    ...(s.LLM_BASE_URL && s.LLM_MODEL
      ? {
          llm: {
            baseUrl: s.LLM_BASE_URL.replace(/\/+$/u, ''),
            model: s.LLM_MODEL,
            ...(s.LLM_API_KEY ? { apiKey: s.LLM_API_KEY } : {}),
            timeoutMs: s.LLM_TIMEOUT_SECONDS * 1000,
            maxTokens: s.LLM_MAX_TOKENS,
          },
        }
      : {}),
  };
}

function loadDotenv(): NodeJS.ProcessEnv {
  dotenv.config({ quiet: true });
  return process.env;
}
