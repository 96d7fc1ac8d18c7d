import type { Stat, ZkClient } from '../../src/client/index.js';
import { joinPath, sleep } from '../../src/client/index.js';
import { ZkError } from '../../src/errors/index.js';
import { createParticipant, type ParticipantSpec } from './create-participant.js';
import type { ParticipantNode } from './participant-node.js';
import { claimPipelined } from './pipelined-claim.js';
import { sortBySequence } from './sequence-order.js';
import type { TurnRule, TurnVerdict } from './turn-rule.js';
import { watchNode } from './watch-node.js';
import { Wakeup } from './wakeup.js';

/** A participant's request for its turn in a queue. */
export interface TurnRequest extends ParticipantSpec {
  /** Recipe names for Curator's order, e.g. `['lock-']` or `['__READ__', '__WRIT__']`. */
  sortNames: readonly string[];
  /** When it is our turn, and what to watch until then. */
  rule: TurnRule;
  /**
   * True when nothing that could block us can appear ahead of our node after we
   * listed the queue: then, once the last blocker from that listing is deleted,
   * it is our turn without listing again (one round trip less per hand-off).
   * Holds when every node of the queue is sequential (mutex, latch: later
   * nodes sort after ours), and for a reader (only read nodes are ever added
   * out of sequence). Not for a writer of a read-write lock: a downgrading
   * writer adds a read node next to its write node (Curator ≥ 5.5).
   * @default false (always list again)
   */
  appendOnly?: boolean;
  /** Give up (delete the node, resolve `null`) instead of waiting when it is not our turn at once. */
  tryOnce?: boolean;
  /**
   * Confirm before returning that the client is connected and the node's
   * `ephemeralOwner` is the current session, and return its stat.
   * @default true
   */
  confirm?: boolean;
  /**
   * Wait with this node of ours instead of creating one (a leader latch
   * resuming after a reconnect on the same session); if it is gone, a new one
   * is created. takeTurn then owns it like its own (deleted on failure).
   */
  node?: ParticipantNode;
  /** Called once, with our node and its index in the first listing (queue position, for spans). */
  onQueued?: (node: ParticipantNode, position: number) => void;
}

/** Our turn: our node, and its stat when confirmed (`null` with `confirm: false`). */
export interface Turn {
  node: ParticipantNode;
  stat: Stat | null;
  /**
   * True when the turn was confirmed from the pipelined listings around our
   * create (see `claimPipelined`), without waiting for our node's own read:
   * `stat` then holds what the create made (czxid, owner), not a server read.
   */
  pipelined?: boolean;
  /** True when it was not our turn at the first listing (we waited for others). */
  waited?: boolean;
  /**
   * With `pipelined`: the queue's cversion in the listing that showed our
   * node (a `QueueBaseline` for the next create, once this node is deleted).
   */
  cversion?: number;
}

/**
 * Takes a turn in a sequential queue, Curator's lock loop
 * (`LockInternals.internalLockLoop`) with these differences:
 *
 * - create and first listing in one round trip ({@link createParticipant});
 * - a waiter watches only what `rule` names (its predecessor for a mutex), with
 *   a getData watch, and also wakes when its own node goes (deleted, session
 *   ended): then a new node is queued, as Curator does on NoNode;
 * - with `appendOnly`, when the watched node is deleted and it was the last node
 *   blocking us (the listing we waited on showed no other), it is our turn
 *   without listing again: nodes created later sort after ours;
 * - before returning, the turn is confirmed: connected, node present, and its
 *   `ephemeralOwner` equal to the current session id (Curator 5.7's LeaderLatch
 *   check), so a node of an ended session is never taken for ours. When the
 *   listings pipelined around our create prove our node's czxid and the client
 *   is still connected on the session that created it, the turn is confirmed
 *   without waiting for our node's read (`claimPipelined`): an uncontended
 *   turn then costs one round trip, and a lock cycle two.
 *
 * Connection loss that outlasts the client's retries, and session expiry, do not
 * fail the turn: it starts over (a new node if the session changed) within the
 * same `signal`. On any other failure, and on `signal` aborting (timeout,
 * abort), our node is
 * deleted before this rejects (when connected; otherwise deletion continues in
 * the background and the session's end removes it anyway).
 *
 * @returns our turn, or `null` for `tryOnce` when it was not our turn.
 */
export async function takeTurn(client: ZkClient, request: TurnRequest, signal: AbortSignal): Promise<Turn | null> {
  let node: ParticipantNode | undefined = request.node;
  let children: string[] | null = null;
  /** Our node's czxid when the listings around its create proved it (it never changes). */
  let czxid: bigint | null = null;
  let cversion: number | null = null;
  let reported = false;
  let waited = false;
  let failures = 0;
  try {
    for (;;) {
      if (signal.aborted) throw signal.reason;
      try {
        if (!node || node.isGone) {
          if (node) void node.remove();
          ({ node, children, czxid, cversion } = await createParticipant(client, request, signal));
        }
        children ??= await listQueue(client, node, signal);
        if (!children) continue;
        const sorted = sortBySequence(children, request.sortNames);
        children = null;
        const index = sorted.indexOf(node.name);
        if (index < 0) { node.markGone('deleted'); continue; }
        if (!reported) { reported = true; request.onQueued?.(node, index); }
        const verdict = request.rule(sorted, index);
        if (verdict && request.tryOnce) {
          await node.remove();
          return null;
        }
        if (verdict) {
          waited = true;
          // The claim will need our node's stat: read it while we wait. With a deferred
          // watch the read leaves no watch (our own node going shows in the next
          // listing, as in Curator), so our own delete notifies nobody.
          if (request.deferWatch) node.readAhead();
          else node.watch();
          if ((await waitForChange(client, node, verdict, request.appendOnly === true, signal)) === 'relist') continue;
        }
        if (request.confirm === false) return { node, stat: null, waited };
        const claimed = czxid === null ? null : claimPipelined(client, node, czxid, request.data);
        if (claimed) {
          if (!request.deferWatch) node.watch();
          return { node, stat: claimed, pipelined: true, waited, ...(cversion === null ? {} : { cversion }) };
        }
        const stat = await confirmOwned(client, node, signal);
        if (stat) return { node, stat, waited };
      } catch (e) {
        if (signal.aborted || request.tryOnce || !isTransient(e)) throw e;
        // The session ended (queue again on the next one) or the connection is
        // down longer than the client retries: start over within our deadline.
        if (e instanceof ZkError && e.code === 'SESSION_EXPIRED') node?.markGone('session-ended');
        children = null;
        await sleep(Math.min(1000, 50 * 2 ** failures++), signal);
      }
    }
  } catch (e) {
    if (node) {
      const removal = node.remove();
      if (client.state === 'connected') await removal;
    }
    throw e;
  }
}

/** Errors after which waiting on (with a new node if the session changed) can still succeed. */
export function isTransient(e: unknown): boolean {
  return e instanceof ZkError && (e.retryable || e.code === 'SESSION_EXPIRED' || e.code === 'NOT_CONNECTED');
}

/** The queue's children, or `null` (our node marked gone) when the queue or our session is gone. */
async function listQueue(client: ZkClient, node: ParticipantNode, signal: AbortSignal): Promise<string[] | null> {
  try {
    return (await client.getChildren(node.parent, { signal })).children;
  } catch (e) {
    if (e instanceof ZkError && e.code === 'NO_NODE') { node.markGone('deleted'); return null; }
    if (e instanceof ZkError && e.code === 'SESSION_EXPIRED') { node.markGone('session-ended'); return null; }
    throw e;
  }
}

/**
 * Waits for one change: the watched node's event, or our own node going.
 * `'mine'` when the watched node was deleted, nothing else blocked us and the
 * queue is append-only.
 */
async function waitForChange(client: ZkClient, node: ParticipantNode, verdict: NonNullable<TurnVerdict>, appendOnly: boolean, signal: AbortSignal): Promise<'mine' | 'relist'> {
  const wakeup = new Wakeup();
  const stop = wakeup.wakeOn(node.gone, 'own-node');
  try {
    const watched = joinPath(node.parent, verdict.watch);
    const armed = await watchNode(client, watched, wakeup, signal);
    const reason = armed ? await wakeup.wait(signal) : { type: 'deleted' as const, path: watched };
    const onlyBlocker = appendOnly && verdict.blockers.every((b) => b === verdict.watch);
    return reason.type === 'deleted' && onlyBlocker && !node.isGone ? 'mine' : 'relist';
  } finally {
    stop();
  }
}

/**
 * Confirms that `node` is ours to claim with: the node's stat (from its watch's first read), a
 * connected client, and the node owned by the current session. After a
 * reconnect the node is read again, since its watch event may still be on the
 * way. `null` (node marked gone) when it is not ours.
 */
export async function confirmOwned(client: ZkClient, node: ParticipantNode, signal: AbortSignal): Promise<Stat | null> {
  let stat = await node.stat(signal);
  if (!stat || node.isGone) return null;
  if (client.state !== 'connected') {
    await client.waitUntilConnected(signal);
    stat = await node.refresh(signal);
    if (!stat) return null;
  }
  if (node.isGone) return null;
  if (client.state !== 'connected' || client.sessionId !== stat.ephemeralOwner) {
    node.markGone('not-owned');
    return null;
  }
  return stat;
}
