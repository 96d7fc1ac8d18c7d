export { Attr, DB_SYSTEM_ZOOKEEPER, MetricName, RecipeMetricName, RecipeMetricAttr } from './attributes.js';
export { RecipeInstruments } from './recipe-instruments.js';
export { Instrumentation, type InstrumentationOptions } from './instrumentation.js';
export { SilentLogger, logEvent, type LogFields, type LogLevel, type ZkLogger } from './logger.js';
export { ecsFormat, createEcsLogger, ECS_VERSION, type EcsFormatOptions, type EcsLoggerOptions } from './ecs-format.js';
export { SDK_NAME, SDK_VERSION } from './sdk-version.js';
