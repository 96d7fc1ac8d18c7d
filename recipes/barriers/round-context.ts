import type { Deadline, WatchListener, ZkClient } from '../../src/client/index.js';
import { ZkError } from '../../src/errors/index.js';
import type { SharedWatch } from './shared-watch.js';

/** Curator's `READY_NODE`: the child whose existence opens a double barrier. */
export const READY_NODE = 'ready';

/** What one double barrier's enter and leave work on. */
export interface RoundContext {
  client: ZkClient;
  /** The barrier path: parent of the member nodes and of `ready`. */
  path: string;
  /** `<path>/ready`. */
  readyPath: string;
  memberCount: number;
  /** Data of our member node (the member id). */
  memberData: string;
  /** The exists-watch on `ready`, shared by this object's enter calls. */
  ready: SharedWatch;
}

/**
 * The barrier's children (unsorted), or `null` when the barrier node does not
 * exist (then no watch is left). Sent at once, so that it can be pipelined
 * behind a create. `watch`: a children watch armed by the same request.
 */
export async function listChildren(client: ZkClient, path: string, deadline: Deadline, watch?: WatchListener): Promise<string[] | null> {
  try {
    return (await client.getChildren(path, { signal: deadline.signal, ...(watch ? { watch } : {}) })).children;
  } catch (e) {
    if (e instanceof ZkError && e.code === 'NO_NODE') return null;
    throw e;
  }
}

/** Curator's member order: every child but `ready`, sorted by name (UTF-16 code units, as Java's `String.compareTo`). */
export function sortedMembers(children: readonly string[]): string[] {
  return children.filter((c) => c !== READY_NODE).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Backoff after a transient failure (connection trouble, session change) before trying again. */
export function backoffMs(failures: number): number {
  return Math.min(1000, 50 * 2 ** failures);
}
