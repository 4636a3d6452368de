/**
 * `npm start`: connects to Discord when DISCORD_TOKEN is set, otherwise opens a local console chat over the same
 * question-answering service. Also the per-shard entry point spawned by src/shard-manager.ts (discord.js reads
 * SHARDS/SHARD_COUNT from the environment itself).
 */
import { ConfigError, loadConfig } from './config.ts';
import { runConsoleChat } from './console/chat.ts';
import { checkBeforeStart, LoginError, startBot } from './discord/bot.ts';
import { LIMITS } from './discord/format/limits.ts';
import { configureLog, log } from './log.ts';
import { QaPool } from './workers/qa-pool.ts';
import { createResponder, loadWritingModel } from './written/responder.ts';

// A stray rejection anywhere is logged, never fatal: one failed request must not take the bot down.
process.on('unhandledRejection', (reason) => log.error('Unhandled promise rejection', reason));

async function main(): Promise<number> {
  const config = loadConfig();
  configureLog(config);

  // The written step runs here, on the main thread: it only waits on the model's endpoint.
  const model = await loadWritingModel(config);
  if (model) log.info(`Written answers from ${config.llm!.model} at ${config.llm!.baseUrl}, checked before they are shown.`);
  if (!config.discord.token) {
    // Imported here: the bot answers in its workers, so its own thread never loads the model or the index code.
    const { createQaService } = await import('./qa.ts');
    const qa = await createQaService(config);
    log.info(
      'No DISCORD_TOKEN set: starting the console chat. To connect to Discord, set DISCORD_TOKEN in .env, run `npm run deploy-commands` once, then `npm start`.',
    );
    // Written answers as long as the bot's (one Discord message), so the console shows what Discord would.
    await runConsoleChat(createResponder(qa, model, LIMITS.content), {
      input: process.stdin,
      output: process.stdout,
      interactive: Boolean(process.stdin.isTTY),
    });
    return 0;
  }

  // Listen before connecting: a signal that arrives while the bot logs in must still stop it cleanly.
  const stopSignal = new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  // A wrong token, an unreachable Discord or an unusable DATA_DIR is told at once, not after the model has loaded.
  await checkBeforeStart(config);
  // The bot answers in worker threads, so its gateway connection stays responsive whatever the questions cost.
  const qa = await QaPool.start(config);
  try {
    const bot = await startBot(config, { qa, embedder: qa, digests: qa, ...(model ? { model } : {}) });
    const end = await Promise.race([stopSignal, bot.closedForGood, qa.allStopped]);
    if (typeof end === 'string') log.info(`${end} received, disconnecting`);
    await bot.stop();
    // Exiting non-zero lets a supervisor see it; restarting would only be closed again.
    if (end instanceof LoginError) throw end;
    // Workers cannot be restarted inside this process (src/workers/qa-pool.ts): a new process can.
    if (end instanceof Error) {
      log.error(`${end.message}: exiting so that the bot can be restarted`);
      return 1;
    }
  } finally {
    await qa.close();
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    // Known problems get one clear line; the token is redacted from anything logged.
    if (error instanceof ConfigError || error instanceof LoginError) log.error(error.message);
    else log.error('Start-up failed', error);
    process.exit(error instanceof LoginError ? error.exitCode : 1);
  },
);
