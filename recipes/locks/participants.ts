import type { CallOptions, ZkClient } from '../../src/client/index.js';
import { readQueue } from '../internal/index.js';

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
  const nodes = await readQueue(client, parent, sortNames, options, filter ? { filter } : {});
  return nodes.map(({ node, data, stat }) => (stat.ephemeralOwner !== '0' ? { node, data, sessionId: stat.ephemeralOwner } : { node, data }));
}
