import type { ZkClient } from '../client/index.js';
import type { CommandArgs, OptionSpecs } from './command-args.js';
import type { Output } from './output.js';
import type { ZkConnection } from './zk-connection.js';

/** What the interactive shell offers to commands that only make sense inside it. */
export interface ShellControls {
  /** Ends the shell after this command. */
  quit(): void;
  /** Commands entered so far, oldest first. */
  history(): readonly string[];
}

/** What a running command may use. */
export interface CommandContext {
  readonly out: Output;
  /** Aborts on Ctrl-C. Long-running commands (`config watch`) stop cleanly on it. */
  readonly signal: AbortSignal;
  /** The session, opened on first use. */
  readonly connection: ZkConnection;
  /** The shell, when the command runs inside one. */
  readonly shell: ShellControls | undefined;
  /** Directory used by `ensemble` commands unless `--dir` is given. */
  readonly cwd: string;
  /** Process environment (`ZK_CONNECT`, `ZKR_ENSEMBLE_DIR`). */
  readonly env: NodeJS.ProcessEnv;
}

/** One `zkr` command: its name, its help and how it runs. */
export interface Command {
  readonly name: string;
  readonly aliases?: readonly string[];
  /** `ls [-s] [-R] path`. */
  readonly usage: string;
  /** One line for `help`. */
  readonly summary: string;
  /** The zkCli command it matches, for `help` and docs/cli.md. */
  readonly zkCli?: string;
  readonly options?: OptionSpecs;
  /** Smallest and largest number of positional arguments. */
  readonly positionals: readonly [min: number, max: number];
  run(ctx: CommandContext, args: CommandArgs): Promise<void>;
}

/** The connected client of a context, for commands that talk to ZooKeeper. */
export function clientOf(ctx: CommandContext): Promise<ZkClient> {
  return ctx.connection.client();
}

/** Per-call options for one ZooKeeper operation of a command. */
export function callOptions(ctx: CommandContext): { timeoutMs: number; signal: AbortSignal } {
  return { timeoutMs: ctx.connection.timeoutMs, signal: ctx.signal };
}
