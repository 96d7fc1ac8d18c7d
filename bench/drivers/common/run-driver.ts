import type { DriverArgs, DriverResult, ServerCounters } from './driver-protocol.js';
import { parseDriverArgs } from './driver-protocol.js';

/** What a workload implementation returns. */
export interface WorkloadOutcome {
  metrics: Record<string, number>;
  ops?: number;
  server?: ServerCounters;
  notes?: string[];
  /** Set when the workload cannot run with what is installed (the reason). */
  unsupported?: string;
}

/** One workload of a driver. */
export type Workload = (args: DriverArgs) => Promise<WorkloadOutcome>;

/**
 * The main function of a TypeScript driver: parses the arguments, runs the
 * workload, prints the one JSON line, and exits (so that a stray handle cannot
 * keep a finished driver alive).
 */
export async function runDriver(driver: string, workloads: Readonly<Record<string, Workload>>, unsupported: Readonly<Record<string, string>> = {}): Promise<never> {
  let result: DriverResult;
  let args: DriverArgs | undefined;
  try {
    args = parseDriverArgs(process.argv.slice(2));
    const base = { driver, workload: args.workload, n: args.n, clients: args.clients };
    const workload = workloads[args.workload];
    if (!workload) {
      result = { ...base, metrics: {}, unsupported: unsupported[args.workload] ?? `no workload "${args.workload}" in ${driver}` };
    } else {
      result = { ...base, ...(await workload(args)) };
    }
  } catch (e) {
    result = {
      driver, workload: args?.workload ?? '?', n: args?.n ?? 0, clients: args?.clients ?? 0, metrics: {},
      error: e instanceof Error ? `${e.name}: ${e.message}` : String(e),
    };
  }
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(result.error ? 1 : 0);
}
