import { runDriver } from '../common/run-driver.js';
import { configPropagation, doubleBarrier, leaderFailover } from './coordination-workloads.js';
import { discovery, scale } from './discovery-workloads.js';
import { herd, instrumentationOverhead, lockContended, lockUncontended } from './lock-workloads.js';

/** The zk-recipes driver: the workloads of bench/README.md on this repository's recipes. */
await runDriver('zk-recipes', {
  lock_uncontended: (a) => lockUncontended(a),
  lock_uncontended_watched: (a) => lockUncontended(a, true),
  instrumentation_overhead: instrumentationOverhead,
  lock_contended: lockContended,
  leader_failover: leaderFailover,
  config_propagation: configPropagation,
  double_barrier: doubleBarrier,
  discovery,
  herd,
  scale,
});
