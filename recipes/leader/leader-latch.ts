import { context, ROOT_CONTEXT } from '@opentelemetry/api';
import { Deadline, type CallOptions, type ZkClient } from '../../src/client/index.js';
import { ClosedError, describeValue, InvalidArgumentError, TimeoutError } from '../../src/errors/index.js';
import { logEvent } from '../../src/observability/logger.js';
import { inRecipeSpan, type ParticipantNode } from '../internal/index.js';
import { LeaderAttr } from './attributes.js';
import { LATCH_NAME, runLatch, type LatchHooks } from './latch-loop.js';
import { LeaderContender } from './leader-contender.js';
import { Leadership } from './leadership.js';
import type { LeaderLatchOptions } from './options.js';

/** Settles `start()`. */
interface FirstDecision {
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** Options of {@link LeaderLatch.close}. */
export interface LatchCloseOptions {
  /**
   * Emit `notLeader` (and a last `changes()` entry) if this participant was
   * leader: Curator's `CloseMode.NOTIFY_LEADER`. Without it (Curator's default
   * `SILENT`), leadership still ends (`leadership.lost` aborts,
   * `hasLeadership` turns false) but no listener hears of it.
   * @default false
   */
  notify?: boolean;
}

/**
 * Leader election by latch, wire-compatible with Curator's LeaderLatch: Node
 * and Java participants on one path elect exactly one leader between them.
 *
 * - Node `<path>/_c_<uuid>-latch-<seq>` (protected, ephemeral-sequential,
 *   container parents), data = `participantId` as UTF-8. The lowest sequence
 *   leads; every other participant watches only its immediate predecessor.
 * - Before claiming leadership the client must be `connected` and our node's
 *   `ephemeralOwner` must be the current session (Curator 5.7's fix for two
 *   leaders after a reconnect race).
 * - Loss: per `lossPolicy`, leadership ends on `suspended` (default) or only on
 *   `lost`; also on a new session, our node deleted, or the client closing.
 *   After a plain reconnect the same node is checked again (leadership
 *   returns if it is still first); after a new session a new node is queued.
 * - Each term has an `epoch` (the czxid of the leader's node): strictly larger
 *   for every new leader of the path, a fencing token for the leader's writes.
 *
 * @example
 * ```ts
 * await using latch = new LeaderLatch(client, '/election/cron', { participantId: 'node-1' });
 * latch.on('isLeader', (leadership) => runJobs({ signal: leadership.lost, epoch: leadership.epoch }));
 * await latch.start();
 * ```
 */
export class LeaderLatch extends LeaderContender {
  readonly #closing = new AbortController();
  #loop: Promise<void> | undefined;
  #closed: Promise<void> | undefined;
  #node: ParticipantNode | undefined;

  /**
   * @param path the election path; nodes are created below it (missing parents as containers).
   * @throws InvalidArgumentError, InvalidPathError for bad arguments (nothing is sent).
   */
  constructor(client: ZkClient, path: string, options: LeaderLatchOptions = {}) {
    super(client, path, options, 'LeaderLatch', LATCH_NAME);
  }

  /** Full path of our node while we have one in the queue. */
  get node(): string | undefined {
    return this.#node?.isGone === false ? this.#node.path : undefined;
  }

  /**
   * Joins the election, and resolves once it is decided for the first time:
   * this participant is leader, or queued behind another. From then on the
   * latch keeps taking part in the background (through connection loss and
   * new sessions) until `close()`.
   *
   * On timeout (`TimeoutError`), abort (the signal's reason) or an error the
   * latch cannot outlast (`NoAuthError`, ...), the latch is closed, its node
   * deleted, and the call rejects. Connection loss and session expiry are
   * outlasted within the deadline.
   *
   * @throws ClosedError after `close()`; InvalidArgumentError on a second call.
   */
  async start(options: CallOptions = {}): Promise<void> {
    const op = 'LeaderLatch.start';
    if (this.state === 'closed') throw new ClosedError({ op, path: this.path });
    if (this.state === 'started') throw new InvalidArgumentError('LeaderLatch.start() was already called', { op, path: this.path });
    const deadline = new Deadline(options, op, (ms) => new TimeoutError(ms, { op, path: this.path }));
    this.markStarted();
    try {
      await inRecipeSpan(this.client, 'zk.leader.start', {
        [LeaderAttr.RECIPE]: this.recipe, [LeaderAttr.PATH]: this.path, [LeaderAttr.PARTICIPANT_ID]: this.participantId,
      }, async (span) => {
        let decide!: FirstDecision;
        const decided = new Promise<void>((resolve, reject) => { decide = { resolve, reject }; });
        // The loop outlives this span: run it in the root context so that its
        // ZooKeeper operations (for hours) are not children of a finished span.
        const spec = { path: this.path, participantId: this.participantId, lossPolicy: this.lossPolicy };
        this.#loop = context.with(ROOT_CONTEXT, () => runLatch(this.client, spec, this.hooks(decide), this.#closing.signal))
          .catch((e: unknown) => this.loopFailed(e));
        await deadline.race(decided);
        span.setAttributes({ [LeaderAttr.IS_LEADER]: this.hasLeadership, ...(this.node ? { [LeaderAttr.NODE]: this.node } : {}) });
      });
    } catch (e) {
      await this.close();
      throw e;
    } finally {
      deadline.dispose();
    }
  }

  /**
   * Leaves the election: leadership ends first (`leadership.lost` aborts;
   * `notLeader` only with `notify`), then our node is deleted (retried across
   * connection loss, like Curator's guaranteed delete) and the call resolves.
   * Idempotent; never rejects. `changes()` iterators end.
   */
  close(options: LatchCloseOptions = {}): Promise<void> {
    const notify = options?.notify ?? false;
    if (typeof notify !== 'boolean') {
      return Promise.reject(new InvalidArgumentError(`notify must be a boolean, got ${describeValue(notify)}`, { op: 'LeaderLatch.close', path: this.path }));
    }
    this.#closed ??= (async () => {
      this.markClosed(notify);
      this.#closing.abort(new ClosedError({ op: 'LeaderLatch.close', path: this.path }));
      await this.#loop;
    })();
    return this.#closed;
  }

  /** A bug in the loop: say so loudly, and leave the election rather than lead blindly. */
  private loopFailed(error: unknown): void {
    logEvent(this.client.log, 'error', `LeaderLatch ${this.path} stopped on an unexpected error`, 'zk.leader.loop', {
      zookeeper: { path: this.path }, error,
    }, 'failure');
    void this.close({ notify: true });
  }

  /** The loop's reports: the first decision settles `start()`; the rest become events. */
  private hooks(decided: FirstDecision): LatchHooks {
    return {
      queued: (node, position) => {
        this.#node = node;
        logEvent(this.client.log, 'debug', `${this.path}: queued at position ${position}`, 'zk.leader.queued', {
          zookeeper: { path: node.path }, leader: { participant_id: this.participantId },
        });
        if (position > 0) decided.resolve();
      },
      elected: (node, epoch) => {
        this.elected(new Leadership(this.path, this.participantId, node.path, epoch));
        decided.resolve();
      },
      lost: (cause) => this.deposed(cause),
      failed: (error) => {
        decided.reject(error); // fails start() if it is still waiting; a no-op afterwards
        logEvent(this.client.log, 'warn', `LeaderLatch ${this.path} could not queue; trying again`, 'zk.leader.queue', {
          zookeeper: { path: this.path }, error,
        }, 'failure');
      },
      clientClosed: () => {
        decided.reject(new ClosedError({ op: 'LeaderLatch', path: this.path }));
        void this.close();
      },
    };
  }
}
