import { parseArgs } from 'node:util';
import { UsageError } from './cli-error.js';

/** One option of a command, as `node:util` parseArgs declares it. */
export interface OptionSpec {
  type: 'boolean' | 'string';
  short?: string;
  multiple?: boolean;
  /** For `zkr help <command>`. */
  description?: string;
  /** Value placeholder in help (`version`, `ms`). */
  valueName?: string;
}

export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

/** Options every command accepts after its name as well as before it. */
export const COMMON_OPTIONS: OptionSpecs = {
  json: { type: 'boolean', description: 'print the result as JSON' },
  debug: { type: 'boolean', description: 'print stack traces and client logs on stderr' },
};

/** First sentence of a parseArgs error: the rest explains `--`, which is noise here. */
function firstSentence(message: string): string {
  const line = message.split('\n')[0] ?? message;
  const cut = line.indexOf('. ');
  return cut === -1 ? line : line.slice(0, cut);
}

/**
 * A command's parsed arguments with typed accessors. Every accessor that can
 * fail throws `UsageError` naming the command, so bad input is one line.
 */
export class CommandArgs {
  private constructor(
    private readonly command: string,
    private readonly values: Readonly<Record<string, string | boolean | (string | boolean)[] | undefined>>,
    /** Positional arguments, in order. */
    readonly positionals: readonly string[],
  ) {}

  /** Parses `argv` (the words after the command name) against `options` plus the common ones. */
  static parse(command: string, argv: readonly string[], options: OptionSpecs = {}): CommandArgs {
    const all = { ...COMMON_OPTIONS, ...options };
    const config = Object.fromEntries(Object.entries(all).map(([name, spec]) => [
      name,
      { type: spec.type, ...(spec.short ? { short: spec.short } : {}), ...(spec.multiple ? { multiple: true } : {}) },
    ]));
    try {
      const { values, positionals } = parseArgs({ args: [...argv], options: config, allowPositionals: true, strict: true });
      return new CommandArgs(command, values, positionals);
    } catch (error) {
      throw new UsageError(`${command}: ${firstSentence((error as Error).message)}`);
    }
  }

  /** True if the boolean option was given. */
  flag(name: string): boolean {
    return this.values[name] === true;
  }

  /** The value of a string option, or `undefined`. */
  string(name: string): string | undefined {
    const value = this.values[name];
    return typeof value === 'string' ? value : undefined;
  }

  /** Every value of a repeatable string option. */
  strings(name: string): string[] {
    const value = this.values[name];
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  }

  /** The value of an integer option (`undefined` if absent); rejects non-integers and values below `min`. */
  integer(name: string, min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER): number | undefined {
    const text = this.string(name);
    if (text === undefined) return undefined;
    const value = Number(text);
    if (!/^-?\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value < min || value > max) {
      const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `in ${min}..${max}`;
      throw new UsageError(`${this.command}: --${name} must be an integer ${range}, got "${text}"`);
    }
    return value;
  }

  /** Throws unless there are between `min` and `max` positionals. */
  expectPositionals(min: number, max: number, usage: string): void {
    const n = this.positionals.length;
    if (n < min) throw new UsageError(`${this.command}: missing argument (usage: ${usage})`);
    if (n > max) throw new UsageError(`${this.command}: unexpected argument "${this.positionals[max]}" (usage: ${usage})`);
  }

  /** The positional at `index` (call {@link expectPositionals} first). */
  at(index: number): string {
    const value = this.positionals[index];
    if (value === undefined) throw new UsageError(`${this.command}: missing argument ${index + 1}`);
    return value;
  }
}
