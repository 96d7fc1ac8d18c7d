import { joinPath, sleep, type CallOptions, type ZkClient } from '../../src/client/index.js';
import { describeValue, InvalidArgumentError } from '../../src/errors/index.js';
import { logEvent } from '../../src/observability/logger.js';
import { assertRecipeTarget, isTransient, predecessorRule, takeTurn } from '../internal/index.js';
import { inAcquireSpan } from './acquire-span.js';
import { LockAttr } from './attributes.js';
import { Hold, type HoldContext } from './hold.js';
import type { Lease } from './lease.js';
import { resolveLockOptions, type ResolvedLockOptions, type SemaphoreOptions } from './options.js';
import { readParticipants, type Participant } from './participants.js';
import { takeLeases } from './take-leases.js';

/** Curator's `InterProcessSemaphoreV2` names. */
export const SEMAPHORE_LOCK_PARENT = 'locks';
export const SEMAPHORE_LEASE_PARENT = 'leases';
export const SEMAPHORE_LEASE_NAME = 'lease-';

/**
 * A counting semaphore, wire-compatible with Curator's InterProcessSemaphoreV2:
 * at most `maxLeases` leases are held at once across every process using the
 * path.
 *
 * Layout: `<path>/locks` is a mutex that serialises acquirers, and each lease is
 * a node `<path>/leases/_c_<uuid>-lease-<seq>`. An acquirer takes the mutex,
 * creates its lease node(s), and waits (watching the children of `leases`: only
 * the mutex holder watches) until the number of lease nodes is at most
 * `maxLeases`; then it releases the mutex. `maxLeases` is not stored in
 * ZooKeeper: every participant must use the same value.
 *
 * Leases are not re-entrant (as in Curator); each has a fencing token (its
 * node's czxid) and a `lost` signal, like a mutex lease.
 *
 * @example
 * ```ts
 * const slots = new Semaphore(client, '/semaphores/exports', { maxLeases: 3 });
 * await using lease = await slots.acquire({ timeoutMs: 30_000 });
 * await runExport({ signal: lease.lost });
 * ```
 */
export class Semaphore {
  /** The semaphore path. */
  readonly path: string;
  /** The most leases held at once. */
  readonly maxLeases: number;
  private readonly client: ZkClient;
  private readonly options: ResolvedLockOptions;

  /** @throws InvalidArgumentError, InvalidPathError for bad arguments (nothing is sent). */
  constructor(client: ZkClient, path: string, options: SemaphoreOptions) {
    assertRecipeTarget(client, path, 'Semaphore', 'a lock');
    this.options = resolveLockOptions(options, 'Semaphore');
    const max: unknown = options.maxLeases;
    if (typeof max !== 'number' || !Number.isInteger(max) || max < 1) {
      throw new InvalidArgumentError(`maxLeases must be an integer >= 1, got ${describeValue(max)}`, { op: 'Semaphore', path });
    }
    this.client = client;
    this.path = path;
    this.maxLeases = max;
  }

  /**
   * Waits for one lease. Timeout: `LockTimeoutError`; abort: the signal's reason.
   * Either way our nodes (lease and queue) are deleted before it rejects.
   */
  async acquire(options: CallOptions = {}): Promise<Lease> {
    return (await this.acquireMany(1, options))[0];
  }

  /**
   * Waits for `count` leases at once (all or none): one pass through the mutex
   * creates `count` lease nodes and waits until all fit under `maxLeases`.
   * (Curator takes them one by one, which can deadlock two acquirers that each
   * got part.) Timeout and abort as for {@link acquire}.
   * @throws InvalidArgumentError unless 1 ≤ count ≤ maxLeases.
   */
  async acquireMany(count: number, options: CallOptions = {}): Promise<Lease[]> {
    if (!Number.isInteger(count) || count < 1 || count > this.maxLeases) {
      throw new InvalidArgumentError(`count must be an integer in 1..${this.maxLeases}, got ${describeValue(count)}`, { op: 'acquireMany', path: this.path });
    }
    const attributes = { [LockAttr.LEASES]: count, [LockAttr.MAX_LEASES]: this.maxLeases };
    return inAcquireSpan(this.client, 'zk.semaphore.acquire', this.path, options, 'acquire', attributes, async (deadline, span) => {
      const leases = await this.take(count, deadline.signal);
      span.setAttributes({ [LockAttr.OUTCOME]: 'acquired', [LockAttr.FENCING_TOKEN]: leases[0].fencingToken.toString() });
      logEvent(this.client.log, 'debug', `Acquired ${count} lease(s) of ${this.path}`, 'zk.semaphore.acquire', { zookeeper: { path: this.path } }, 'success');
      return leases;
    });
  }

  /**
   * The lease nodes (Curator's `getParticipantNodes()`), ordered by sequence.
   * Curator returns them in the server's order; compare them as a set.
   */
  async participants(options: CallOptions = {}): Promise<Participant[]> {
    return readParticipants(this.client, joinPath(this.path, SEMAPHORE_LEASE_PARENT), [SEMAPHORE_LEASE_NAME], options);
  }

  private async take(count: number, signal: AbortSignal): Promise<Lease[]> {
    const ctx: HoldContext = { client: this.client, path: this.path, lossPolicy: this.options.lossPolicy, spanName: 'zk.semaphore' };
    for (let failures = 0; ; ) {
      const gate = await takeTurn(this.client, {
        parent: joinPath(this.path, SEMAPHORE_LOCK_PARENT), name: 'lock-', data: null,
        sortNames: ['lock-'], rule: predecessorRule, appendOnly: true, confirm: false, deferWatch: true,
      }, signal);
      try {
        const taken = await takeLeases(this.client, {
          parent: joinPath(this.path, SEMAPHORE_LEASE_PARENT), name: SEMAPHORE_LEASE_NAME, data: this.options.participantData,
          count, maxLeases: this.maxLeases, gate: gate!.node,
        }, signal);
        if (taken) return taken.map(({ node, stat }) => new Hold(ctx, node, stat.czxid, () => {}).enter());
      } catch (e) {
        // As in takeTurn: outlast connection trouble and session expiry within the deadline.
        if (signal.aborted || !isTransient(e)) throw e;
        await sleep(Math.min(1000, 50 * 2 ** failures++), signal);
      }
    }
  }
}
