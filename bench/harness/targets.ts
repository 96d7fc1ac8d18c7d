import type { CellSummary } from './summary.js';

/** One target of issue 12, checked against the medians of one run of the bench. */
export interface TargetCheck {
  target: string;
  /** The measurement, as text (ratios with the values they come from). */
  measured: string;
  /** `null` when it could not be checked (a driver missing or failing). */
  met: boolean | null;
}

type Lookup = (workload: string, driver: string, metric: string) => number | undefined;

function lookupIn(cells: readonly CellSummary[], server: string): Lookup {
  return (workload, driver, metric) =>
    cells.find((c) => c.server === server && c.workload === workload && c.driver === driver)?.metrics[metric]?.median;
}

const f = (v: number): string => (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2));

/** "higher is better" ratio target: ours / theirs ≥ factor. */
function atLeast(get: Lookup, target: string, workload: string, metric: string, other: string, factor: number): TargetCheck {
  const ours = get(workload, 'zk-recipes', metric);
  const theirs = get(workload, other, metric);
  if (ours === undefined || theirs === undefined) return { target, measured: 'not measured', met: null };
  const ratio = ours / theirs;
  return { target, measured: `${f(ours)} vs ${f(theirs)} = ${ratio.toFixed(2)}×`, met: ratio >= factor };
}

/** "lower is better" target: theirs / ours ≥ factor (ours is `factor`× better). */
function betterBy(get: Lookup, target: string, workload: string, metric: string, other: string, factor: number): TargetCheck {
  const ours = get(workload, 'zk-recipes', metric);
  const theirs = get(workload, other, metric);
  if (ours === undefined || theirs === undefined) return { target, measured: 'not measured', met: null };
  const ratio = theirs / ours;
  return { target, measured: `${f(ours)} ms vs ${f(theirs)} ms = ${ratio.toFixed(2)}× better`, met: ratio >= factor };
}

/** "lower is better" target: ours ≤ factor × theirs. */
function within(get: Lookup, target: string, workload: string, metric: string, other: string, factor: number): TargetCheck {
  const ours = get(workload, 'zk-recipes', metric);
  const theirs = get(workload, other, metric);
  if (ours === undefined || theirs === undefined) return { target, measured: 'not measured', met: null };
  const ratio = ours / theirs;
  return { target, measured: `${f(ours)} ms vs ${f(theirs)} ms = ${ratio.toFixed(2)}× the floor`, met: ratio <= factor };
}

/** The targets of issue 12, on the forceSync=no server. */
export function checkTargets(cells: readonly CellSummary[]): TargetCheck[] {
  const get = lookupIn(cells, 'nosync');
  const checks: TargetCheck[] = [
    atLeast(get, 'lock_uncontended rate ≥ 2.0× Curator', 'lock_uncontended', 'rate_per_s', 'curator', 2.0),
    atLeast(get, 'lock_uncontended rate ≥ 1.15× floor', 'lock_uncontended', 'rate_per_s', 'floor', 1.15),
    betterBy(get, 'lock_contended hand-off p50 ≥ 2.0× better than Curator', 'lock_contended', 'handoff_p50_ms', 'curator', 2.0),
    within(get, 'lock_contended hand-off p50 within 1.2× floor', 'lock_contended', 'handoff_p50_ms', 'floor', 1.2),
    betterBy(get, 'leader_failover p50 ≥ 2.0× better than Curator', 'leader_failover', 'p50_ms', 'curator', 2.0),
    within(get, 'leader_failover p50 within 1.2× floor', 'leader_failover', 'p50_ms', 'floor', 1.2),
    betterBy(get, 'config_propagation p50 ≥ 1.5× better than Curator', 'config_propagation', 'p50_ms', 'curator', 1.5),
    betterBy(get, 'double_barrier round p50 ≥ 1.5× better than Curator', 'double_barrier', 'round_p50_ms', 'curator', 1.5),
    atLeast(get, 'discovery cached lookups ≥ 5× Curator', 'discovery', 'cached_per_s', 'curator', 5),
    atLeast(get, 'discovery uncached lookups ≥ floor', 'discovery', 'uncached_per_s', 'floor', 1),
  ];
  const toWaiters = get('herd', 'zk-recipes', 'to_waiters_per_handoff');
  const total = get('herd', 'zk-recipes', 'notifications_per_release');
  checks.push({
    target: 'herd: exactly 1 notification per release (to the next waiter)',
    measured: toWaiters === undefined ? 'not measured'
      : `${f(toWaiters)} to the next waiter per hand-off; ${total === undefined ? '?' : f(total)} in all per release on the server (the last release has no waiter)`,
    met: toWaiters === undefined ? null : Math.abs(toWaiters - 1) < 0.005,
  });
  const plain = get('instrumentation_overhead', 'zk-recipes', 'rate_instrumented_per_s');
  const bypassed = get('instrumentation_overhead', 'zk-recipes', 'rate_bypassed_per_s');
  const overhead = get('instrumentation_overhead', 'zk-recipes', 'overhead_pct');
  checks.push(plain === undefined || bypassed === undefined || overhead === undefined
    ? { target: 'instrumentation overhead on lock_uncontended < 5%', measured: 'not measured', met: null }
    : {
      target: 'instrumentation overhead on lock_uncontended < 5%',
      measured: `${f(plain)}/s as shipped vs ${f(bypassed)}/s bypassed (same process, alternating): median overhead ${overhead.toFixed(1)}%`,
      met: overhead < 5,
    });
  const waiters = get('scale', 'zk-recipes', 'waiters');
  const acquired = get('scale', 'zk-recipes', 'acquired');
  const errors = get('scale', 'zk-recipes', 'errors');
  const disorder = get('scale', 'zk-recipes', 'out_of_order');
  const bytes = get('scale', 'zk-recipes', 'bytes_per_instance');
  checks.push({
    target: 'scale: 1,000 waiters all acquire in order with no error; memory per cached instance reported',
    measured: waiters === undefined ? 'not measured'
      : `${acquired}/${waiters} acquired, ${errors} errors, ${disorder} out of order; ${bytes} bytes per cached instance`,
    met: waiters === undefined ? null : acquired === waiters && errors === 0 && disorder === 0 && bytes !== undefined,
  });
  const violations = cells.filter((c) => c.workload === 'lock_contended' && (c.metrics.violations?.max ?? 0) > 0);
  checks.push({
    target: 'lock_contended: 0 mutual-exclusion violations (every driver, both servers)',
    measured: violations.length ? violations.map((c) => `${c.driver}/${c.server}: ${c.metrics.violations.max}`).join(', ') : '0 everywhere',
    met: violations.length === 0,
  });
  return checks;
}
