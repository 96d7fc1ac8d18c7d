import type { NodeChildren, NodeDataInput, ZkClient } from '../../src/client/index.js';
import { joinPath, onAbort } from '../../src/client/index.js';
import { ZkError } from '../../src/errors/index.js';
import { ParticipantNode } from './participant-node.js';
import { provenCzxid, type ListingBefore } from './pipelined-claim.js';

/** What to create in a queue. */
export interface ParticipantSpec {
  /** The queue: the parent of every participant node (created as containers when missing, as Curator does). */
  parent: string;
  /**
   * The node name after the protected `_c_<uuid>-` prefix: the recipe name
   * (`lock-`, `latch-`, `__READ__`, `lease-`) to which ZooKeeper appends the
   * sequence, or a complete name when `sequential` is false.
   */
  name: string;
  /** Node data (Curator: the participant id, lock data or lease data). */
  data: NodeDataInput;
  /** @default true (ephemeral-sequential); false creates a plain ephemeral node. */
  sequential?: boolean;
  /**
   * Send the listing before the create too, so that the pair of listings can
   * prove our node's czxid (see `provenCzxid`): one more read, no more round
   * trips. Worth it when we are likely to be first; a recipe that just had to
   * wait may skip it. @default true
   */
  bracket?: boolean;
  /**
   * Leave our node's watch unarmed when the listings prove its czxid: the
   * caller arms it (`node.watch()`) when it needs it (when a holder asks for its
   * loss signal); a waiter reads its stat without a watch (`node.readAhead()`).
   * Saves a read and our own delete's notification when nobody asks. Without a
   * proof the watch is armed at once (its read is the claim's). @default false
   */
  deferWatch?: boolean;
  /**
   * In place of the listing before the create (`bracket`): the queue's
   * cversion in a listing taken on this session, after which only our
   * previous node of this queue was deleted, and that deletion was confirmed
   * before this create is sent (see {@link QueueBaseline}). Ignored unless the
   * client is still on `baseline.session`.
   */
  baseline?: QueueBaseline;
}

/**
 * What a lock object remembers from one cycle to the next, to prove the next
 * node's czxid without the listing before its create: the cversion of the
 * listing that showed its previous node, on `session`. Between that listing
 * and the next create exactly one child change of ours happened (the previous
 * node's deletion, confirmed before the create is sent), so the queue's
 * cversion right after that deletion was `cversion + 1` if nobody else
 * changed the queue, and higher otherwise. Taking that as the "before"
 * listing is therefore safe: any other change makes the difference to the
 * listing after our create larger than one, and the proof fails (the node is
 * read instead), exactly as with a real listing.
 */
export interface QueueBaseline {
  cversion: number;
  session: string;
}

/** A participant node just created, and the queue as listed right after it. */
export interface CreatedParticipant {
  node: ParticipantNode;
  /**
   * The queue's children (unsorted) from a listing that is known to include our
   * node, or `null` when no such listing was obtained (then list again).
   */
  children: string[] | null;
  /**
   * Our node's czxid when the pipelined listings prove it without reading the
   * node (see `provenCzxid`): nothing but our create changed the queue between
   * the listing sent before it and the one sent after it. `null` otherwise
   * (contention, first use of the queue, a retried listing): read the node.
   */
  czxid: bigint | null;
  /** The cversion of the listing in {@link children}, when there is one. */
  cversion: number | null;
}

/**
 * Creates our protected ephemeral(-sequential) node and lists the queue in one
 * round trip: a getChildren, the create and a second getChildren are sent
 * together without waiting for the replies (the first listing only with
 * `bracket`, the default). ZooKeeper answers one session's
 * requests in the order they were sent, so the second listing already
 * contains our node, which we find by its name, and the pair of listings
 * around the create tells whether anything else changed the queue in between
 * (then the second listing's pzxid is our node's czxid: {@link provenCzxid}).
 * After a connection loss the operations may be retried in any order; a
 * listing that does not contain our node is then discarded (`children: null`),
 * never trusted. On the very first use of a queue the parent does not exist
 * yet, the listings fail with NO_NODE and are likewise discarded.
 *
 * The create is Curator's protected create (`_c_<uuid>-` prefix, container
 * parents): after a connection loss the client finds the node by its prefix
 * instead of creating a second one, and adopts it only if it belongs to the
 * current session.
 *
 * Abort: if `signal` aborts while the create is in flight, this waits (while
 * connected) for the create's outcome and deletes the node before rejecting
 * with the signal's reason, so nothing is left behind; when not connected the
 * deletion continues in the background (and the session's end removes an
 * ephemeral anyway).
 *
 * @throws whatever the create throws (NoAuthError, ...), or the signal's reason.
 */
export async function createParticipant(client: ZkClient, spec: ParticipantSpec, signal: AbortSignal): Promise<CreatedParticipant> {
  if (signal.aborted) throw signal.reason;
  const sequential = spec.sequential ?? true;
  const baseline = spec.baseline?.session === client.sessionId ? spec.baseline : undefined;
  const before: Promise<ListingBefore | null> = baseline ? Promise.resolve(afterOwnDelete(baseline))
    : spec.bracket === false ? Promise.resolve(null) : listOrNull(client, spec.parent);
  // No signal on the create itself: on abort we wait for its outcome below and
  // delete the node, instead of leaving that to the client's background cleanup.
  const created = client.create(joinPath(spec.parent, spec.name), spec.data, {
    mode: sequential ? 'ephemeral-sequential' : 'ephemeral', protected: true, createParents: 'container',
  });
  const after = listOrNull(client, spec.parent);
  let path: string;
  try {
    path = await raceAbort(created, signal);
  } catch (e) {
    void before.catch(() => undefined);
    void after.catch(() => undefined);
    if (signal.aborted) await deleteAbandoned(client, created);
    throw e;
  }
  const node = new ParticipantNode(client, path, client.sessionId, { watch: spec.deferWatch !== true });
  let first: ListingBefore | null;
  let second: NodeChildren | null;
  try {
    [first, second] = await raceAbort(Promise.all([before, after]), signal);
  } catch (e) {
    const removal = node.remove();
    if (client.state === 'connected') await removal;
    throw e;
  }
  const listed = second?.children.includes(node.name) ? second : null;
  // A baseline speaks for the session it was taken on only.
  const usable = !baseline || node.ownerSession === baseline.session;
  const czxid = listed && usable ? provenCzxid(node.name, first, listed) : null;
  if (czxid === null) node.readAhead(); // the claim will need the stat (no-op when the watch is armed)
  return { node, children: listed?.children ?? null, czxid, cversion: listed ? listed.stat.cversion : null };
}

/** The queue as it stood right after our previous node's deletion, as far as the proof needs it. */
function afterOwnDelete(baseline: QueueBaseline): ListingBefore {
  return { children: [], stat: { cversion: baseline.cversion + 1 } };
}

/**
 * A listing, or `null` on a ZooKeeper error (the caller lists again if it needs
 * one). No signal is handed to the client: the caller races the listings
 * against its signal instead, which spares two combined signals per create.
 */
function listOrNull(client: ZkClient, parent: string): Promise<NodeChildren | null> {
  return client.getChildren(parent).catch((e: unknown) => {
    if (e instanceof ZkError) return null;
    throw e;
  });
}

/** Settles with `promise`, or rejects with the signal's reason as soon as it aborts. */
function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const stop = onAbort(signal, () => reject(signal.reason as Error));
    promise.then(
      (v) => { stop(); resolve(v); },
      (e: Error) => { stop(); reject(e); },
    );
  });
}

/** Deletes the node of a create the caller gave up on, once its outcome is known. */
async function deleteAbandoned(client: ZkClient, created: Promise<string>): Promise<void> {
  const job = created.then(
    (path) => client.delete(path).catch(() => undefined),
    () => undefined, // not created (or the client cleans up a lost reply itself)
  );
  if (client.state === 'connected') await job;
}
