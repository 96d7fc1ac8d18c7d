/**
 * Barriers, wire-compatible with Apache Curator 5.x: {@link Barrier}
 * (DistributedBarrier; also kazoo's Barrier) holds everyone until a gate node
 * is removed; {@link DoubleBarrier} (DistributedDoubleBarrier) lets a group
 * start and finish a computation together. Every wait is bounded, watch-driven
 * and cleans up after a timeout. See docs/barriers.md.
 */
export { Barrier, type BarrierOptions } from './barrier.js';
export { DoubleBarrier } from './double-barrier.js';
export type { DoubleBarrierOptions } from './options.js';
export { BarrierTimeoutError, BarrierClosedError, type BarrierStep } from './errors.js';
export { BarrierAttr } from './attributes.js';
