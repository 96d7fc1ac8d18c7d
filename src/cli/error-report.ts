import { isAbortError, ZkError } from '../errors/index.js';
import { CliError } from './cli-error.js';

/** What the CLI prints for a failed command, and the exit code it returns. */
export interface ErrorReport {
  code: string;
  message: string;
  exitCode: number;
}

/** Exit code of a command interrupted with Ctrl-C (128 + SIGINT), as shells use. */
export const INTERRUPTED_EXIT_CODE = 130;

/**
 * zkCli-like wording for the errors people meet at the prompt ("Node does not
 * exist: /a"); ZkError's own message names the operation, which a person at
 * the prompt already knows.
 */
const ZK_WORDING: Partial<Record<string, string>> = {
  NO_NODE: 'Node does not exist',
  NODE_EXISTS: 'Node already exists',
  BAD_VERSION: 'Version does not match',
  NOT_EMPTY: 'Node not empty',
  NO_AUTH: 'Not authorized',
  NO_CHILDREN_FOR_EPHEMERALS: 'Ephemeral nodes cannot have children',
  SESSION_EXPIRED: 'Session expired',
  CONNECTION_LOSS: 'Connection lost',
};

/** Strips the " (op path)" suffix ZkError adds, to keep one short line. */
function withoutWhere(error: ZkError): string {
  const suffix = / \([^()]*\)$/.exec(error.message);
  return suffix ? error.message.slice(0, suffix.index) : error.message;
}

/** Turns anything thrown by a command into one line and an exit code. */
export function reportError(error: unknown): ErrorReport {
  if (error instanceof CliError) return { code: error.code, message: error.message, exitCode: error.exitCode };
  if (isAbortError(error)) return { code: 'INTERRUPTED', message: 'Interrupted', exitCode: INTERRUPTED_EXIT_CODE };
  if (error instanceof ZkError) {
    const wording = ZK_WORDING[error.code];
    const message = wording === undefined
      ? (error.path ? `${withoutWhere(error)}: ${error.path}` : withoutWhere(error))
      : (error.path ? `${wording}: ${error.path}` : wording);
    return { code: error.code, message, exitCode: 1 };
  }
  const text = error instanceof Error ? error.message : String(error);
  return { code: 'ERROR', message: text.split('\n')[0] ?? text, exitCode: 1 };
}
