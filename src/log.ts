/**
 * The levelled logger: pino, writing to stderr so that stdout stays clean for `--json` output. With LOG_FORMAT=json
 * each line is pino's JSON (for a log collector); otherwise one readable line, `<ISO time> LEVEL message [detail]`.
 * The readable line is formatted here rather than by pino-pretty, which brings a dozen packages and prints
 * `[time] LEVEL (pid): message` instead of the line operators and the tests read.
 *
 * Secrets never reach a line: a value registered with `redact` (the Discord token, the model endpoint's API key, the
 * feedback key) is masked wherever it appears, since an error message or a URL can carry it; and the fields that
 * hold a secret are censored by pino's `redact` whatever their value.
 */
import pino, { type Logger } from 'pino';
import type { Config } from './config.ts';

export type LogLevel = Config['logLevel'];
type LogSettings = Pick<Config, 'logLevel' | 'logFormat'>;

const CENSORED = '[redacted]';
const SECRET_FIELDS = ['token', 'apiKey', 'hashKey', 'discord.token', 'llm.apiKey', 'feedback.hashKey', 'headers.authorization'].map(
  (field) => `detail.${field}`,
);
const secrets = new Set<string>();

/** Masks `secret` in every later log line. */
export function redact(secret: string | undefined): void {
  if (secret && secret.length >= 8) secrets.add(secret);
}

function masked(line: string): string {
  for (const secret of secrets) line = line.split(secret).join(CENSORED);
  return line;
}

interface LogEntry {
  time: string;
  level: LogLevel;
  msg: string;
  err?: { message: string; stack?: string };
  detail?: unknown;
}

/** Turns each JSON line pino writes into the readable line. */
const readableStderr = {
  write(json: string): void {
    const entry = JSON.parse(json) as LogEntry;
    let line = `${entry.time} ${entry.level.toUpperCase().padEnd(5)} ${entry.msg}`;
    if (entry.err) line += ` ${entry.err.stack ?? entry.err.message}`;
    else if ('detail' in entry) line += ` ${JSON.stringify(entry.detail)}`;
    process.stderr.write(line + '\n');
  },
};

function createLogger({ logLevel, logFormat }: LogSettings): Logger {
  return pino(
    {
      level: logLevel,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: SECRET_FIELDS, censor: CENSORED },
      hooks: { streamWrite: masked },
    },
    logFormat === 'json' ? process.stderr : readableStderr,
  );
}

// Until an entry point has read the settings (a settings error is logged before that).
let logger = createLogger({ logLevel: 'info', logFormat: 'text' });

/** Applies LOG_LEVEL and LOG_FORMAT, and masks the Discord token and the model endpoint's API key. */
export function configureLog(config: LogSettings & Partial<Pick<Config, 'discord' | 'llm'>>): void {
  logger = createLogger(config);
  redact(config.discord?.token);
  redact(config.llm?.apiKey);
}

export function setLogLevel(level: LogLevel): void {
  logger.level = level;
}

function write(level: LogLevel, message: string, detail?: unknown): void {
  if (detail === undefined) logger[level](message);
  else logger[level](detail instanceof Error ? { err: detail } : { detail }, message);
}

export const log = {
  debug: (message: string, detail?: unknown) => write('debug', message, detail),
  info: (message: string, detail?: unknown) => write('info', message, detail),
  warn: (message: string, detail?: unknown) => write('warn', message, detail),
  error: (message: string, detail?: unknown) => write('error', message, detail),
};
