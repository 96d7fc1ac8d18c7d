import type { DriverResult, ServerCounters } from '../drivers/common/driver-protocol.js';

/** Median and range of one metric over the runs. */
export interface Spread {
  median: number;
  min: number;
  max: number;
}

/** Everything measured for one workload, driver and server. */
export interface CellSummary {
  server: string;
  workload: string;
  driver: string;
  runs: number;
  metrics: Record<string, Spread>;
  /** Server requests, reads, writes and notifications per operation (median over runs). */
  perOp?: Record<keyof ServerCounters, number>;
  unsupported?: string;
  errors: string[];
  notes: string[];
}

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export function spread(values: readonly number[]): Spread {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values) };
}

/** Folds the runs of one cell into medians with min–max. */
export function summarize(server: string, workload: string, driver: string, results: readonly DriverResult[]): CellSummary {
  const ok = results.filter((r) => !r.error && !r.unsupported);
  const metrics: Record<string, Spread> = {};
  for (const key of new Set(ok.flatMap((r) => Object.keys(r.metrics)))) {
    const values = ok.map((r) => r.metrics[key]).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
    if (values.length) metrics[key] = spread(values);
  }
  const counted = ok.filter((r) => r.server && r.ops);
  let perOp: CellSummary['perOp'];
  if (counted.length) {
    const per = (k: keyof ServerCounters): number => Math.round(median(counted.map((r) => r.server![k] / r.ops!)) * 100) / 100;
    perOp = { requests: per('requests'), reads: per('reads'), writes: per('writes'), notifications: per('notifications'), packetsSent: per('packetsSent') };
  }
  return {
    server, workload, driver, runs: ok.length, metrics, ...(perOp ? { perOp } : {}),
    ...(results[0]?.unsupported ? { unsupported: results[0].unsupported } : {}),
    errors: results.filter((r) => r.error).map((r) => r.error!),
    notes: [...new Set(results.flatMap((r) => r.notes ?? []))],
  };
}
