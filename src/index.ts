/**
 * zk-recipes: ZooKeeper coordination recipes for Node.js, on a client that owns
 * connection loss, session expiry and retries, with OpenTelemetry and ECS logs.
 */
export * from './client/index.js';
export * from './errors/index.js';
export {
  ecsFormat, createEcsLogger, ECS_VERSION, Attr, MetricName, RecipeMetricName, RecipeMetricAttr, SDK_NAME, SDK_VERSION,
  type EcsFormatOptions, type EcsLoggerOptions, type ZkLogger, type LogFields,
} from './observability/index.js';
export * from '../recipes/index.js';
