/**
 * What every command-line tool in this folder shares, so that they all behave alike:
 * - `cliProgram`: the commander program. `--help` prints the usage and exits 0 while the arguments are parsed, before
 *   any setting is read or anything is loaded; a usage error (unknown flag, bad value, too many arguments) is
 *   commander's one line and exit code 2.
 * - `runCli`: runs the tool's work and exits with the code it returns. What the user must fix (a setting, the corpus,
 *   a missing or unreadable file, the embedding model) is one line and exit code 1; anything else is a bug, printed
 *   with its stack for the report.
 */
import { Command, InvalidArgumentError } from 'commander';
import type { Config } from '../config.ts';
import { log } from '../log.ts';
import { UserError } from '../user-error.ts';

export function cliProgram(name: string, description: string): Command {
  return new Command(name).description(description).exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : 2));
}

/** A commander argument parser for a whole number of at least `min`. */
export function wholeNumber(min: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`Expected a whole number of at least ${min}.`);
    return n;
  };
}

/**
 * Adds `--questions <file>` (may be given again) and `[files...]` to `program`, for tools that read several question
 * files; `defaults`, read when none is given, are listed in --help. `questionFiles` returns the files to read.
 */
export function withQuestionFiles(program: Command, what: string, defaults: readonly string[]): Command {
  return program
    .argument('[files...]', 'more question files, as with --questions')
    .option('--questions <file>', `${what}; give it again for more (default: the files below)`, (value, previous: string[] = []) => [
      ...previous,
      value,
    ])
    .addHelpText('after', `\nDefault question files:\n${defaults.map((file) => `  ${file}`).join('\n')}`);
}

export function questionFiles(program: Command, defaults: readonly string[]): string[] {
  const given = [...(program.opts<{ questions?: string[] }>().questions ?? []), ...program.args];
  return given.length > 0 ? given : [...defaults];
}

/**
 * The settings, read once the arguments are parsed. Their schema (zod) is imported here, on demand: ~0.1 s of CPU
 * that `--help`, a usage error or a missing question file never spend.
 */
export async function loadSettings(): Promise<Config> {
  const { loadConfig } = await import('../config.ts');
  return loadConfig();
}

export function runCli(main: () => Promise<number | void>): void {
  main().then(
    (code) => process.exit(code ?? 0),
    (error: unknown) => {
      const line = userErrorLine(error);
      if (line === undefined) log.error('Unexpected error (a bug: please report it with what follows):', error);
      else log.error(line);
      process.exit(1);
    },
  );
}

const FILE_PROBLEMS: Record<string, string> = {
  ENOENT: 'no such file or folder',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'a folder, not a file',
  ENOTDIR: 'part of the path is a file, not a folder',
  EROFS: 'read-only file system',
};

/** The one line for an error the user can fix, or undefined for a bug. */
export function userErrorLine(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const { code, path } = error as NodeJS.ErrnoException;
  if (typeof path === 'string' && code && code in FILE_PROBLEMS) return `${path}: ${FILE_PROBLEMS[code]} (${code}).`;
  if (!(error instanceof UserError)) return undefined;
  // A ConfigError lists one setting per line under a heading: "Invalid settings (see .env.example): A: ...; B: ...".
  const [head, ...rest] = error.message.split('\n').map((line) => line.trim());
  return rest.length > 0 ? `${head} ${rest.filter(Boolean).join('; ')}` : head;
}
