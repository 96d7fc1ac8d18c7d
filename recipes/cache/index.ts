export { NodeCache, type NodeCacheEvents } from './node-cache.js';
export { TreeCache, type TreeCacheEvents, type TreeCacheOptions } from './tree-cache.js';
export type { NodeSnapshot } from './types.js';
