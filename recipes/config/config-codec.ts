import { describeValue, InvalidArgumentError } from '../../src/errors/index.js';
import { InvalidConfigError, type ConfigStage } from './invalid-config-error.js';

/**
 * The default codec of ConfigWatcher: JSON in UTF-8, the format config centers
 * (and `zkCli set` by hand) use most.
 */
export const jsonCodec = {
  decode: (raw: Buffer): unknown => JSON.parse(raw.toString('utf8')),
  encode: (value: unknown): Buffer => {
    const text = JSON.stringify(value);
    // JSON.stringify returns undefined for undefined, functions and symbols.
    if (text === undefined) throw new TypeError('value has no JSON representation');
    return Buffer.from(text, 'utf8');
  },
} as const;

/** How one config type is read and written (part of ConfigWatcherOptions). */
export interface ConfigFunctions<T> {
  /** Node bytes to a value. @default JSON.parse of the UTF-8 text */
  decode?: (raw: Buffer) => unknown;
  /**
   * Checks a decoded value: returns it as `T` (possibly transformed) or throws.
   * Any function fits, e.g. a zod schema's `(v) => schema.parse(v)`.
   * @default no check (the decoded value is taken as `T`)
   */
  validate?: (value: unknown) => T;
  /** A value to bytes, for `publish`. @default JSON.stringify, UTF-8 */
  encode?: (value: T) => Buffer | Uint8Array | string;
}

/**
 * Bytes ⇄ validated values for one config path: the user's decode, validate
 * and encode (or the JSON defaults), with every failure turned into an
 * InvalidConfigError that says which step refused the value.
 */
export class ConfigCodec<T> {
  private readonly decodeFn: (raw: Buffer) => unknown;
  private readonly validateFn: (value: unknown) => T;
  private readonly encodeFn: (value: T) => Buffer | Uint8Array | string;

  /** @throws InvalidArgumentError when one of the functions is not a function */
  constructor(private readonly path: string, fns: ConfigFunctions<T>) {
    for (const name of ['decode', 'validate', 'encode'] as const) {
      if (fns[name] !== undefined && typeof fns[name] !== 'function') {
        throw new InvalidArgumentError(`${name} must be a function, got ${describeValue(fns[name])}`, { op: 'ConfigWatcher', path });
      }
    }
    this.decodeFn = fns.decode ?? jsonCodec.decode;
    this.validateFn = fns.validate ?? ((v: unknown) => v as T);
    this.encodeFn = fns.encode ?? ((v: T) => jsonCodec.encode(v));
  }

  /** Decodes and validates node bytes. @throws InvalidConfigError (stage decode or validate) */
  check(raw: Buffer, version?: number): T {
    const decoded = this.step('decode', () => this.decodeFn(raw), version);
    return this.step('validate', () => this.validateFn(decoded), version);
  }

  /**
   * Encodes a value and checks that it decodes and validates as watchers will,
   * so that nothing a watcher would refuse is ever written.
   * @throws InvalidConfigError
   */
  encode(value: T): Buffer {
    const raw = this.step('encode', () => toBuffer(this.encodeFn(value)));
    this.check(raw);
    return raw;
  }

  private step<R>(stage: ConfigStage, fn: () => R, version?: number): R {
    try {
      return fn();
    } catch (e) {
      throw new InvalidConfigError(stage, this.path, e, version);
    }
  }
}

/** Bytes for what an `encode` function returned. */
function toBuffer(encoded: Buffer | Uint8Array | string): Buffer {
  if (typeof encoded === 'string') return Buffer.from(encoded, 'utf8');
  if (Buffer.isBuffer(encoded)) return encoded;
  if (encoded instanceof Uint8Array) return Buffer.from(encoded.buffer, encoded.byteOffset, encoded.byteLength);
  throw new TypeError('encode must return a Buffer, Uint8Array or string');
}
