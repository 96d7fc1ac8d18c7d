import type { NodeDataInput, ZkClient } from '../../src/client/index.js';
import { joinPath } from '../../src/client/index.js';
import { ZkError } from '../../src/errors/index.js';
import { ParticipantNode } from './participant-node.js';

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
}

/** A participant node just created, and the queue as listed right after it. */
export interface CreatedParticipant {
  node: ParticipantNode;
  /**
   * The queue's children (unsorted) from a listing that is known to include our
   * node, or `null` when no such listing was obtained (then list again).
   */
  children: string[] | null;
}

/**
 * Creates our protected ephemeral(-sequential) node and lists the queue in one
 * round trip: the create and the getChildren are sent together without waiting
 * for the create's reply. ZooKeeper answers one session's requests in the order
 * they were sent, so a listing that follows the create on the same connection
 * already contains our node, which we find by its name. After a connection loss
 * both operations may be retried in any order; a listing that does not contain
 * our node is then discarded (`children: null`), never trusted. On the very
 * first use of a queue the parent does not exist yet, the listing fails with
 * NO_NODE and is likewise discarded.
 *
 * The create is Curator's protected create (`_c_<uuid>-` prefix, container
 * parents): after a connection loss the client finds the node by its prefix
 * instead of creating a second one, and adopts it only if it belongs to the
 * current session. If `signal` aborts while the create is in flight, the client
 * deletes the node in the background once its outcome is known.
 *
 * @throws whatever the create throws (NoAuthError, the signal's reason, ...).
 */
export async function createParticipant(client: ZkClient, spec: ParticipantSpec, signal: AbortSignal): Promise<CreatedParticipant> {
  const sequential = spec.sequential ?? true;
  const created = client.create(joinPath(spec.parent, spec.name), spec.data, {
    mode: sequential ? 'ephemeral-sequential' : 'ephemeral', protected: true, createParents: 'container', signal,
  });
  const listed = client.getChildren(spec.parent, { signal }).then((r) => r.children, (e: unknown) => {
    if (e instanceof ZkError || (e instanceof Error && e.name === 'AbortError')) return null;
    throw e;
  });
  let path: string;
  try {
    path = await created;
  } catch (e) {
    void listed.catch(() => undefined);
    throw e;
  }
  const node = new ParticipantNode(client, path, client.sessionId);
  const children = await listed.catch(() => null);
  return { node, children: children?.includes(node.name) ? children : null };
}
