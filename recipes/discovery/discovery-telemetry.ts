/** Span and log attribute names of the discovery recipe (docs/discovery.md). */
export const DiscoveryAttr = {
  /** The service name. */
  SERVICE: 'zookeeper.discovery.service',
  /** The instance id. */
  INSTANCE_ID: 'zookeeper.discovery.instance_id',
  /** What a query asked for: `names`, `instances` or `instance`. */
  QUERY: 'zookeeper.discovery.query',
  /** Why an instance is (re)registered: `register` or `new_session`. */
  REASON: 'zookeeper.discovery.reason',
  /** Number of instances a query returned. */
  RESULT_COUNT: 'zookeeper.discovery.result_count',
} as const;

/** Span names: one per recipe step a person looks for in a trace. */
export type DiscoverySpanName = 'zk.discovery.register' | 'zk.discovery.update' | 'zk.discovery.unregister' | 'zk.discovery.query';
