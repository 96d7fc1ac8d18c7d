import { setMaxListeners } from 'node:events';
import { SDK_VERSION } from '../observability/index.js';
import type { CliIo } from './cli-io.js';
import type { CommandContext } from './command.js';
import { StderrLogger } from './debug-logger.js';
import { hasFlag, runCommand } from './dispatch.js';
import { reportError } from './error-report.js';
import { parseGlobalOptions, type GlobalOptions } from './global-options.js';
import { Output } from './output.js';
import { InteractiveShell } from './shell/interactive-shell.js';
import { ZkConnection } from './zk-connection.js';

/** Runs one command with Ctrl-C wired to its signal, and closes the session afterwards. */
async function runOnce(io: CliIo, options: GlobalOptions, connection: ZkConnection): Promise<number> {
  const words = options.command;
  const out = new Output(io.stdout, io.stderr, options.json || hasFlag(words, '--json'));
  const debug = options.debug || hasFlag(words, '--debug');
  const interrupt = new AbortController();
  // Every operation of a command listens on this signal, and `tree` runs many at once.
  setMaxListeners(0, interrupt.signal);
  const onInterrupt = (): void => interrupt.abort();
  process.on('SIGINT', onInterrupt);
  const ctx: CommandContext = { out, signal: interrupt.signal, connection, shell: undefined, cwd: io.cwd, env: io.env };
  try {
    await runCommand(words, ctx);
    return 0;
  } catch (error) {
    const report = reportError(error);
    out.error(report, debug && error instanceof Error ? error.stack : undefined);
    return report.exitCode;
  } finally {
    process.off('SIGINT', onInterrupt);
    await connection.close();
  }
}

/**
 * The whole CLI: parses the global options, then runs one command, or the
 * interactive shell when there is none. Resolves with the exit code: 0 on
 * success, 1 when a command failed, 2 for a bad command line, 130 after Ctrl-C.
 * Errors are one line on stderr (stack only with `--debug`).
 */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  let options: GlobalOptions;
  try {
    options = parseGlobalOptions(argv, io.env);
  } catch (error) {
    const report = reportError(error);
    new Output(io.stdout, io.stderr, argv.includes('--json')).error(report);
    return report.exitCode;
  }
  if (options.version) {
    io.stdout.write(`${SDK_VERSION}\n`);
    return 0;
  }
  const debug = options.debug || hasFlag(options.command, '--debug');
  const connection = new ZkConnection({
    connect: options.connect, timeoutMs: options.timeoutMs, auth: options.auth,
    ...(debug ? { logger: new StderrLogger(io.stderr) } : {}),
  });
  if (options.help) return runOnce(io, { ...options, command: ['help', ...options.command.slice(0, 1)] }, connection);
  if (options.command.length === 0) return new InteractiveShell(io, connection, { json: options.json, debug: options.debug }).run();
  return runOnce(io, options, connection);
}
