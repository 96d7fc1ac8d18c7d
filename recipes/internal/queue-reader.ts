import type { CallOptions, Stat, ZkClient } from '../../src/client/index.js';
import { joinPath } from '../../src/client/index.js';
import { NoNodeError } from '../../src/errors/index.js';
import { sortBySequence } from './sequence-order.js';

/** One node of a queue as {@link readQueue} read it. */
export interface QueueNode {
  /** Full path of the node. */
  node: string;
  data: Buffer;
  stat: Stat;
}

/** Which nodes {@link readQueue} reads. */
export interface QueueReadOptions {
  /** Keep only the children this accepts (before sorting). */
  filter?: (child: string) => boolean;
  /** Stop at the first node that still exists (the holder or leader), reading one at a time. */
  firstOnly?: boolean;
}

/**
 * The queue under `parent` in Curator's order (holder or leader first):
 * children sorted by `sortNames`, each read once. Nodes that vanish while
 * being read are left out; a missing parent is an empty queue. What a lock's
 * and an election's `participants()` are made of.
 */
export async function readQueue(
  client: ZkClient, parent: string, sortNames: readonly string[], options: CallOptions = {}, which: QueueReadOptions = {},
): Promise<QueueNode[]> {
  let children: string[];
  try {
    ({ children } = await client.getChildren(parent, options));
  } catch (e) {
    if (e instanceof NoNodeError) return [];
    throw e;
  }
  const read = async (name: string): Promise<QueueNode | undefined> => {
    const node = joinPath(parent, name);
    try {
      const { data, stat } = await client.getData(node, options);
      return { node, data, stat };
    } catch (e) {
      if (e instanceof NoNodeError) return undefined;
      throw e;
    }
  };
  const sorted = sortBySequence(which.filter ? children.filter(which.filter) : children, sortNames);
  if (which.firstOnly) {
    for (const name of sorted) {
      const found = await read(name);
      if (found) return [found];
    }
    return [];
  }
  return (await Promise.all(sorted.map(read))).filter((n): n is QueueNode => n !== undefined);
}
