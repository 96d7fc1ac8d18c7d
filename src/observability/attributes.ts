/**
 * Attribute and field names, in one place so spans, metrics and logs agree and
 * docs/observability.md can list them. Semantic-convention names where one exists.
 */
export const Attr = {
  DB_SYSTEM: 'db.system.name',
  DB_OPERATION: 'db.operation.name',
  ERROR_TYPE: 'error.type',
  SERVER_ADDRESS: 'server.address',
  PATH: 'zookeeper.path',
  SESSION_ID: 'zookeeper.session_id',
  STATE: 'zookeeper.state',
  PREVIOUS_STATE: 'zookeeper.previous_state',
  RETRY_ATTEMPT: 'zookeeper.retry.attempt',
  CREATE_MODE: 'zookeeper.create_mode',
} as const;

/** Value of `db.system.name` for every ZooKeeper span and metric. */
export const DB_SYSTEM_ZOOKEEPER = 'zookeeper';

/** Recipe metric instrument names (see RecipeInstruments). */
export const RecipeMetricName = {
  LOCK_WAIT: 'zookeeper.lock.wait.duration',
  LOCK_HOLD: 'zookeeper.lock.hold.duration',
  LOCK_ACQUISITIONS: 'zookeeper.lock.acquisitions',
  LEADERSHIP: 'zookeeper.leader.leadership',
  LEADERSHIP_CHANGES: 'zookeeper.leader.changes',
  REGISTERED_INSTANCES: 'zookeeper.discovery.registered_instances',
  CONFIG_RELOADS: 'zookeeper.config.reloads',
  WATCH_EVENTS: 'zookeeper.client.watch_events',
} as const;

/** Low-cardinality metric attributes of the recipes. */
export const RecipeMetricAttr = {
  RECIPE: 'zookeeper.recipe',
  OUTCOME: 'zookeeper.outcome',
  LEADER_EVENT: 'zookeeper.leader.event',
  WATCH_TYPE: 'zookeeper.watch.type',
} as const;

/** Metric instrument names. */
export const MetricName = {
  OPERATION_DURATION: 'db.client.operation.duration',
  RETRIES: 'zookeeper.client.retries',
  STATE_TRANSITIONS: 'zookeeper.client.state_transitions',
  SESSION_EXPIRATIONS: 'zookeeper.client.session_expirations',
} as const;
