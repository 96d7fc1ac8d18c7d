import type { NodeChildren, NodeDataInput, Stat, ZkClient } from '../../src/client/index.js';
import type { ParticipantNode } from './participant-node.js';

/** What the proof needs of the listing before the create: its children and the parent's cversion. */
export interface ListingBefore {
  children: readonly string[];
  stat: Pick<Stat, 'cversion'>;
}

/**
 * The czxid of our new node, proven from the two listings sent around its
 * create (`getChildren`, `create`, `getChildren`, pipelined on one session), or
 * `null` when they do not prove it.
 *
 * Server facts this rests on (ZooKeeper 3.5+; re-checked on 3.8.0 by
 * test/bench/pipelined-claim.test.ts):
 * - a parent's `cversion`, as a reply reports it, grows by exactly one with
 *   every child create and every child delete (the server keeps a count of
 *   creates and reports `2 × creates − children`, DataNode.copyStat);
 * - a parent's `pzxid` is the zxid of its last child create or delete.
 *
 * So when the first listing does not contain our node, the second does, and
 * the second's cversion is exactly one more than the first's, exactly one
 * child change happened between the two reads, and our create (which lies
 * between them: the first read did not see our node, the second did) is that
 * change. The second listing's pzxid is then our node's czxid. This holds in
 * whatever order connection-loss retries ran the three operations, because it
 * only uses what each reply itself shows. A protected name is unique, so a node
 * with our name cannot disappear and reappear in between.
 *
 * (Not usable: the sequence suffix. It is the parent's count of creates, not
 * the reported cversion, which also counts deletes; a check
 * `cversion === sequence + 1` fails as soon as any child was ever deleted.)
 */
export function provenCzxid(name: string, before: ListingBefore | null, after: NodeChildren | null): bigint | null {
  if (!before || !after) return null;
  if (before.children.includes(name) || !after.children.includes(name)) return null;
  return after.stat.cversion - before.stat.cversion === 1 ? after.stat.pzxid : null;
}

/**
 * Claims `node` without waiting for its own read, given its proven czxid: the
 * stat the claim rests on, or `null` when the claim must wait for the read
 * (`confirmOwned`).
 *
 * Why ownership needs no read here: the node was created by the session that
 * was current when its create resolved (`node.ownerSession`, recorded then).
 * The client never retries an operation across sessions (such a retry fails
 * with SESSION_EXPIRED), and its protected-mode recovery adopts a found node
 * only if the node's `ephemeralOwner` is the current session. If the client is
 * still `connected` on that same session now, the session is alive as far as
 * anyone can know, and so is its ephemeral node unless someone deleted it: the
 * node's watch read (a getData sent when the create resolved, still in flight)
 * reports that, or a foreign owner, as {@link ParticipantNode.gone}, which a
 * HoldMonitor turns into `lost` at once. That read is answered before any
 * later request of ours (a release's delete), so the release still costs one
 * round trip.
 *
 * The returned stat is what the create made: czxid (= mzxid = pzxid),
 * `ephemeralOwner` = our session, versions 0, no children, `dataLength` of
 * `data`; `ctime`/`mtime` are the local clock at the claim, since no reply
 * carried the server's creation time.
 */
export function claimPipelined(client: ZkClient, node: ParticipantNode, czxid: bigint, data: NodeDataInput): Stat | null {
  const session = client.sessionId;
  if (client.state !== 'connected' || session === null || session !== node.ownerSession || node.isGone) return null;
  const now = Date.now();
  return {
    czxid, mzxid: czxid, pzxid: czxid, ctime: now, mtime: now,
    version: 0, cversion: 0, aversion: 0, ephemeralOwner: session, dataLength: byteLength(data), numChildren: 0,
  };
}

function byteLength(data: NodeDataInput): number {
  if (data === undefined || data === null) return 0;
  return typeof data === 'string' ? Buffer.byteLength(data, 'utf8') : data.byteLength;
}
