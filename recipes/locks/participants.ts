import type { CallOptions, ZkClient } from '../../src/client/index.js';
import { joinPath } from '../../src/client/index.js';
import { NoNodeError } from '../../src/errors/index.js';
import { sortBySequence } from '../internal/index.js';

/** One node in a lock's queue, as `participants()` reports it. */
export interface Participant {
  /** Full path of the node (as Curator's `getParticipantNodes()` gives it). */
  node: string;
  /** The node's data (`participantData`; Curator writes the host's IP text). */
  data: Buffer;
  /** Owner session id (hex) of an ephemeral node. */
  sessionId?: string;
}

/**
 * The queue under `parent` in Curator's order (holder first): children sorted
 * by `sortNames` (and kept by `filter`, if given), each read once. Nodes that
 * vanish while being read are left out; a missing parent is an empty queue.
 */
export async function readParticipants(
  client: ZkClient, parent: string, sortNames: readonly string[], options: CallOptions = {}, filter?: (child: string) => boolean,
): Promise<Participant[]> {
  let children: string[];
  try {
    ({ children } = await client.getChildren(parent, options));
  } catch (e) {
    if (e instanceof NoNodeError) return [];
    throw e;
  }
  const kept = filter ? children.filter(filter) : children;
  const read = await Promise.all(sortBySequence(kept, sortNames).map(async (name): Promise<Participant | undefined> => {
    const node = joinPath(parent, name);
    try {
      const { data, stat } = await client.getData(node, options);
      return stat.ephemeralOwner !== '0' ? { node, data, sessionId: stat.ephemeralOwner } : { node, data };
    } catch (e) {
      if (e instanceof NoNodeError) return undefined;
      throw e;
    }
  }));
  return read.filter((p): p is Participant => p !== undefined);
}
