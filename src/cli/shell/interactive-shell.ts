import { setMaxListeners } from 'node:events';
import { createInterface, type Interface } from 'node:readline';
import type { CliIo } from '../cli-io.js';
import type { CommandContext, ShellControls } from '../command.js';
import { hasFlag, runCommand } from '../dispatch.js';
import { reportError } from '../error-report.js';
import { Output } from '../output.js';
import type { ZkConnection } from '../zk-connection.js';
import { tokenize } from './tokenize.js';

/** Settings of the shell from the global options. */
export interface ShellSettings {
  json: boolean;
  debug: boolean;
}

const HISTORY_SIZE = 1000;

/**
 * zkr's interactive shell: a zkCli-like prompt
 * (`[zk: 127.0.0.1:2181(CONNECTED) 3] `) running the same commands as the
 * command line over one session. History is kept in memory (arrow keys and
 * `history`); a failed command prints one line and the shell goes on; Ctrl-C
 * stops a running command (`config watch`) or, at the prompt, leaves.
 */
export class InteractiveShell implements ShellControls {
  private readonly entered: string[] = [];
  private quitting = false;
  private running: AbortController | undefined;
  private readonly rl: Interface;

  constructor(private readonly io: CliIo, private readonly connection: ZkConnection, private readonly settings: ShellSettings) {
    this.rl = createInterface({
      input: io.stdin, output: io.stdout, terminal: io.stdin.isTTY === true, historySize: HISTORY_SIZE, removeHistoryDuplicates: true,
    });
  }

  quit(): void {
    this.quitting = true;
  }

  history(): readonly string[] {
    return this.entered;
  }

  private readonly onInterrupt = (): void => {
    if (this.running) this.running.abort();
    else this.rl.close();
  };

  private async prompt(): Promise<void> {
    const state = await this.connection.state();
    const shown = state === 'connected' ? 'CONNECTED' : state.toUpperCase();
    this.rl.setPrompt(`[zk: ${this.connection.connectString}(${shown}) ${this.entered.length}] `);
    this.rl.prompt();
  }

  /** Reads and runs commands until `quit`, end of input or Ctrl-C at the prompt. Resolves with the exit code (0). */
  async run(): Promise<number> {
    this.rl.on('SIGINT', this.onInterrupt);
    process.on('SIGINT', this.onInterrupt);
    // Take lines from now on: input piped in arrives while we connect, and a
    // line emitted with no reader would be lost.
    const lines = this.rl[Symbol.asyncIterator]();
    try {
      if (this.io.stdin.isTTY) this.io.stdout.write('Welcome to zkr. Type help for the commands, quit to leave.\n');
      // Connect up front as zkCli does, so the prompt tells at once whether the
      // ensemble is reachable; a failure is reported and the next command retries.
      await this.connection.client().catch((error: unknown) =>
        new Output(this.io.stdout, this.io.stderr, this.settings.json).error(reportError(error)));
      await this.prompt();
      for (let next = await lines.next(); !next.done; next = await lines.next()) {
        await this.execute(next.value);
        if (this.quitting) break;
        await this.prompt();
      }
    } finally {
      process.off('SIGINT', this.onInterrupt);
      this.rl.close();
      await this.connection.close();
    }
    return 0;
  }

  private async execute(line: string): Promise<void> {
    const out = new Output(this.io.stdout, this.io.stderr, this.settings.json);
    let words: string[];
    try {
      words = tokenize(line);
    } catch (error) {
      out.error(reportError(error));
      return;
    }
    if (words.length === 0) return;
    this.entered.push(line.trim());
    out.json = this.settings.json || hasFlag(words, '--json');
    const debug = this.settings.debug || hasFlag(words, '--debug');
    this.running = new AbortController();
    // Every operation of a command listens on this signal, and `tree` runs many at once.
    setMaxListeners(0, this.running.signal);
    const ctx: CommandContext = {
      out, signal: this.running.signal, connection: this.connection, shell: this, cwd: this.io.cwd, env: this.io.env,
    };
    try {
      await runCommand(words, ctx);
    } catch (error) {
      out.error(reportError(error), debug && error instanceof Error ? error.stack : undefined);
    } finally {
      this.running = undefined;
    }
  }
}
