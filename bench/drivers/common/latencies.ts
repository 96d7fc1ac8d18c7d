/** The `p`-th percentile (0–100) of `values` by nearest rank; NaN when empty. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

/** Milliseconds since an arbitrary origin, sub-millisecond resolution. */
export function nowMs(): number {
  return performance.now();
}

/** p50/p99/max of a list of durations in ms, under `prefix_p50_ms` etc. */
export function summarize(prefix: string, values: readonly number[]): Record<string, number> {
  const key = prefix ? `${prefix}_` : '';
  return {
    [`${key}p50_ms`]: round(percentile(values, 50)),
    [`${key}p99_ms`]: round(percentile(values, 99)),
    [`${key}max_ms`]: round(Math.max(...values)),
  };
}

/** Rounds to 3 decimals (microseconds for ms values). */
export function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
