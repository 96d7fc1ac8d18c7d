import { runDriver } from '../common/run-driver.js';
import { configPropagation, doubleBarrier, leaderFailover } from './coordination-workloads.js';
import { discovery, scale } from './discovery-workloads.js';
import { herd, lockContended, lockUncontended } from './lock-workloads.js';

/**
 * The floor driver: the raw `zookeeper` npm package (its promise API, as a user
 * would call it) doing the minimal operation sequence of each workload by hand.
 * The only place in the repository besides src/zk that imports the package.
 */
await runDriver('floor', {
  lock_uncontended: lockUncontended,
  lock_contended: lockContended,
  leader_failover: leaderFailover,
  config_propagation: configPropagation,
  double_barrier: doubleBarrier,
  discovery,
  herd,
  scale,
});
