/** Span attribute names of the barrier recipes (see docs/barriers.md). */
export const BarrierAttr = {
  /** The barrier path (Barrier: the barrier node; DoubleBarrier: the parent of the member nodes). */
  PATH: 'zookeeper.barrier.path',
  /** DoubleBarrier: the number of members that must enter (Curator's `memberQty`). */
  MEMBER_COUNT: 'zookeeper.barrier.member_count',
  /**
   * DoubleBarrier: members seen. `enter`: member nodes in the last listing;
   * `leave`: members of our round still present when we started leaving.
   */
  MEMBERS_SEEN: 'zookeeper.barrier.members_seen',
  /** DoubleBarrier: our member node's name (a UUID). */
  MEMBER: 'zookeeper.barrier.member',
  /**
   * How the call ended: `released` (wait), `entered`, `left`, `timeout`,
   * `aborted`, `closed` or `error`.
   */
  OUTCOME: 'zookeeper.barrier.outcome',
  /** Milliseconds the call took. */
  WAIT_MS: 'zookeeper.barrier.wait_ms',
} as const;
