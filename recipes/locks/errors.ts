import { ZkError } from '../../src/errors/index.js';
import type { LossCause } from '../internal/index.js';

/** `acquire` did not get the lock (or the semaphore leases) within its `timeoutMs`; its node was deleted. */
export class LockTimeoutError extends ZkError {
  constructor(path: string, timeoutMs: number) {
    super('LOCK_TIMEOUT', `Lock ${path} not acquired within ${timeoutMs} ms`, { op: 'acquire', path });
  }
}

/**
 * A held lease may be lost: the reason of `lease.lost`. `cause` says why: the
 * connection was suspended (default loss policy), the session was lost or
 * replaced by a new one (`lossCause`), the client closed, or the lock node was deleted or
 * found owned by another session.
 */
export class LockLostError extends ZkError {
  /** What made the lease doubtful. */
  readonly lossCause: LossCause;

  constructor(path: string, lossCause: LossCause) {
    super('LOCK_LOST', `Lock ${path} may be lost: ${lossCause}`, { op: 'hold', path });
    this.lossCause = lossCause;
  }
}

/**
 * A read-lock holder asked for the write lock of the same ReadWriteLock.
 * Upgrading would wait for its own read lock forever, so it is refused at once
 * (release the read lock first). Downgrading (write, then read) is allowed.
 */
export class LockUpgradeError extends ZkError {
  constructor(path: string) {
    super('LOCK_UPGRADE', `Cannot take the write lock of ${path} while holding or acquiring its read lock`, { op: 'acquire', path });
  }
}
