import { sleep, type ZkClient } from '../../src/client/index.js';
import {
  HoldMonitor, predecessorRule, takeTurn, type LossCause, type LossPolicy, type ParticipantNode, type Turn,
} from '../internal/index.js';
import { NotLeaderError } from './errors.js';

/** Curator's LeaderLatch node name (`LOCK_NAME`): nodes are `_c_<uuid>-latch-<seq>`, ordered by the text after the last `latch-`. */
export const LATCH_NAME = 'latch-';

/** Who takes part, and how. */
export interface LatchSpec {
  path: string;
  participantId: string;
  lossPolicy: LossPolicy;
}

/** What the loop reports, synchronously, as it happens. */
export interface LatchHooks {
  /** Our node is in the queue at `position` (0: first). Once per queueing. */
  queued: (node: ParticipantNode, position: number) => void;
  /** We are leader: first in the queue, connected, our node owned by the current session. */
  elected: (node: ParticipantNode, epoch: bigint) => void;
  /** Leadership is lost (or may be) for `cause`; called in the very event that says so. */
  lost: (cause: LossCause) => void;
  /** Queueing failed with an error the loop cannot outlast (NoAuth, ...); it tries again after a pause. */
  failed: (error: unknown) => void;
  /** The client closed: the loop has ended. */
  clientClosed: () => void;
}

/** Pause after the n-th consecutive failure: 0.1 s doubling up to 10 s. */
function backoffMs(failures: number): number {
  return Math.min(10_000, 100 * 2 ** failures);
}

/**
 * Curator's LeaderLatch as a loop, until `signal` aborts (then our node is
 * deleted before it resolves):
 *
 * 1. take a turn in the queue ({@link takeTurn}: protected create + listing in
 *    one round trip, watch only the predecessor, confirm `connected` and
 *    `ephemeralOwner === sessionId` before returning: Curator 5.7's check);
 * 2. lead until the {@link HoldMonitor} says leadership may be lost (per the
 *    loss policy: `suspended`, `lost`, a new session, our node deleted);
 * 3. queue again: with the same node when it survived (a plain reconnect:
 *    it is still first, leadership returns after the same checks), else with a
 *    new node at the back (after a new session, or when it was deleted).
 *
 * Connection trouble and session expiry while queued are outlasted by takeTurn.
 */
export async function runLatch(client: ZkClient, spec: LatchSpec, hooks: LatchHooks, signal: AbortSignal): Promise<void> {
  let node: ParticipantNode | undefined;
  let failures = 0;
  while (!signal.aborted) {
    let turn: Turn | null;
    try {
      turn = await takeTurn(client, {
        parent: spec.path, name: LATCH_NAME, data: spec.participantId, sortNames: [LATCH_NAME],
        rule: predecessorRule, appendOnly: true, onQueued: hooks.queued, ...(node ? { node } : {}),
      }, signal);
    } catch (e) {
      node = undefined; // takeTurn deleted it
      if (signal.aborted) return;
      if (client.state === 'closed') { hooks.clientClosed(); return; }
      hooks.failed(e);
      if (!(await sleep(backoffMs(failures++), signal).then(() => true, () => false))) return;
      continue;
    }
    failures = 0;
    node = turn!.node;
    const cause = await lead(client, spec, node, turn!.stat!.czxid, hooks, signal);
    if (cause === undefined) {
      await node.remove();
      return;
    }
    if (cause === 'closed') { hooks.clientClosed(); return; }
  }
}

/** Holds leadership on `node`; resolves with the loss cause, or `undefined` when `signal` aborted first. */
function lead(client: ZkClient, spec: LatchSpec, node: ParticipantNode, epoch: bigint, hooks: LatchHooks, signal: AbortSignal): Promise<LossCause | undefined> {
  return new Promise((resolve) => {
    const onClose = (): void => { monitor.dispose(); resolve(undefined); };
    const monitor = new HoldMonitor(client, node, spec.lossPolicy, (cause) => new NotLeaderError(spec.path, cause), (cause) => {
      signal.removeEventListener('abort', onClose);
      hooks.lost(cause);
      resolve(cause);
    });
    // Already doubtful (the state changed since takeTurn confirmed): never claimed.
    if (monitor.isLost) return;
    if (signal.aborted) { onClose(); return; }
    signal.addEventListener('abort', onClose, { once: true });
    hooks.elected(node, epoch);
  });
}
