import { joinPath, nodeName, type ZkClient } from '../../src/client/index.js';
import { ZkError } from '../../src/errors/index.js';
import { CoalescingRefresh } from './coalescing-refresh.js';
import { readNode, readNodeArmingCreation } from './node-read.js';
import { TreeNode } from './tree-node.js';
import type { NodeSnapshot } from './types.js';
import { WatchArm } from './watch-arm.js';

/** Where a TreeMirror reports what it sees. */
export interface TreeMirrorSink {
  added(node: NodeSnapshot): void;
  updated(node: NodeSnapshot, previous: NodeSnapshot): void;
  removed(node: NodeSnapshot): void;
  /** A read of `path` failed in a way retrying cannot fix. */
  failed(error: unknown, path: string): void;
  /** Every refresh is idle: the mirror matches what it last read. */
  settled(): void;
}

/**
 * The engine of TreeCache: one TreeNode per path, each with a data refresh
 * (getData + data watch; for the root, exists while it is missing) and, above
 * `maxDepth`, a children refresh (getChildren + children watch). Every watch
 * event only asks the matching refresh for one more read; what changed is
 * worked out by comparing the read with what is cached (`mzxid` for data,
 * the child names for children), so duplicate or coalesced events and the
 * re-reads after a new session report real differences only.
 */
export class TreeMirror {
  readonly nodes = new Map<string, TreeNode>();
  readonly root: TreeNode;
  private busy = 0;

  constructor(
    private readonly client: ZkClient,
    rootPath: string,
    private readonly maxDepth: number,
    private readonly signal: AbortSignal,
    private readonly sink: TreeMirrorSink,
  ) {
    this.root = this.track(rootPath, 0, undefined);
  }

  /** Reads the root (and from there the tree). */
  start(): void {
    this.root.dataRefresh.request();
  }

  /** Re-reads whatever has no armed watch and no read under way (after a new session). */
  rearm(): void {
    for (const node of this.nodes.values()) {
      if (!node.dataArm?.outstanding && !node.dataRefresh.busy) node.dataRefresh.request();
      if (node.announced && node.depth < this.maxDepth && !node.childArm?.outstanding && !node.childRefresh.busy) node.childRefresh.request();
    }
  }

  /** Stops every refresh; resolves once none is running, with every armed watch disarmed (see WatchArm.disarm). */
  async stop(): Promise<void> {
    const all = [...this.nodes.values()].flatMap((n) => [n.dataRefresh.stop(), n.childRefresh.stop()]);
    await Promise.all(all);
    for (const node of this.nodes.values()) {
      node.dataArm?.disarm();
      node.childArm?.disarm();
    }
  }

  private track(path: string, depth: number, parent: TreeNode | undefined): TreeNode {
    const node = new TreeNode(path, depth, parent);
    const hooks = {
      onError: (e: unknown) => this.sink.failed(e, path),
      onBusy: () => { this.busy += 1; },
      onIdle: () => {
        this.busy -= 1;
        if (this.busy === 0 && !this.signal.aborted) this.sink.settled();
      },
    };
    node.dataRefresh = new CoalescingRefresh(this.client, this.signal, (s) => this.readData(node, s), hooks);
    node.childRefresh = new CoalescingRefresh(this.client, this.signal, (s) => this.readChildren(node, s), hooks);
    this.nodes.set(path, node);
    parent?.children.add(nodeName(path));
    return node;
  }

  private async readData(node: TreeNode, signal: AbortSignal): Promise<void> {
    const arm = node.dataArm?.outstanding ? undefined : new WatchArm(() => {
      if (node.live && !signal.aborted) node.dataRefresh.request();
    });
    const onArmed = (): void => { if (arm) node.dataArm = arm; };
    // Only the root may be missing while watched: a missing child is reported by its parent's children watch.
    const read = node === this.root ? readNodeArmingCreation : readNode;
    const snapshot = await read(this.client, node.path, arm?.listener, signal, onArmed);
    if (node.live && !signal.aborted) this.applyData(node, snapshot);
  }

  private applyData(node: TreeNode, snapshot: NodeSnapshot | null): void {
    const previous = node.snapshot;
    if (!snapshot) {
      if (node !== this.root) {
        this.detach(node);
        return;
      }
      for (const child of this.childNodes(node)) this.detach(child);
      node.childrenPzxid = -1n;
      node.snapshot = null;
      if (previous) this.sink.removed(previous);
      return;
    }
    // Same modification (a duplicate or coalesced event), or a stale read.
    if (previous && snapshot.stat.mzxid <= previous.stat.mzxid) return;
    node.snapshot = snapshot;
    if (previous) this.sink.updated(snapshot, previous);
    else this.sink.added(snapshot);
    // New, or deleted and re-created (its children watch went with the old node): list its children.
    const recreated = previous !== null && previous.stat.czxid !== snapshot.stat.czxid;
    if (node.depth < this.maxDepth && (!previous || recreated)) node.childRefresh.request();
  }

  private async readChildren(node: TreeNode, signal: AbortSignal): Promise<void> {
    if (!node.announced) return;
    const arm = node.childArm?.outstanding ? undefined : new WatchArm(() => {
      if (node.live && !signal.aborted) node.childRefresh.request();
    });
    let listing: { children: string[]; stat: { pzxid: bigint } };
    try {
      listing = await this.client.getChildren(node.path, arm ? { watch: arm.listener, signal } : { signal });
    } catch (e) {
      // Gone: its data watch reports the deletion.
      if (e instanceof ZkError && e.code === 'NO_NODE') return;
      throw e;
    }
    if (arm) node.childArm = arm;
    if (!node.live || signal.aborted || !node.announced) return;
    if (listing.stat.pzxid < node.childrenPzxid) return;
    node.childrenPzxid = listing.stat.pzxid;
    const listed = new Set(listing.children);
    for (const child of this.childNodes(node)) {
      if (!listed.has(nodeName(child.path))) this.detach(child);
    }
    for (const name of [...listed].sort()) {
      if (node.children.has(name)) continue;
      this.track(joinPath(node.path, name), node.depth + 1, node).dataRefresh.request();
    }
  }

  private childNodes(node: TreeNode): TreeNode[] {
    const out: TreeNode[] = [];
    for (const name of node.children) {
      const child = this.nodes.get(joinPath(node.path, name));
      if (child) out.push(child);
    }
    return out;
  }

  /** Removes a node and its subtree, deepest first, reporting the announced ones. */
  private detach(node: TreeNode): void {
    if (!node.live) return;
    for (const child of this.childNodes(node)) this.detach(child);
    node.live = false;
    node.children.clear();
    node.dataRefresh.cancel();
    node.childRefresh.cancel();
    this.nodes.delete(node.path);
    node.parent?.children.delete(nodeName(node.path));
    const last = node.snapshot;
    node.snapshot = null;
    if (last) this.sink.removed(last);
  }
}
