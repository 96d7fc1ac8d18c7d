import { EventEmitter, on, once } from 'node:events';
import { Deadline, type CallOptions, type ZkClient } from '../../src/client/index.js';
import { ClosedError, TimeoutError } from '../../src/errors/index.js';
import { logEvent } from '../../src/observability/logger.js';
import { assertRecipeTarget, type LossPolicy } from '../internal/index.js';
import type { LeadershipLossCause } from './errors.js';
import { reportTransition } from './leader-telemetry.js';
import type { Leadership, LeadershipChange, LeaderEvents } from './leadership.js';
import { resolveLeaderOptions, type LeaderLatchOptions } from './options.js';
import { NO_LEADER, readParticipants, type LeaderParticipant } from './participants.js';

/** Lifecycle of a latch or an election: Curator's `LATENT`, `STARTED`, `CLOSED`. */
export type ContenderState = 'latent' | 'started' | 'closed';

/** A sequence node name long enough for any election path: `_c_<uuid>-latch-0000000000`. */
const LONGEST_NODE_NAME = `_c_${'0'.repeat(36)}-latch-0000000000`;

/**
 * What {@link LeaderLatch} and {@link LeaderElection} share: the participant's
 * identity, its current {@link Leadership}, the `isLeader` / `notLeader` events
 * and the `changes()` feed, `awaitLeadership`, and the Curator-compatible
 * `getLeader` / `getParticipants` reads. Subclasses decide when leadership
 * begins ({@link elected}) and ends ({@link deposed}).
 */
export abstract class LeaderContender extends EventEmitter<LeaderEvents> implements AsyncDisposable {
  /** The election path (the parent of the participant nodes). */
  readonly path: string;
  /** This participant's id (its node's data). */
  readonly participantId: string;
  protected readonly client: ZkClient;
  protected readonly lossPolicy: LossPolicy;
  #state: ContenderState = 'latent';
  #current: Leadership | undefined;
  /** `change` for `changes()`, `end` when closed, `update` on either (for waiters). */
  readonly #feed = new EventEmitter<{ change: [LeadershipChange]; end: []; update: [] }>();

  /**
   * @param recipe the class name, for errors, spans and logs.
   * @param sortName the recipe name Curator orders this election's nodes by (`latch-`, `lock-`).
   */
  protected constructor(client: ZkClient, path: string, options: LeaderLatchOptions | undefined, protected readonly recipe: string, private readonly sortName: string) {
    super();
    assertRecipeTarget(client, path, recipe, 'an election');
    const maxIdBytes = client.dataLimit(`${path}/${LONGEST_NODE_NAME}`);
    const resolved = resolveLeaderOptions(options, recipe, maxIdBytes);
    this.client = client;
    this.path = path;
    this.participantId = resolved.participantId;
    this.lossPolicy = resolved.lossPolicy;
    this.#feed.setMaxListeners(0);
  }

  /** `'latent'` until `start()`, `'started'`, then `'closed'` after `close()` (or after its client closed). */
  get state(): ContenderState {
    return this.#state;
  }

  /** True while this participant is leader (its {@link leadership} has not ended). */
  get hasLeadership(): boolean {
    return this.#current?.isActive === true;
  }

  /** The current term of leadership (its `epoch`, its `lost` signal), or `undefined` when not leader. */
  get leadership(): Leadership | undefined {
    return this.#current?.isActive ? this.#current : undefined;
  }

  /**
   * Resolves with the leadership as soon as this participant is leader (at
   * once if it is). May be called before `start()`.
   *
   * @throws TimeoutError (code `TIMEOUT`) after `timeoutMs`; the signal's reason
   * on abort; ClosedError when the participant is (or gets) closed first.
   * Leaves no listener behind.
   */
  async awaitLeadership(options: CallOptions = {}): Promise<Leadership> {
    const op = `${this.recipe}.awaitLeadership`;
    const deadline = new Deadline(options, op, (ms) => new TimeoutError(ms, { op, path: this.path }));
    try {
      for (;;) {
        const current = this.leadership;
        if (current) return current;
        if (this.#state === 'closed') throw new ClosedError({ op, path: this.path });
        deadline.throwIfAborted();
        try {
          await once(this.#feed, 'update', { signal: deadline.signal });
        } catch (e) {
          deadline.throwIfAborted();
          throw e;
        }
      }
    } finally {
      deadline.dispose();
    }
  }

  /**
   * Leadership changes from this call on, as an async iterable: `{ isLeader:
   * true, leadership }` and `{ isLeader: false, leadership, cause }`, in order,
   * none skipped. It ends when the participant closes, or quietly when
   * `signal` aborts. A silent `close()` ends it without a last `isLeader:
   * false` entry (as it emits no `notLeader`).
   */
  changes(options: { signal?: AbortSignal } = {}): AsyncGenerator<LeadershipChange, void, undefined> {
    const signal = options.signal;
    if (this.#state === 'closed' || signal?.aborted) return (async function* () {})();
    // Subscribed now, not at the first next(): no change in between is missed.
    const source = on(this.#feed, 'change', { close: ['end'], ...(signal ? { signal } : {}) });
    return (async function* () {
      try {
        for await (const [change] of source) yield change as LeadershipChange;
      } catch (e) {
        if (!signal?.aborted) throw e;
      }
    })();
  }

  /**
   * The current leader, as Curator's `getLeader()`: the first node in
   * Curator's order that still exists, its data as the id. `{ id: '',
   * isLeader: false }` when nobody takes part. Works in any state.
   */
  async getLeader(options: CallOptions = {}): Promise<LeaderParticipant> {
    const [first] = await readParticipants(this.client, this.path, this.sortName, options, true);
    return first ?? NO_LEADER;
  }

  /** Every participant in Curator's order, leader first, as Curator's `getParticipants()`. */
  async getParticipants(options: CallOptions = {}): Promise<LeaderParticipant[]> {
    return readParticipants(this.client, this.path, this.sortName, options);
  }

  /** Same as `close()` with default options. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /** Stops taking part, giving up leadership first if held. */
  abstract close(): Promise<void>;

  /** Moves from latent to started. */
  protected markStarted(): void {
    this.#state = 'started';
  }

  /** Leadership begins: `hasLeadership` turns true, then `isLeader` is emitted and published. */
  protected elected(leadership: Leadership): void {
    this.#current = leadership;
    reportTransition(this.client, this.recipe, this.path, leadership);
    this.#publish({ isLeader: true, leadership });
    try {
      this.emit('isLeader', leadership);
    } catch (e) {
      this.listenerFailed('isLeader', e);
    }
  }

  /**
   * Leadership ends (no-op when not leader): `leadership.lost` aborts, then,
   * with `notify`, `notLeader` is emitted and published.
   */
  protected deposed(cause: LeadershipLossCause, notify = true): void {
    const leadership = this.#current;
    if (!leadership?.end(cause)) return;
    reportTransition(this.client, this.recipe, this.path, leadership, cause);
    if (!notify) return;
    this.#publish({ isLeader: false, leadership, cause });
    try {
      this.emit('notLeader', cause, leadership);
    } catch (e) {
      this.listenerFailed('notLeader', e);
    }
  }

  /** Gives up leadership (notifying or not), marks the participant closed and ends every feed and waiter. */
  protected markClosed(notify: boolean): void {
    this.deposed('released', notify);
    this.#state = 'closed';
    this.#feed.emit('end');
    this.#feed.emit('update');
  }

  #publish(change: LeadershipChange): void {
    this.#feed.emit('change', change);
    this.#feed.emit('update');
  }

  private listenerFailed(event: string, e: unknown): void {
    logEvent(this.client.log, 'error', `A ${event} listener of ${this.recipe} ${this.path} threw`, 'zk.leader.listener', {
      zookeeper: { path: this.path }, error: e,
    }, 'failure');
  }
}
