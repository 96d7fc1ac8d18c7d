import type { Durability } from './bench-server.js';
import type { DriverName } from './drivers.js';

/** One workload of the plan. */
export interface WorkloadSpec {
  name: string;
  /** What it measures, for the table's heading. */
  title: string;
  n: number;
  clients: number;
  /** Runs per driver and server (the table shows the median, with min–max). */
  runs: number;
  /** The servers it runs on. Read-only and counting workloads do not depend on fsync. */
  servers: readonly Durability[];
  /** Drivers it runs for (default: all). */
  drivers?: readonly DriverName[];
  /** Metrics shown in the table, in order. */
  columns: readonly string[];
  /** Per driver run time limit. */
  timeoutMs: number;
  /** The workload the drivers run, when it is another's under a different setting; default `name`. */
  driverWorkload?: string;
  /**
   * Run through a FaultProxy that delays every byte this long in each direction:
   * a network between client and server instead of loopback.
   */
  linkDelayMs?: number;
}

const BOTH: readonly Durability[] = ['nosync', 'fsync'];
const NOSYNC: readonly Durability[] = ['nosync'];

/** The full plan of `npm run bench` (bench/README.md describes each workload). */
export function fullPlan(): WorkloadSpec[] {
  return [
    { name: 'lock_uncontended', title: '1 session, acquire+release cycles', n: 500, clients: 1, runs: 3, servers: BOTH, columns: ['rate_per_s', 'p50_ms', 'p99_ms'], timeoutMs: 120_000 },
    {
      name: 'lock_uncontended_watched', title: 'lock_uncontended reading lease.lost every cycle (arms the loss watch)', n: 500, clients: 1, runs: 3,
      servers: BOTH, drivers: ['zk-recipes'], columns: ['rate_per_s', 'p50_ms', 'p99_ms'], timeoutMs: 120_000,
    },
    {
      name: 'instrumentation_overhead', title: 'lock_uncontended as shipped vs with the instrumentation taken out, A/B in one process', n: 500, clients: 1, runs: 3,
      servers: NOSYNC, drivers: ['zk-recipes'], columns: ['rate_instrumented_per_s', 'rate_bypassed_per_s', 'overhead_pct'], timeoutMs: 120_000,
    },
    {
      name: 'lock_uncontended_1ms_link', title: 'lock_uncontended through a link that delays each direction 1 ms (a FaultProxy): round trips cost what they do across a network',
      driverWorkload: 'lock_uncontended', linkDelayMs: 1, n: 200, clients: 1, runs: 3, servers: NOSYNC, columns: ['rate_per_s', 'p50_ms', 'p99_ms'], timeoutMs: 180_000,
    },
    { name: 'lock_contended', title: '8 sessions take one lock in turns', n: 400, clients: 8, runs: 3, servers: BOTH, columns: ['handoff_p50_ms', 'handoff_p99_ms', 'throughput_per_s', 'violations'], timeoutMs: 180_000 },
    { name: 'leader_failover', title: 'the leader closes; time until the next leader knows', n: 20, clients: 3, runs: 3, servers: BOTH, columns: ['p50_ms', 'p99_ms'], timeoutMs: 180_000 },
    { name: 'config_propagation', title: '1 writer, 20 watcher sessions; time until all saw the value', n: 20, clients: 20, runs: 3, servers: BOTH, columns: ['p50_ms', 'p99_ms'], timeoutMs: 180_000 },
    { name: 'double_barrier', title: '8 members enter and leave; time per round', n: 10, clients: 8, runs: 3, servers: BOTH, columns: ['round_p50_ms', 'round_p99_ms', 'hung_rounds'], timeoutMs: 300_000 },
    { name: 'discovery', title: '100 instances; lookups per second', n: 1000, clients: 1, runs: 3, servers: NOSYNC, columns: ['uncached_per_s', 'cached_per_s'], timeoutMs: 180_000 },
    { name: 'herd', title: '100 waiters; watch notifications per release', n: 1, clients: 100, runs: 3, servers: NOSYNC, columns: ['notifications_per_release', 'to_waiters_per_handoff', 'to_releaser_per_release', 'chain_ms'], timeoutMs: 180_000 },
    { name: 'scale', title: '1,000 waiters on one lock from one process; 10,000 cached instances', n: 1000, clients: 1, runs: 1, servers: NOSYNC, columns: ['acquired', 'errors', 'out_of_order', 'drain_ms', 'cache_load_ms', 'bytes_per_instance'], timeoutMs: 600_000 },
  ];
}

/** The plan with tiny counts, for the smoke test: every code path, no timing value. */
export function tinyPlan(): WorkloadSpec[] {
  return fullPlan().map((w) => ({
    ...w,
    n: w.name === 'scale' ? 20 : w.name === 'discovery' ? 20 : Math.min(w.n, 4),
    clients: Math.min(w.clients, w.name === 'herd' ? 5 : 3),
    runs: 1,
    servers: ['nosync'],
  }));
}
