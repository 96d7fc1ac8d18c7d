/** Span attributes of the config recipe (besides `zookeeper.path` and `zookeeper.session_id`). */
export const ConfigAttr = {
  /** The znode version of the value being loaded or written. */
  VERSION: 'zookeeper.config.version',
  /** `valid` or `invalid`: whether a reloaded value replaced the served one. */
  OUTCOME: 'zookeeper.config.outcome',
  /** What led to a reload: `load` (start), `watch` (a change), `publish` (this watcher's own write). */
  CAUSE: 'zookeeper.config.cause',
  /** The version a publish expected (`-1`: any; absent: the node must not exist). */
  EXPECTED_VERSION: 'zookeeper.config.expected_version',
} as const;

/** Recipe span names of the config recipe. */
export const ConfigSpan = {
  RELOAD: 'zk.config.reload',
  PUBLISH: 'zk.config.publish',
} as const;
