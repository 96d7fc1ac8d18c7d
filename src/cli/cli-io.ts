import type { Readable, Writable } from 'node:stream';

/** The process around the CLI, passed in so that it can run in tests without a child process. */
export interface CliIo {
  stdin: Readable & { isTTY?: boolean };
  stdout: Writable;
  stderr: Writable;
  env: NodeJS.ProcessEnv;
  cwd: string;
}
