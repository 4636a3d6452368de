/** `npm run deploy-commands`: registers the slash commands; run once after adding or changing a command. */
import { loadConfig } from '../config.ts';
import { commands } from '../discord/commands/index.ts';
import { deployCommands } from '../discord/deploy.ts';
import { log, redact, setLogLevel } from '../log.ts';

try {
  const config = loadConfig();
  setLogLevel(config.logLevel);
  redact(config.discord.token);
  const result = await deployCommands(config, commands);
  const where =
    result.scope === 'global'
      ? 'globally (new commands can take a while to appear; set DISCORD_GUILD_ID for instant updates while developing)'
      : `in guild ${result.scope.guildId}`;
  log.info(`Registered ${result.names.map((name) => `/${name}`).join(', ')} for application ${result.applicationId} ${where}.`);
} catch (error) {
  const status = (error as { status?: number }).status;
  log.error(
    status === 401 ? 'Discord rejected DISCORD_TOKEN (401). Check the bot token in .env.' : 'Registering commands failed',
    status === 401 ? undefined : error,
  );
  process.exitCode = 1;
}
