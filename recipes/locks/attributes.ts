/** Span attribute names of the lock recipes (see docs/locks.md). */
export const LockAttr = {
  /** The lock path (the queue's parent). */
  PATH: 'zookeeper.lock.path',
  /** Our lock node's full path. */
  NODE: 'zookeeper.lock.node',
  /** Our index in the queue when we first listed it (0: no waiting). */
  QUEUE_POSITION: 'zookeeper.lock.queue_position',
  /** The fencing token (czxid) as a decimal string. */
  FENCING_TOKEN: 'zookeeper.lock.fencing_token',
  /** `acquired`, `reentered`, `busy` (tryAcquire), `timeout`, `aborted` or `error`. */
  OUTCOME: 'zookeeper.lock.outcome',
  /**
   * How the acquisition was confirmed: `pipelined` (from the listings sent
   * around our create, no read of our node: two round trips per cycle) or `read`
   * (our node's stat read back: contention, first use of a path, reconnects).
   */
  CLAIM: 'zookeeper.lock.claim',
  /** Milliseconds spent waiting for the lock. */
  WAIT_MS: 'zookeeper.lock.wait_ms',
  /** Semaphore: the number of leases asked for, and the maximum. */
  LEASES: 'zookeeper.semaphore.leases',
  MAX_LEASES: 'zookeeper.semaphore.max_leases',
} as const;
