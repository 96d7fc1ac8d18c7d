import { trace } from '@opentelemetry/api';
import type { CallOptions, ZkClient } from '../../src/client/index.js';
import { InvalidArgumentError } from '../../src/errors/index.js';
import { logEvent } from '../../src/observability/logger.js';
import { assertRecipeTarget, takeTurn, type ParticipantNode, type TurnRule } from '../internal/index.js';
import { inAcquireSpan } from './acquire-span.js';
import { LockAttr } from './attributes.js';
import { Hold } from './hold.js';
import type { Lease } from './lease.js';
import { LockOwner } from './lock-owner.js';
import { resolveLockOptions, type LockOptions, type ResolvedLockOptions } from './options.js';
import { readParticipants, type Participant } from './participants.js';

/** What distinguishes a mutex, a read lock and a write lock: data, not code (kazoo's idea). */
export interface LockKind {
  /** Node name after the protected prefix: `lock-`, `__READ__`, `__WRIT__`. */
  name: string;
  /** Names Curator sorts this queue by. */
  sortNames: readonly string[];
  /** When a node of this kind gets the lock. */
  rule: TurnRule;
  /** Span and log prefix: `zk.mutex`, `zk.rwlock.read`, `zk.rwlock.write`. */
  spanName: string;
  /** Whether no blocker can appear ahead of us after we listed (see `TurnRequest.appendOnly`). */
  appendOnly: boolean;
  /** `participants()` lists only nodes whose name contains {@link name} (Curator's read and write locks do). */
  ownNodesOnly: boolean;
}

/** How one acquisition queues: normally `kind`'s name and rule; a read-lock downgrade differs. */
export interface QueueEntry {
  name: string;
  sequential: boolean;
  rule: TurnRule;
}

/**
 * The Mutex API over one kind of queue node: `acquire`, `tryAcquire`,
 * `withLock`, `participants`, with Curator's layout and order, owner
 * re-entrancy per object, and leases that know when they may be lost.
 * Use {@link Mutex} or the locks of a {@link ReadWriteLock}.
 */
export class SequenceLock {
  /** The lock path (parent of the lock nodes). */
  readonly path: string;
  protected readonly client: ZkClient;
  protected readonly options: ResolvedLockOptions;
  protected readonly owner: LockOwner;
  /** The last acquisition had to wait: the next one skips the listing that only pays off when the lock is free. */
  private waitedLast = false;
  /**
   * The node of the last pipelined claim and the cversion of the listing that
   * showed it: once that node is deleted, it stands in for the listing before
   * the next create (`QueueBaseline`), so a lock used in a loop costs three
   * requests a cycle, as the floor's does, in two round trips.
   */
  private previous: { node: ParticipantNode; cversion: number } | undefined;

  protected constructor(client: ZkClient, path: string, protected readonly kind: LockKind, options: LockOptions | undefined, op: string) {
    assertRecipeTarget(client, path, op, 'a lock');
    this.client = client;
    this.path = path;
    this.options = resolveLockOptions(options, op);
    this.owner = new LockOwner((signal, tryOnce) => this.attempt(signal, tryOnce));
  }

  /** True while this object holds the lock (at least one lease neither released nor lost). */
  get isHeld(): boolean {
    return this.owner.current !== undefined;
  }

  /** True while an acquisition is in flight on this object (it is queued or creating its node). */
  get isAcquiring(): boolean {
    return this.owner.acquiring;
  }

  /** Name of the node this object holds the lock with, or `undefined`. */
  protected get heldNodeName(): string | undefined {
    return this.owner.current?.node.name;
  }

  /**
   * Waits for the lock and returns a lease on it. Re-entrant: while this object
   * holds the lock, returns another lease on the same node at once.
   *
   * - Timeout: rejects with `LockTimeoutError` after `timeoutMs`; abort: rejects
   *   with the signal's reason (`AbortError`). Our waiting node is deleted
   *   before the promise rejects, so nothing is left behind.
   * - Session loss while waiting: a new node is queued on the new session (at
   *   the back, as in Curator) within the same deadline.
   * - Errors other than connection loss (retried by the client) reject after our
   *   node is deleted, e.g. `NoAuthError`.
   */
  async acquire(options: CallOptions = {}): Promise<Lease> {
    return (await this.run(options, false))!;
  }

  /**
   * Takes the lock only if it is free right now: one round trip to create and
   * list (plus one to read our node when the listings do not prove its czxid),
   * no waiting. Resolves `null`, with our node
   * deleted, when someone else holds or waits ahead of us, or when this object
   * is itself still acquiring. Re-entrant like {@link acquire}.
   */
  async tryAcquire(options: CallOptions = {}): Promise<Lease | null> {
    return this.run(options, true);
  }

  /**
   * Runs `fn` while holding the lock and releases it in all cases (return,
   * throw). `fn` gets the lease: pass `lease.lost` to its work and
   * `lease.fencingToken` to the guarded resource.
   */
  async withLock<T>(fn: (lease: Lease) => Promise<T> | T, options: CallOptions = {}): Promise<T> {
    if (typeof fn !== 'function') throw new InvalidArgumentError('withLock needs a function', { op: 'withLock', path: this.path });
    const lease = await this.acquire(options);
    try {
      return await fn(lease);
    } finally {
      await lease.release();
    }
  }

  /**
   * The nodes of this lock's queue in Curator's order (holder first), with
   * their data and owner session: equal to Curator's `getParticipantNodes()`.
   * A mutex lists every node; the read (write) lock of a ReadWriteLock lists
   * only the read (write) nodes, as Curator's do.
   */
  async participants(options: CallOptions = {}): Promise<Participant[]> {
    const { name, sortNames, ownNodesOnly } = this.kind;
    return readParticipants(this.client, this.path, sortNames, options, ownNodesOnly ? (child) => child.includes(name) : undefined);
  }

  /** Refuses an acquisition that can never succeed (a read-to-write upgrade). */
  protected checkAcquire(): void {}

  /** The node and rule of the next acquisition. */
  protected queueEntry(): QueueEntry {
    return { name: this.kind.name, sequential: true, rule: this.kind.rule };
  }

  private async run(options: CallOptions, tryOnce: boolean): Promise<Lease | null> {
    const op = tryOnce ? 'tryAcquire' : 'acquire';
    return inAcquireSpan(this.client, `${this.kind.spanName}.acquire`, this.path, options, op, {}, async (deadline, span) => {
      this.checkAcquire();
      const got = await this.owner.acquire(deadline, tryOnce);
      span.setAttribute(LockAttr.OUTCOME, got ? (got.reentered ? 'reentered' : 'acquired') : 'busy');
      if (!got) return null;
      const token = got.lease.fencingToken.toString();
      span.setAttributes({ [LockAttr.NODE]: got.lease.node, [LockAttr.FENCING_TOKEN]: token, [LockAttr.CLAIM]: got.hold.claim });
      if (!got.reentered) {
        logEvent(this.client.log, 'debug', `Acquired ${this.path}`, `${this.kind.spanName}.acquire`, {
          zookeeper: { path: got.lease.node }, lock: { fencing_token: token },
        }, 'success');
      }
      return got.lease;
    });
  }

  private async attempt(signal: AbortSignal, tryOnce: boolean): Promise<Hold | null> {
    const entry = this.queueEntry();
    const previous = this.previous;
    this.previous = undefined;
    const session = previous?.node.ownerSession;
    const baseline = previous?.node.deleted && session ? { cversion: previous.cversion, session } : undefined;
    const turn = await takeTurn(this.client, {
      parent: this.path,
      name: entry.name,
      sequential: entry.sequential,
      data: this.options.participantData,
      sortNames: this.kind.sortNames,
      rule: entry.rule,
      appendOnly: this.kind.appendOnly,
      bracket: !this.waitedLast,
      ...(baseline ? { baseline } : {}),
      deferWatch: true,
      tryOnce,
      onQueued: (node, position) => trace.getActiveSpan()?.setAttributes({ [LockAttr.NODE]: node.path, [LockAttr.QUEUE_POSITION]: position }),
    }, signal);
    this.waitedLast = turn?.waited ?? true;
    if (!turn) return null;
    if (turn.pipelined && turn.cversion !== undefined) this.previous = { node: turn.node, cversion: turn.cversion };
    const ctx = { client: this.client, path: this.path, lossPolicy: this.options.lossPolicy, spanName: this.kind.spanName };
    return new Hold(ctx, turn.node, turn.stat!.czxid, this.owner.forget, turn.pipelined ? 'pipelined' : 'read');
  }
}
