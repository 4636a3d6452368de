/**
 * `npm run start:sharded`: the bot under discord.js's ShardingManager, one process per shard. Each shard runs the
 * bot's own entry point next to this file (dist/main.mjs from the bundle, src/main.ts under tsx from source) with its
 * own QaService, and posts the paper of the day for the guilds it holds; SQLite slot claims keep every post single
 * even though all shards share the database. SIGINT/SIGTERM stop every shard cleanly before the manager exits.
 */
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DiscordAPIError, REST, type RESTGetAPIGatewayBotResult, Routes, type Shard, ShardingManager } from 'discord.js';
import { ConfigError, loadConfig } from './config.ts';
import { type FatalClose, fatalCloseFromExitCode, unreachableMessage } from './discord/connection.ts';
import { configureLog, log } from './log.ts';

/**
 * Discord accepts `max_concurrency` identifies per 5 seconds, in buckets of shard id modulo max_concurrency. Spawning
 * one shard every 5.5 s / max_concurrency keeps every bucket at one identify per 5.5 s.
 */
const IDENTIFY_INTERVAL_MS = 5500;
/** A shard loads the embedding model, and may have to build the index, before it connects. */
const SHARD_READY_TIMEOUT_MS = 120_000;
/** How long a shard may take to disconnect after SIGTERM before it is killed. */
const SHARD_STOP_GRACE_MS = 10_000;

const self = fileURLToPath(import.meta.url);
const fromSource = path.extname(self) === '.ts';
const shardFile = path.join(path.dirname(self), fromSource ? 'main.ts' : 'main.mjs');

process.on('unhandledRejection', (reason) => log.error('Unhandled promise rejection', reason));

async function main(): Promise<number> {
  const config = loadConfig();
  configureLog(config);
  const token = config.discord.token;
  if (!token) throw new ConfigError('DISCORD_TOKEN is not set: npm run start:sharded runs the Discord bot. Set it in .env.');

  // Like totalShards: 'auto', but asked through DISCORD_API_BASE: discord.js's own lookup always goes to discord.com.
  const gateway = await fetchGatewayInfo(config.discord.apiBase, token);
  const totalShards = gateway.shards;
  let stopping = false;
  // No respawn until every shard has started once: a shard dying at start-up (say, a wrong setting) fails the start.
  const manager = new ShardingManager(shardFile, {
    token,
    totalShards,
    respawn: false,
    execArgv: fromSource ? ['--import', 'tsx'] : [],
  });
  // A shard that exits because Discord closed its connection for good (a revoked token, say) is not restarted:
  // every restart would be closed again. The whole manager stops instead.
  let fatal: FatalClose | undefined;
  let stopForFatal!: () => void;
  const fatalExit = new Promise<void>((resolve) => (stopForFatal = resolve));
  manager.on('shardCreate', (shard) => {
    watchShard(shard, totalShards, () => stopping);
    shard.on('spawn', (spawned) => {
      const child = spawned as ChildProcess;
      // A shard spawned while the manager is stopping is stopped at once.
      if (stopping) void stopProcess(child);
      // Put first so that it runs before the Shard's own exit listener, which decides whether to respawn.
      child.prependListener('exit', (code) => {
        const close = fatalCloseFromExitCode(code);
        if (!close) return;
        fatal ??= close;
        manager.respawn = false;
        stopForFatal();
      });
    });
  });
  log.info(`Starting ${totalShards} shard(s) from ${path.relative(process.cwd(), shardFile)}`);

  const signal = nextSignal();
  const stopRequest = Promise.race([signal.then((name) => ({ signal: name })), fatalExit.then(() => ({ fatal: true }))]);
  const spawned = manager
    .spawn({
      delay: Math.ceil(IDENTIFY_INTERVAL_MS / gateway.session_start_limit.max_concurrency),
      timeout: SHARD_READY_TIMEOUT_MS,
    })
    .then(() => {
      // A shard that became ready and then died while the others were starting was not respawned.
      const dead = manager.shards.filter((shard) => !shard.process);
      if (dead.size > 0) throw new Error(`shard(s) ${[...dead.keys()].join(', ')} exited during start-up`);
      manager.respawn = !stopping;
      log.info(`All ${totalShards} shard(s) are ready`);
    })
    .then(
      () => ({ ready: true }) as const,
      (error: unknown) => ({ failed: error }) as const,
    );
  const first = await Promise.race([spawned, stopRequest]);
  const end = 'ready' in first ? await stopRequest : first;
  let exitCode = 0;
  if ('failed' in end) {
    log.error(`Starting the shards failed: ${end.failed instanceof Error ? end.failed.message : String(end.failed)}`);
    exitCode = 1;
  } else {
    log.info(
      `${'signal' in end ? `${end.signal} received` : "Discord closed a shard's connection for good"}, stopping ${manager.shards.size} shard(s)`,
    );
  }

  stopping = true;
  manager.respawn = false;
  await stopShards(manager);
  // A start-up still under way ends as soon as its shard is stopped; stop any shard it created meanwhile.
  await spawned;
  await stopShards(manager);
  if (!fatal) return exitCode;
  // The shard said why; saying it again as the manager's last line is what an operator reads first.
  log.error(fatal.message);
  return fatal.exitCode;
}

async function fetchGatewayInfo(apiBase: string, token: string): Promise<RESTGetAPIGatewayBotResult> {
  try {
    return (await new REST({ api: apiBase }).setToken(token).get(Routes.gatewayBot())) as RESTGetAPIGatewayBotResult;
  } catch (error) {
    if (error instanceof DiscordAPIError && error.status === 401) {
      throw new ConfigError('Discord rejected DISCORD_TOKEN (401). Copy the bot token again from the Developer Portal into .env.');
    }
    const unreachable = unreachableMessage(apiBase, error);
    throw unreachable ? new ConfigError(unreachable) : error;
  }
}

function watchShard(shard: Shard, totalShards: number, stopping: () => boolean): void {
  const name = `Shard ${shard.id} of ${totalShards}`;
  shard.on('spawn', (child) => log.info(`${name}: process ${(child as ChildProcess).pid} started`));
  shard.on('ready', () => log.info(`${name}: connected to Discord`));
  // A shard that is stopping disconnects on purpose; only an unplanned loss of the connection is news.
  shard.on('disconnect', () => stopping() || log.warn(`${name}: disconnected from Discord`));
  shard.on('reconnecting', () => stopping() || log.info(`${name}: reconnecting to Discord`));
  shard.on('death', (child) => {
    const { exitCode, signalCode } = child as ChildProcess;
    const how = signalCode ? `signal ${signalCode}` : `code ${exitCode}`;
    if (stopping()) log.info(`${name}: stopped (${how})`);
    else log.error(`${name}: process exited (${how})${shard.manager.respawn ? '; restarting it' : ''}`);
  });
  // Without a listener an 'error' (say, a failed respawn) would crash the manager.
  shard.on('error', (error) => log.error(`${name}: ${error.message}`));
}

async function stopShards(manager: ShardingManager): Promise<void> {
  await Promise.all(manager.shards.map((shard) => (shard.process ? stopProcess(shard.process) : Promise.resolve())));
}

/** SIGTERM (the shard disconnects and closes its database), then SIGKILL if it takes too long. */
async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const deadline = setTimeout(() => child.kill('SIGKILL'), SHARD_STOP_GRACE_MS);
  await exited;
  clearTimeout(deadline);
}

function nextSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError) log.error(error.message);
    else log.error('The sharding manager failed', error);
    process.exit(1);
  },
);
