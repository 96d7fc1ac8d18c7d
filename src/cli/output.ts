import type { Writable } from 'node:stream';
import type { ErrorReport } from './error-report.js';

/** JSON.stringify replacer: zxids are bigints, which JSON cannot hold; they become decimal strings. */
function jsonValue(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

/**
 * Where a command writes: text for people or, with `--json`, one JSON document
 * per result for scripts. Errors always go to stderr as one line.
 */
export class Output {
  constructor(
    private readonly stdout: Writable,
    private readonly stderr: Writable,
    /** True with `--json`. */
    public json: boolean,
  ) {}

  /** Writes lines of text (ignored in JSON mode: commands call {@link result}). */
  line(...lines: string[]): void {
    for (const text of lines) this.stdout.write(`${text}\n`);
  }

  /** Writes `value` as one JSON line in JSON mode, else runs `human` to print text. */
  result(value: unknown, human: () => void): void {
    if (this.json) this.stdout.write(`${JSON.stringify(value, jsonValue)}\n`);
    else human();
  }

  /** A note for a person (progress, hints) on stderr; never part of the result. */
  note(text: string): void {
    if (!this.json) this.stderr.write(`${text}\n`);
  }

  /** One error line on stderr (a JSON object in JSON mode), plus the stack with `--debug`. */
  error(report: ErrorReport, debugStack?: string): void {
    if (this.json) this.stderr.write(`${JSON.stringify({ error: { code: report.code, message: report.message } })}\n`);
    else this.stderr.write(`zkr: ${report.message}\n`);
    if (debugStack) this.stderr.write(`${debugStack}\n`);
  }
}
