import type { Stat } from '../../src/client/index.js';

/** A node as a cache last read it: its data and stat. */
export interface NodeSnapshot {
  /** The node's path. */
  readonly path: string;
  /** The node's data, as read. */
  readonly data: Buffer;
  /** The node's stat; `stat.mzxid` orders snapshots of one node. */
  readonly stat: Stat;
}
