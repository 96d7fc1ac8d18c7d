/** Span attribute and log field names of the leader recipes (see docs/leader.md). */
export const LeaderAttr = {
  /** The election path (the parent of the participant nodes). */
  PATH: 'zookeeper.leader.path',
  /** Our participant id. */
  PARTICIPANT_ID: 'zookeeper.leader.participant_id',
  /** Our node's full path. */
  NODE: 'zookeeper.leader.node',
  /** Our index in the queue when we first listed it (0: leader at once). */
  QUEUE_POSITION: 'zookeeper.leader.queue_position',
  /** The epoch (czxid of the leader's node) as a decimal string. */
  EPOCH: 'zookeeper.leader.epoch',
  /** Why leadership ended (`suspended`, `session-lost`, `released`, ...). */
  CAUSE: 'zookeeper.leader.cause',
  /** `zk.leader.start`: whether the participant was leader when start() resolved. */
  IS_LEADER: 'zookeeper.leader.is_leader',
  /** `LeaderLatch` or `LeaderElection`. */
  RECIPE: 'zookeeper.leader.recipe',
} as const;
