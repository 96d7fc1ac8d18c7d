import type { ZkClient } from '../../src/client/index.js';
import { predecessorRule } from '../internal/index.js';
import type { LockOptions } from './options.js';
import { SequenceLock, type LockKind } from './sequence-lock.js';

/** Curator's InterProcessMutex queue: `_c_<uuid>-lock-<seq>`, ordered by the text after the last `lock-`. */
export const MUTEX_KIND: LockKind = { name: 'lock-', sortNames: ['lock-'], rule: predecessorRule, spanName: 'zk.mutex', appendOnly: true, ownNodesOnly: false };

/**
 * A distributed mutual-exclusion lock, wire-compatible with Curator's
 * InterProcessMutex: a Node process and a Java process using Curator on the
 * same path exclude each other.
 *
 * - Nodes: `<path>/_c_<uuid>-lock-<seq>`, ephemeral-sequential, protected,
 *   container parents; the lowest sequence holds the lock; each waiter watches
 *   only its immediate predecessor, so a release wakes exactly one waiter.
 * - Leases carry a fencing token (the lock node's czxid) and a `lost` signal.
 * - Re-entrancy per object (Curator: per thread): while this Mutex holds the
 *   lock, `acquire()` again returns another lease on the same node; concurrent
 *   `acquire()` calls on one Mutex share one node. For exclusion between tasks
 *   of one process, give each task its own Mutex object (they are cheap).
 *
 * @example
 * ```ts
 * const mutex = new Mutex(client, '/locks/orders');
 * await mutex.withLock(async (lease) => {
 *   await orders.save(order, { fencingToken: lease.fencingToken, signal: lease.lost });
 * }, { timeoutMs: 5_000 });
 * ```
 */
export class Mutex extends SequenceLock {
  /**
   * @param path the lock path; nodes are created below it (missing parents as containers).
   * @throws InvalidArgumentError, InvalidPathError for bad arguments (nothing is sent).
   */
  constructor(client: ZkClient, path: string, options: LockOptions = {}) {
    super(client, path, MUTEX_KIND, options, 'Mutex');
  }
}
