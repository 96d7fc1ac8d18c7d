/**
 * Distributed locks, wire-compatible with Apache Curator 5.x:
 * {@link Mutex} (InterProcessMutex), {@link ReadWriteLock}
 * (InterProcessReadWriteLock) and {@link Semaphore} (InterProcessSemaphoreV2).
 * Every lease has a fencing token and a `lost` signal. See docs/locks.md.
 */
export { Mutex } from './mutex.js';
export { ReadWriteLock, ReadLock, WriteLock, READ_LOCK_NAME, WRITE_LOCK_NAME } from './read-write-lock.js';
export { Semaphore } from './semaphore.js';
export { SequenceLock } from './sequence-lock.js';
export { Lease } from './lease.js';
export { LockTimeoutError, LockLostError, LockUpgradeError } from './errors.js';
export { LockAttr } from './attributes.js';
export type { LockOptions, SemaphoreOptions } from './options.js';
export type { Participant } from './participants.js';
export type { LossPolicy, LossCause } from '../internal/index.js';
