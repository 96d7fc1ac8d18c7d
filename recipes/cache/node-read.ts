import type { WatchListener, ZkClient } from '../../src/client/index.js';
import { ZkError } from '../../src/errors/index.js';
import type { NodeSnapshot } from './types.js';

function isNoNode(e: unknown): boolean {
  return e instanceof ZkError && e.code === 'NO_NODE';
}

/**
 * Reads a node that may not exist, arming one data watch (if `watch` is given)
 * that fires on its next change, deletion or creation:
 * `getData` with the watch; if the node is missing, `exists` with the watch
 * (which is what fires when it is created); if `exists` finds it after all
 * (created in between), `getData` again without a watch, because the exists
 * watch is already armed and reports any later change.
 *
 * `onArmed` is called as soon as a read carrying the watch succeeded, even if a
 * later step of this call fails, so the caller knows the watch is on the server.
 *
 * @returns the node, or `null` when it does not exist.
 */
export async function readNodeArmingCreation(client: ZkClient, path: string, watch: WatchListener | undefined, signal: AbortSignal, onArmed: () => void = () => {}): Promise<NodeSnapshot | null> {
  const options = watch ? { watch, signal } : { signal };
  try {
    const { data, stat } = await client.getData(path, options);
    onArmed();
    return { path, data, stat };
  } catch (e) {
    if (!isNoNode(e)) throw e;
  }
  const stat = await client.exists(path, options);
  onArmed();
  if (!stat) return null;
  try {
    const { data, stat: current } = await client.getData(path, { signal });
    return { path, data, stat: current };
  } catch (e) {
    // Deleted again right away: the armed watch fires for that deletion too.
    if (isNoNode(e)) return null;
    throw e;
  }
}

/**
 * Reads a node with a data watch; `null` (and no watch) if it does not exist.
 * For nodes whose creation a parent's children watch reports.
 */
export async function readNode(client: ZkClient, path: string, watch: WatchListener | undefined, signal: AbortSignal, onArmed: () => void = () => {}): Promise<NodeSnapshot | null> {
  try {
    const { data, stat } = await client.getData(path, watch ? { watch, signal } : { signal });
    onArmed();
    return { path, data, stat };
  } catch (e) {
    if (isNoNode(e)) return null;
    throw e;
  }
}

/** True when `next` says nothing new compared to `previous` (same node at the same modification). */
export function sameSnapshot(previous: NodeSnapshot | null | undefined, next: NodeSnapshot | null): boolean {
  if (!previous || !next) return !previous && !next;
  return previous.stat.mzxid === next.stat.mzxid;
}

/**
 * True when `next` is older than `previous`: a read from a server that has not
 * caught up yet (possible after a new session on another member). `mzxid` never
 * goes back for a path, even across delete and re-create.
 */
export function olderSnapshot(previous: NodeSnapshot | null | undefined, next: NodeSnapshot | null): boolean {
  return !!previous && !!next && next.stat.mzxid < previous.stat.mzxid;
}
