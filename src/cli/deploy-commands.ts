/** `npm run deploy-commands`: registers the slash commands; run once after adding or changing a command. */
import { configureLog, log } from '../log.ts';
import { cliProgram, loadSettings, runCli } from './run.ts';
import { UserError } from '../user-error.ts';

cliProgram('deploy-commands', 'Register the slash commands with Discord: in DISCORD_GUILD_ID if set (instant), else globally')
  .addHelpText('after', '\nNeeds DISCORD_TOKEN (and optionally DISCORD_CLIENT_ID, DISCORD_GUILD_ID) in .env; see .env.example.')
  .parse();

async function main(): Promise<void> {
  const config = await loadSettings();
  configureLog(config);
  if (!config.discord.token) throw new UserError('DISCORD_TOKEN is not set: put the bot token in .env (see .env.example).');
  // discord.js is loaded on demand: --help and a missing token do not load it.
  const [{ commands }, { deployCommands }] = await Promise.all([import('../discord/commands/index.ts'), import('../discord/deploy.ts')]);
  const result = await deployCommands(config, commands).catch((error: unknown) => {
    // Discord's own answer to a wrong setting: the token, or an application or guild id it does not know.
    const status = (error as { status?: unknown }).status;
    if (status === 401) throw new UserError('Discord rejected DISCORD_TOKEN (401). Check the bot token in .env.');
    if (typeof status === 'number' && status >= 400 && status < 500) {
      throw new UserError(
        `Discord refused the registration (${status}: ${(error as Error).message}). Check DISCORD_CLIENT_ID and DISCORD_GUILD_ID in .env.`,
      );
    }
    throw error;
  });
  const where =
    result.scope === 'global'
      ? 'globally (new commands can take a while to appear; set DISCORD_GUILD_ID for instant updates while developing)'
      : `in guild ${result.scope.guildId}`;
  log.info(`Registered ${result.names.map((name) => `/${name}`).join(', ')} for application ${result.applicationId} ${where}.`);
}

runCli(main);
