import type { ConnectionState, StateChange, ZkClient } from '../../src/client/index.js';
import type { GoneReason, ParticipantNode } from './participant-node.js';
import { LazyAbort } from './lazy-abort.js';

/**
 * When a held lease or leadership counts as lost (Curator's
 * `ConnectionStateErrorPolicy`):
 * - `'suspended'` (default, Curator's Standard policy): as soon as the
 *   connection drops, because from then on another client may get the lock
 *   once the server expires our session, and we would not hear of it;
 * - `'session'` (Curator's Session policy): only when the session is lost.
 *   Between the server expiring the session and the client declaring it lost
 *   there is a window in which two holders may coexist: use fencing tokens.
 */
export type LossPolicy = 'suspended' | 'session';

/** Why a hold was lost. */
export type LossCause =
  | 'suspended'
  | 'session-lost'
  | 'new-session'
  | 'closed'
  | Exclude<GoneReason, 'removed' | 'session-ended'>;

/**
 * The session-loss signal of something held on a {@link ParticipantNode} (a
 * lock lease, leadership): {@link lost} aborts, with the error `makeError`
 * builds, on the first of
 * - the client going `suspended` (policy `'suspended'`), `lost` or `closed`;
 * - the client connected on another session than the node's owner;
 * - the node gone (deleted by someone, session ended, not owned).
 *
 * It listens to the client's `state` event and to the node's own watch (no
 * extra ZooKeeper watch); {@link dispose} removes the listener. Our own
 * `remove()` of the node does not count as a loss.
 */
export class HoldMonitor {
  readonly #lost = new LazyAbort<Error>();
  private stopGone: (() => void) | undefined;
  private readonly onState = (state: ConnectionState, _previous: ConnectionState, change: StateChange): void => {
    if (state === 'suspended' && this.policy === 'suspended') this.lose('suspended');
    else if (state === 'lost') this.lose('session-lost');
    else if (state === 'closed') this.lose('closed');
    else if (state === 'connected' && change.sessionId !== this.node.ownerSession) this.lose('new-session');
  };
  private readonly onGone = (): void => {
    const reason = this.node.goneReason;
    if (!reason || reason === 'removed') return;
    // The node's watch hears of a session's end just before the state event: say it the same way.
    if (reason === 'session-ended') this.lose(this.client.state === 'closed' ? 'closed' : 'session-lost');
    else this.lose(reason);
  };
  private disposed = false;

  /**
   * Starts monitoring; if the hold is already doubtful (not connected under the
   * policy, another session, node gone) {@link lost} aborts at once.
   * @param onLost called once, after {@link lost} aborted.
   */
  constructor(
    private readonly client: ZkClient,
    private readonly node: ParticipantNode,
    private readonly policy: LossPolicy,
    private readonly makeError: (cause: LossCause) => Error,
    private readonly onLost?: (cause: LossCause) => void,
  ) {
    client.on('state', this.onState);
    this.stopGone = node.onGone(this.onGone);
    const state = client.state;
    if (node.isGone) this.onGone();
    else if (state === 'closed') this.lose('closed');
    else if (state === 'lost' || state === 'connecting') this.lose('session-lost');
    else if (state === 'suspended' && policy === 'suspended') this.lose('suspended');
    else if (client.sessionId !== node.ownerSession) this.lose('new-session');
  }

  /** Aborted once the hold may be lost; its reason is the error from `makeError`. */
  get lost(): AbortSignal {
    return this.#lost.signal;
  }

  /** True once the hold may be lost (what {@link lost} says, without making the signal). */
  get isLost(): boolean {
    return this.#lost.aborted;
  }

  private lose(cause: LossCause): void {
    if (this.#lost.aborted || this.disposed) return;
    this.#lost.abort(this.makeError(cause));
    this.dispose();
    this.onLost?.(cause);
  }

  /** Stops monitoring (on release). {@link lost} stays as it is. Idempotent. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.client.off('state', this.onState);
    this.stopGone?.();
    this.stopGone = undefined;
  }
}
