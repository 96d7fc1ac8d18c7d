import { hostname } from 'node:os';
import type { CallOptions } from '../../src/client/index.js';
import { describeValue, InvalidArgumentError } from '../../src/errors/index.js';

/** Options of {@link DoubleBarrier}. */
export interface DoubleBarrierOptions {
  /**
   * How many members must enter before anyone passes `enter` (Curator's
   * `memberQty`): a threshold, not a limit. Every member of one barrier path
   * must use the same value; it is not stored in ZooKeeper.
   */
  memberCount: number;
  /**
   * Written (UTF-8) into our member node, to tell members apart in `zkr` or
   * zkCli. Not part of the protocol: Curator writes its host's IP address text,
   * kazoo its identifier.
   * @default `<hostname>-<pid>` (kazoo's default identifier)
   */
  memberId?: string;
}

/** {@link DoubleBarrierOptions}, checked. */
export interface ResolvedDoubleBarrierOptions {
  memberCount: number;
  memberId: string;
}

/** Validates DoubleBarrier options up front (nothing is sent before). @throws InvalidArgumentError */
export function resolveDoubleBarrierOptions(options: unknown, path: string): ResolvedDoubleBarrierOptions {
  const op = 'DoubleBarrier';
  if (options === null || typeof options !== 'object') {
    throw new InvalidArgumentError(`options must be an object with memberCount, got ${describeValue(options)}`, { op, path });
  }
  const { memberCount, memberId } = options as Partial<DoubleBarrierOptions>;
  if (typeof memberCount !== 'number' || !Number.isInteger(memberCount) || memberCount < 1 || memberCount > 2 ** 31 - 1) {
    throw new InvalidArgumentError(`memberCount must be an integer >= 1, got ${describeValue(memberCount)}`, { op, path });
  }
  if (memberId !== undefined && typeof memberId !== 'string') {
    throw new InvalidArgumentError(`memberId must be a string, got ${describeValue(memberId)}`, { op, path });
  }
  return { memberCount, memberId: memberId ?? `${hostname()}-${process.pid}` };
}

/** Throws unless `options` is absent or an object (its timeoutMs is checked by Deadline). */
export function assertCallOptions(options: unknown, op: string, path: string): asserts options is CallOptions | undefined {
  if (options !== undefined && (options === null || typeof options !== 'object')) {
    throw new InvalidArgumentError(`options must be an object, got ${describeValue(options)}`, { op, path });
  }
  const signal = (options as CallOptions | undefined)?.signal;
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    throw new InvalidArgumentError('signal must be an AbortSignal', { op, path });
  }
}
