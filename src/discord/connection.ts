/**
 * What an operator is told when the bot cannot talk to Discord: a gateway close Discord will not let it recover
 * from, or an API it cannot reach. One line each, naming the cause and what to do. Pure (codes in, lines out),
 * shared by `npm start` and the sharding manager, which reads a shard's exit code back into the same line.
 */

/** Gateway close codes after which reconnecting cannot help (discord.js stops trying too). */
const FATAL_CLOSES: Record<number, { cause: string; action: string }> = {
  4004: {
    cause: 'the token was revoked or is wrong',
    action: 'Reset the token in the Developer Portal (Bot → Reset Token) and update DISCORD_TOKEN.',
  },
  4010: {
    cause: 'the shard id or count is invalid',
    action: 'Unset SHARDS and SHARD_COUNT, or use npm run start:sharded, which sets them from Discord’s recommendation.',
  },
  4011: {
    cause: 'the bot is in too many servers for a single connection',
    action: 'Start it with npm run start:sharded.',
  },
  4012: {
    cause: 'this gateway API version is no longer accepted',
    action: 'Update discord.js (npm update discord.js) and restart.',
  },
  4013: {
    cause: 'the bot asked for intents that do not exist',
    action: 'Update paperbot; the intents are set in src/discord/client.ts.',
  },
  4014: {
    cause: 'the Message Content intent is not enabled for this bot',
    action: 'Enable "Message Content Intent" under Bot → Privileged Gateway Intents in the Developer Portal.',
  },
};

/**
 * A process that stops on a fatal close exits with 100 + (close code − 4000), e.g. 104 for 4004: non-zero for a
 * supervisor, clear of Node's own exit codes, and readable back into the cause by the sharding manager.
 */
const EXIT_CODE_OFFSET = 100 - 4000;

export interface FatalClose {
  code: number;
  /** "Discord closed the connection: the token was revoked or is wrong (4004). Reset the token …" */
  message: string;
  exitCode: number;
}

/** The fatal close behind a gateway close code, or undefined for one the client recovers from by reconnecting. */
export function fatalGatewayClose(code: number): FatalClose | undefined {
  const known = FATAL_CLOSES[code];
  if (!known) return undefined;
  return { code, message: `Discord closed the connection: ${known.cause} (${code}). ${known.action}`, exitCode: code + EXIT_CODE_OFFSET };
}

/** The fatal close a (shard) process exited for, read from its exit code. */
export function fatalCloseFromExitCode(exitCode: number | null): FatalClose | undefined {
  return exitCode === null ? undefined : fatalGatewayClose(exitCode - EXIT_CODE_OFFSET);
}

/** Errors that mean the host cannot be reached at all, as opposed to Discord answering with an error. */
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** The network failure behind a failed request ("ECONNREFUSED", "timed out"), looking through wrapped causes. */
export function networkFailure(error: unknown): string | undefined {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth++) {
    const code = (current as NodeJS.ErrnoException).code;
    if (code && UNREACHABLE.has(code)) return code;
    // The REST client aborts a request that gets no answer within its timeout.
    if (current.name === 'AbortError' || current.name === 'TimeoutError') return 'timed out';
  }
  return undefined;
}

/** "Cannot reach Discord at <apiBase> (ECONNREFUSED). …" when `error` is a network failure, else undefined. */
export function unreachableMessage(apiBase: string, error: unknown): string | undefined {
  const failure = networkFailure(error);
  return failure && `Cannot reach Discord at ${apiBase} (${failure}). Check DISCORD_API_BASE and the network.`;
}
