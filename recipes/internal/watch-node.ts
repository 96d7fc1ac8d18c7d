import type { ZkClient } from '../../src/client/index.js';
import { NoNodeError } from '../../src/errors/index.js';
import type { Wakeup } from './wakeup.js';

/**
 * Leaves a one-shot getData watch on `path` (a predecessor, a leader, a first
 * writer) that wakes `wakeup` on its next change. Resolves `true` once the watch
 * is armed, `false` if the node is already gone: getData, unlike exists, leaves
 * no watch behind for a node that does not exist (Curator's choice too).
 *
 * @throws the client's errors other than NO_NODE, or `signal`'s reason.
 */
export async function watchNode(client: ZkClient, path: string, wakeup: Wakeup, signal: AbortSignal): Promise<boolean> {
  try {
    await client.getData(path, { watch: wakeup.wake, signal });
    return true;
  } catch (e) {
    if (e instanceof NoNodeError) return false;
    throw e;
  }
}
