import type { CoalescingRefresh } from './coalescing-refresh.js';
import type { NodeSnapshot } from './types.js';
import type { WatchArm } from './watch-arm.js';

/**
 * What a TreeCache knows about one path: its last snapshot, the children it
 * tracks, its two refreshes (data, children) and the watch each has armed.
 * A node is announced (visible through `get()` and events) once its first data
 * read succeeded; `live` turns false when it leaves the tree, after which any
 * late read result or watch event for it is ignored.
 */
export class TreeNode {
  snapshot: NodeSnapshot | null = null;
  /** Names of the children that have a TreeNode (announced or still being read). */
  readonly children = new Set<string>();
  /** pzxid of the children list last applied: an older list is a stale read. */
  childrenPzxid = -1n;
  live = true;
  dataArm: WatchArm | undefined;
  childArm: WatchArm | undefined;
  dataRefresh!: CoalescingRefresh;
  childRefresh!: CoalescingRefresh;

  constructor(readonly path: string, readonly depth: number, readonly parent: TreeNode | undefined) {}

  /** True once the node's data has been read and until it leaves the tree. */
  get announced(): boolean {
    return this.snapshot !== null;
  }
}
