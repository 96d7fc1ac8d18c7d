import { UsageError } from './cli-error.js';
import { CommandArgs } from './command-args.js';
import type { CommandContext } from './command.js';
import { findCommand } from './commands/registry.js';

/** True if `flag` appears among `words` before a `--` (for `--json`/`--debug` given after the command). */
export function hasFlag(words: readonly string[], flag: string): boolean {
  const end = words.indexOf('--');
  return (end === -1 ? words : words.slice(0, end)).includes(flag);
}

/**
 * Runs one command line (`['ls', '-s', '/']`): finds the command, parses its
 * arguments strictly and runs it. Used by the one-shot CLI and the shell alike.
 *
 * @throws UsageError for an unknown command, option or a wrong number of arguments
 */
export async function runCommand(words: readonly string[], ctx: CommandContext): Promise<void> {
  const [name, ...rest] = words;
  if (name === undefined) return;
  const command = findCommand(name);
  if (!command) throw new UsageError(`unknown command "${name}" (zkr help lists them)`);
  const args = CommandArgs.parse(command.name, rest, command.options);
  args.expectPositionals(command.positionals[0], command.positionals[1], command.usage);
  await command.run(ctx, args);
}
