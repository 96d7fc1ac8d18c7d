import type { CallOptions, ZkClient } from '../../src/client/index.js';
import { readQueue } from '../internal/index.js';

/** One participant of an election, as Curator's `Participant` (`getId()`, `isLeader()`). */
export interface LeaderParticipant {
  /** The participant id: the node's data as UTF-8 (Curator's id-less selectors show their host's IP text). */
  id: string;
  /** True for the leader: the first node of the queue that still exists. */
  isLeader: boolean;
  /** Full path of the participant's node (absent on the empty result of `getLeader()`). */
  node?: string;
}

/** What `getLeader()` returns when nobody takes part (Curator's `new Participant()`). */
export const NO_LEADER: LeaderParticipant = Object.freeze({ id: '', isLeader: false });

/**
 * The participants under `path` in Curator's order (leader first), each read
 * once, as Curator's `LeaderSelector.getParticipants`: children sorted by the
 * text after the last `sortName`, nodes that vanish while being read left out,
 * and the first node that still exists marked leader. A missing path is an
 * empty election. With `firstOnly`, stops at the first existing node (the
 * leader), as `getLeader` does.
 */
export async function readParticipants(
  client: ZkClient, path: string, sortName: string, options: CallOptions, firstOnly = false,
): Promise<LeaderParticipant[]> {
  const nodes = await readQueue(client, path, [sortName], options, { firstOnly });
  return nodes.map(({ node, data }, i) => ({ id: data.toString('utf8'), isLeader: i === 0, node }));
}
