/**
 * An error the CLI reports as one line on stderr with its own exit code:
 * `UsageError` (exit 2) for a command line that cannot be run, `CliError`
 * (exit 1) for a command that ran and failed.
 */
export class CliError extends Error {
  /** Stable code for `--json` output (`NOT_CONNECTED`, `ENSEMBLE_RUNNING`, ...). */
  readonly code: string;
  /** Process exit code. */
  readonly exitCode: number;

  constructor(message: string, code = 'CLI_ERROR', exitCode = 1, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = new.target.name;
    this.code = code;
    this.exitCode = exitCode;
  }
}

/** A malformed command line: unknown command or option, missing or extra arguments. Exit code 2. */
export class UsageError extends CliError {
  constructor(message: string) {
    super(message, 'USAGE', 2);
  }
}
