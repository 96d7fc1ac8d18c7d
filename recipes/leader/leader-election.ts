import { context, ROOT_CONTEXT } from '@opentelemetry/api';
import { sleep, type ConnectionState, type ZkClient } from '../../src/client/index.js';
import { ClosedError, describeValue, InvalidArgumentError } from '../../src/errors/index.js';
import { logEvent } from '../../src/observability/logger.js';
import { LockLostError, Mutex, type Lease } from '../locks/index.js';
import { LeaderContender } from './leader-contender.js';
import { Leadership } from './leadership.js';
import type { LeaderElectionOptions } from './options.js';

/** Curator's LeaderSelector is an InterProcessMutex: nodes `_c_<uuid>-lock-<seq>`, ordered after the last `lock-`. */
const SELECTOR_SORT_NAME = 'lock-';

/** Pause after the n-th consecutive failure to queue: 0.1 s doubling up to 10 s. */
function backoffMs(failures: number): number {
  return Math.min(10_000, 100 * 2 ** failures);
}

/**
 * Leader election that runs a task while leader, wire-compatible with
 * Curator's LeaderSelector: Node and Java selectors on one path share one
 * election.
 *
 * - Built on the {@link Mutex}: node `<path>/_c_<uuid>-lock-<seq>`, data =
 *   `participantId` as UTF-8. Holding the lock is leadership; each waiter
 *   watches only its predecessor.
 * - `lead(signal, leadership)` runs only while leader. `signal` aborts
 *   (reason: `NotLeaderError`) the moment leadership may be lost: suspended
 *   (default loss policy) or lost session, a new session, our node deleted,
 *   `close()`. Leadership is released (the node deleted) as soon as `lead`
 *   returns or throws; a throw is logged.
 * - One term per queueing: with `autoRequeue` the participant queues again
 *   after every term (at the back, as in Curator); without it, `requeue()`.
 *
 * @example
 * ```ts
 * const election = new LeaderElection(client, '/election/cron', {
 *   participantId: 'node-1', autoRequeue: true,
 *   lead: async (signal, { epoch }) => { while (!signal.aborted) await runJob({ signal, epoch }); },
 * });
 * election.start();
 * ```
 */
export class LeaderElection extends LeaderContender {
  readonly #mutex: Mutex;
  readonly #lead: LeaderElectionOptions['lead'];
  readonly #autoRequeue: boolean;
  readonly #closing = new AbortController();
  #round: Promise<void> | undefined;
  #closed: Promise<void> | undefined;

  /**
   * @param path the election path; nodes are created below it (missing parents as containers).
   * @throws InvalidArgumentError, InvalidPathError for bad arguments (nothing is sent).
   */
  constructor(client: ZkClient, path: string, options: LeaderElectionOptions) {
    super(client, path, options, 'LeaderElection', SELECTOR_SORT_NAME);
    const op = 'LeaderElection';
    if (typeof options.lead !== 'function') throw new InvalidArgumentError(`lead must be a function, got ${describeValue(options.lead)}`, { op, path });
    const autoRequeue = options.autoRequeue ?? false;
    if (typeof autoRequeue !== 'boolean') throw new InvalidArgumentError(`autoRequeue must be a boolean, got ${describeValue(autoRequeue)}`, { op, path });
    this.#lead = options.lead;
    this.#autoRequeue = autoRequeue;
    // The lock itself only counts a lost session (or a deleted node) as a loss: under loss
    // policy 'suspended' the election steps down on `suspended` by itself but keeps the
    // node until `lead` has returned, as Curator's LeaderSelector does. A Mutex lease lost
    // on `suspended` would delete the node at the next reconnect, while `lead` may still
    // be winding down: two leaders at once.
    this.#mutex = new Mutex(client, path, { participantData: this.participantId, lossPolicy: 'session' });
  }

  /** True while this participant takes part: queued, leading, or releasing. */
  get isQueued(): boolean {
    return this.#round !== undefined;
  }

  /**
   * Joins the election in the background (Curator's `start()`): our node is
   * queued, and `lead` runs when it is our turn. Queueing outlasts connection
   * loss and session expiry.
   * @throws ClosedError after `close()`; InvalidArgumentError on a second call.
   */
  start(): void {
    const op = 'LeaderElection.start';
    if (this.state === 'closed') throw new ClosedError({ op, path: this.path });
    if (this.state === 'started') throw new InvalidArgumentError('LeaderElection.start() was already called', { op, path: this.path });
    this.markStarted();
    this.queue();
  }

  /**
   * Queues again after a term ended (Curator's `requeue()`). Returns false,
   * doing nothing, while this participant is still queued or leading.
   * @throws ClosedError after `close()`; InvalidArgumentError before `start()`.
   */
  requeue(): boolean {
    const op = 'LeaderElection.requeue';
    if (this.state === 'closed') throw new ClosedError({ op, path: this.path });
    if (this.state === 'latent') throw new InvalidArgumentError('call LeaderElection.start() first', { op, path: this.path });
    if (this.#round) return false;
    this.queue();
    return true;
  }

  /**
   * Leaves the election: leadership ends (`lead`'s signal aborts, `notLeader`
   * is emitted), then, once `lead` has returned, our node is deleted; a queued
   * node is deleted at once. Resolves when that is done; never rejects. If
   * `lead` ignores its signal, this waits for it.
   */
  close(): Promise<void> {
    this.#closed ??= (async () => {
      this.markClosed(true);
      this.#closing.abort(new ClosedError({ op: 'LeaderElection.close', path: this.path }));
      await this.#round;
    })();
    return this.#closed;
  }

  private queue(): void {
    // Rounds outlive any caller's span: run them in the root context.
    const round: Promise<void> = context.with(ROOT_CONTEXT, () => this.run())
      .catch((e: unknown) => this.warn('stopped on an unexpected error', 'zk.leader.loop', e))
      .finally(() => { if (this.#round === round) this.#round = undefined; });
    this.#round = round;
  }

  /** Queue, lead, release; again while `autoRequeue`. */
  private async run(): Promise<void> {
    const closing = this.#closing.signal;
    for (let failures = 0; !closing.aborted;) {
      let lease: Lease;
      try {
        lease = await this.#mutex.acquire({ signal: closing });
        failures = 0;
      } catch (e) {
        if (closing.aborted) return;
        if (this.client.state === 'closed') { void this.close(); return; }
        this.warn('could not queue', 'zk.leader.queue', e);
        if (!this.#autoRequeue) return;
        if (!(await sleep(backoffMs(failures++), closing).then(() => true, () => false))) return;
        continue;
      }
      await this.term(lease);
      if (!this.#autoRequeue) return;
    }
  }

  /** One term: leader from now until leadership may be lost, `lead` ends, or close; then released. */
  private async term(lease: Lease): Promise<void> {
    const leadership = new Leadership(this.path, this.participantId, lease.node, lease.fencingToken);
    const onLost = (): void => {
      const reason: unknown = lease.lost.reason;
      this.deposed(reason instanceof LockLostError ? reason.lossCause : 'session-lost');
    };
    const stepsDownOnSuspend = this.lossPolicy === 'suspended';
    const onState = (state: ConnectionState): void => {
      if (state === 'suspended' && stepsDownOnSuspend) this.deposed('suspended');
    };
    try {
      // Lost between the acquisition and now, already in doubt, or closing: never lead.
      if (lease.lost.aborted || this.#closing.signal.aborted || (stepsDownOnSuspend && this.client.state !== 'connected')) return;
      lease.lost.addEventListener('abort', onLost, { once: true });
      this.client.on('state', onState);
      this.elected(leadership);
      try {
        await this.#lead(leadership.lost, leadership);
      } catch (e) {
        if (!(leadership.lost.aborted && e === leadership.lost.reason)) this.warn('lead threw; releasing leadership', 'zk.leader.lead', e);
      }
    } finally {
      lease.lost.removeEventListener('abort', onLost);
      this.client.off('state', onState);
      this.deposed('released');
      await lease.release();
    }
  }

  private warn(message: string, action: string, error: unknown): void {
    logEvent(this.client.log, 'warn', `LeaderElection ${this.path} ${message}`, action, { zookeeper: { path: this.path }, error }, 'failure');
  }
}
