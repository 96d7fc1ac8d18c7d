import type { NodeDataInput } from '../../src/client/index.js';
import { describeValue, InvalidArgumentError } from '../../src/errors/index.js';
import type { LossPolicy } from '../internal/index.js';

/** Options of Mutex and ReadWriteLock. */
export interface LockOptions {
  /**
   * Data written into our lock node, shown by `participants()` (Curator: the lock
   * node bytes / `lockData`; Curator itself writes the host's IP text). Use it to
   * say who holds the lock, e.g. `` `${hostname()}:${process.pid}` ``.
   * @default empty
   */
  participantData?: NodeDataInput;
  /**
   * When a held lease counts as lost: `'suspended'` as soon as the connection
   * drops (Curator's standard policy), or `'session'` only when the session is
   * lost (Curator's session policy; a partition shorter than the session
   * timeout then keeps the lease). See docs/locks.md.
   * @default 'suspended'
   */
  lossPolicy?: LossPolicy;
}

/** Options of Semaphore. */
export interface SemaphoreOptions extends LockOptions {
  /**
   * How many leases may be held at once. Not stored in ZooKeeper (as in
   * Curator): every participant on a path must use the same value.
   */
  maxLeases: number;
}

/** A lock node's data, normalised. */
export interface ResolvedLockOptions {
  participantData: NodeDataInput;
  lossPolicy: LossPolicy;
}

/** Validates the common options up front (nothing is sent before). @throws InvalidArgumentError */
export function resolveLockOptions(options: LockOptions | undefined, op: string): ResolvedLockOptions {
  if (options !== undefined && (options === null || typeof options !== 'object')) {
    throw new InvalidArgumentError(`options must be an object, got ${describeValue(options)}`, { op });
  }
  const data = options?.participantData;
  if (data !== undefined && data !== null && typeof data !== 'string' && !(data instanceof Uint8Array)) {
    throw new InvalidArgumentError('participantData must be a string, Buffer or Uint8Array', { op });
  }
  const lossPolicy = options?.lossPolicy ?? 'suspended';
  if (lossPolicy !== 'suspended' && lossPolicy !== 'session') {
    throw new InvalidArgumentError(`lossPolicy must be "suspended" or "session", got ${describeValue(lossPolicy)}`, { op });
  }
  return { participantData: data ?? null, lossPolicy };
}
