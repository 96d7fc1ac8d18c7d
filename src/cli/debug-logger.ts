import type { Writable } from 'node:stream';
import type { LogFields, ZkLogger } from '../observability/index.js';

/** JSON.stringify replacer for log fields: bigints as strings, errors as their message and stack. */
function replacer(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack };
  return value;
}

/**
 * The client's log lines on stderr for `--debug`, one JSON object per line,
 * so that what the session did (connects, retries, expiry) can be seen next
 * to the command's output without a winston setup.
 */
export class StderrLogger implements ZkLogger {
  constructor(private readonly stream: Writable, private readonly fields: LogFields = {}) {}

  private write(level: string, message: string, fields?: LogFields): void {
    this.stream.write(`${JSON.stringify({ level, message, ...this.fields, ...fields }, replacer)}\n`);
  }

  error(message: string, fields?: LogFields): void { this.write('error', message, fields); }
  warn(message: string, fields?: LogFields): void { this.write('warn', message, fields); }
  info(message: string, fields?: LogFields): void { this.write('info', message, fields); }
  debug(message: string, fields?: LogFields): void { this.write('debug', message, fields); }
  child(fields: LogFields): ZkLogger { return new StderrLogger(this.stream, { ...this.fields, ...fields }); }
}
