import { REST, Routes, type APIApplication, type RESTPutAPIApplicationCommandsResult } from 'discord.js';
import type { Config } from '../config.ts';
import type { Command } from './commands/command.ts';

export interface DeployResult {
  applicationId: string;
  scope: { guildId: string } | 'global';
  names: string[];
}

/**
 * Registers `commands` (the same registry the dispatcher routes to) with Discord: in one guild when
 * DISCORD_GUILD_ID is set (instant, for development), otherwise globally.
 */
export async function deployCommands(config: Config, commands: readonly Command[]): Promise<DeployResult> {
  const { token, guildId } = config.discord;
  if (!token) throw new Error('DISCORD_TOKEN is not set: put the bot token in .env first.');
  const rest = new REST({ api: config.discord.apiBase }).setToken(token);
  const applicationId = config.discord.clientId ?? ((await rest.get(Routes.currentApplication())) as APIApplication).id;
  const route = guildId ? Routes.applicationGuildCommands(applicationId, guildId) : Routes.applicationCommands(applicationId);
  const registered = (await rest.put(route, { body: commands.map((command) => command.data) })) as RESTPutAPIApplicationCommandsResult;
  return { applicationId, scope: guildId ? { guildId } : 'global', names: registered.map((command) => command.name) };
}
