export { ConfigWatcher, type ConfigWatcherEvents, type ConfigWatcherOptions, type PublishOptions } from './config-watcher.js';
export { InvalidConfigError, type ConfigStage } from './invalid-config-error.js';
export { ConfigAttr, ConfigSpan } from './config-attributes.js';
export { jsonCodec, type ConfigFunctions } from './config-codec.js';
