import type { Deadline } from '../../src/client/index.js';
import type { Hold } from './hold.js';
import type { Lease } from './lease.js';

/** Takes the lock once: a new hold, or `null` when `tryOnce` found it taken. Must delete its node before rejecting. */
export type LockAttempt = (signal: AbortSignal, tryOnce: boolean) => Promise<Hold | null>;

/**
 * The signal of an attempt that no caller can abandon (it was started by a call
 * without timeout or signal, which waits for it to the end): it never aborts,
 * and sparing an AbortController per acquisition is measurable in a lock cycle.
 */
const NEVER_ABANDONED = new AbortController().signal;

interface PendingAttempt {
  promise: Promise<Hold | null>;
  /** `undefined` when the attempt cannot be abandoned. */
  controller: AbortController | undefined;
  /** Callers still waiting on it. */
  interest: number;
  settled: boolean;
}

/**
 * The owner semantics of one lock object, like a Curator thread: while it holds
 * the lock, `acquire` again is re-entrant (one more lease on the same node, no
 * ZooKeeper call); concurrent `acquire` calls while it is still acquiring share
 * that one attempt (one node), each within its own deadline. The attempt is
 * abandoned, and its node deleted, only when every caller has given up; the last
 * one to give up rejects after the node is deleted.
 */
export class LockOwner {
  private hold: Hold | undefined;
  private pending: PendingAttempt | undefined;

  constructor(private readonly attempt: LockAttempt) {}

  /** The hold, while neither released nor lost. */
  get current(): Hold | undefined {
    return this.hold?.active ? this.hold : undefined;
  }

  /** True while an attempt is in flight. */
  get acquiring(): boolean {
    return this.pending !== undefined;
  }

  /** Called by a hold when it ends. */
  readonly forget = (hold: Hold): void => {
    if (this.hold === hold) this.hold = undefined;
  };

  /**
   * A lease: re-entrant when held, else from a (possibly shared) attempt.
   * `tryOnce` never waits: `null` when the lock is taken or this object is
   * still acquiring. Rejects with the deadline's reason on timeout or abort.
   */
  async acquire(deadline: Deadline, tryOnce: boolean): Promise<{ lease: Lease; reentered: boolean; hold: Hold } | null> {
    for (;;) {
      deadline.throwIfAborted();
      const held = this.current;
      if (held) return { lease: held.enter(), reentered: true, hold: held };
      if (this.pending && tryOnce) return null;
      const pending = this.pending ?? this.start(tryOnce, deadline.bounded);
      const hold = await this.join(pending, deadline);
      if (hold?.active) return { lease: hold.enter(), reentered: false, hold };
      if (tryOnce) return null;
    }
  }

  private start(tryOnce: boolean, abandonable: boolean): PendingAttempt {
    const controller = abandonable ? new AbortController() : undefined;
    const pending: PendingAttempt = { controller, interest: 0, settled: false, promise: Promise.resolve(null) };
    pending.promise = this.attempt(controller?.signal ?? NEVER_ABANDONED, tryOnce).then((hold) => {
      pending.settled = true;
      if (this.pending === pending) this.pending = undefined;
      if (hold) this.hold = hold;
      return hold;
    }, (e: unknown) => {
      pending.settled = true;
      if (this.pending === pending) this.pending = undefined;
      throw e;
    });
    this.pending = pending;
    return pending;
  }

  private async join(pending: PendingAttempt, deadline: Deadline): Promise<Hold | null> {
    pending.interest++;
    try {
      return await deadline.race(pending.promise);
    } catch (e) {
      if (deadline.aborted && pending.interest === 1) {
        // The last caller gives up: abandon the attempt and wait for its node to be deleted.
        if (!pending.settled) pending.controller?.abort(deadline.signal.reason);
        const hold = await pending.promise.catch(() => null);
        if (hold && hold.leases === 0) await hold.end();
      }
      throw e;
    } finally {
      pending.interest--;
    }
  }
}
