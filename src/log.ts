/**
 * Minimal levelled logger. Everything goes to stderr so that stdout stays clean for `--json` output,
 * and any registered secret (the Discord token) is masked before a line is written.
 */
type Level = 'debug' | 'info' | 'warn' | 'error';
const order: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

let threshold: Level = (process.env.LOG_LEVEL as Level) in order ? (process.env.LOG_LEVEL as Level) : 'info';
const secrets = new Set<string>();

export function setLogLevel(level: Level): void {
  threshold = level;
}

/** Masks `secret` in every later log line. */
export function redact(secret: string | undefined): void {
  if (secret && secret.length >= 8) secrets.add(secret);
}

function write(level: Level, message: string, detail?: unknown): void {
  if (order[level] < order[threshold]) return;
  let line = `${new Date().toISOString()} ${level.toUpperCase().padEnd(5)} ${message}`;
  if (detail !== undefined) line += ` ${detail instanceof Error ? (detail.stack ?? detail.message) : JSON.stringify(detail)}`;
  for (const secret of secrets) line = line.split(secret).join('[redacted]');
  process.stderr.write(line + '\n');
}

export const log = {
  debug: (message: string, detail?: unknown) => write('debug', message, detail),
  info: (message: string, detail?: unknown) => write('info', message, detail),
  warn: (message: string, detail?: unknown) => write('warn', message, detail),
  error: (message: string, detail?: unknown) => write('error', message, detail),
};
