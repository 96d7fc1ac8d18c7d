import { NotLeaderError, type LeadershipLossCause } from './errors.js';

/** A change of a participant's leadership, as `changes()` yields it. */
export type LeadershipChange =
  | { isLeader: true; leadership: Leadership }
  | { isLeader: false; leadership: Leadership; cause: LeadershipLossCause };

/** Typed events of a {@link LeaderLatch} or {@link LeaderElection}. */
export interface LeaderEvents {
  /** This participant became leader (`hasLeadership` is already true). */
  isLeader: [leadership: Leadership];
  /** This participant stopped being leader (`hasLeadership` is already false; `leadership.lost` has aborted). */
  notLeader: [cause: LeadershipLossCause, leadership: Leadership];
}

/**
 * One term of leadership: from the moment a participant was confirmed leader
 * to the moment it stopped (or may have stopped) being leader.
 *
 * @example
 * ```ts
 * const leadership = await latch.awaitLeadership({ timeoutMs: 30_000 });
 * await jobs.runAll({ signal: leadership.lost, fencingToken: leadership.epoch });
 * ```
 */
export class Leadership {
  /** The participant id (the node's data). */
  readonly participantId: string;
  /** Full path of the leader's node. */
  readonly node: string;
  /**
   * The epoch: the czxid of the leader's node. Every later leader of the same
   * path (a later node, a later ZooKeeper transaction) has a strictly larger
   * one, so it works as a fencing token: a resource that refuses writes with an
   * epoch below the highest it has seen refuses a leader that lost leadership
   * without knowing it (a long pause, a partition). A leader that regains
   * leadership with the same node (after a plain reconnect) keeps its epoch.
   */
  readonly epoch: bigint;
  /**
   * Aborts, with a {@link NotLeaderError}, the moment this leadership ends or
   * may have ended: per the loss policy on `suspended`, on `lost`, on a new
   * session, when the node is deleted, and on `close()`. Pass it to the work
   * only a leader may do.
   */
  readonly lost: AbortSignal;
  /** When leadership began (`Date.now()`). */
  readonly since: number;
  readonly #controller = new AbortController();
  readonly #path: string;

  /** @internal Made by the latch and the election. */
  constructor(path: string, participantId: string, node: string, epoch: bigint) {
    this.#path = path;
    this.participantId = participantId;
    this.node = node;
    this.epoch = epoch;
    this.since = Date.now();
    this.lost = this.#controller.signal;
  }

  /** True until {@link lost} aborts. */
  get isActive(): boolean {
    return !this.lost.aborted;
  }

  /** Why it ended, once it has. */
  get lossCause(): LeadershipLossCause | undefined {
    const reason: unknown = this.lost.reason;
    return reason instanceof NotLeaderError ? reason.lossCause : undefined;
  }

  /** @internal Ends the term (idempotent); false if it had already ended. */
  end(cause: LeadershipLossCause): boolean {
    if (this.lost.aborted) return false;
    this.#controller.abort(new NotLeaderError(this.#path, cause));
    return true;
  }
}
