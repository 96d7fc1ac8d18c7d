import { cpus, totalmem } from 'node:os';
import { FaultProxy } from '../../src/testing/index.js';
import type { DriverResult } from '../drivers/common/driver-protocol.js';
import { BenchServer, type Durability } from './bench-server.js';
import { DRIVER_NAMES, DRIVERS, type DriverName } from './drivers.js';
import type { WorkloadSpec } from './plan.js';
import { runDriverProcess } from './run-driver-process.js';
import { summarize, type CellSummary } from './summary.js';
import { checkTargets, type TargetCheck } from './targets.js';

/** What to run. */
export interface BenchOptions {
  plan: readonly WorkloadSpec[];
  drivers?: readonly DriverName[];
  servers?: readonly Durability[];
  /** Progress lines (one per driver run). */
  log?: (line: string) => void;
}

/** Everything one bench run produced (the results file). */
export interface BenchReport {
  startedAt: string;
  finishedAt: string;
  durationS: number;
  machine: { cpus: number; cpuModel: string; memoryGb: number; node: string; platform: string };
  skipped: Record<string, string>;
  plan: readonly WorkloadSpec[];
  servers: { durability: Durability; zooCfg: string }[];
  runs: (DriverResult & { durability: Durability; run: number; wallMs: number })[];
  cells: CellSummary[];
  targets: TargetCheck[];
}

/**
 * Runs the plan: for each server (started fresh through src/testing), each
 * workload, each run index and each available driver, one driver process;
 * runs of different drivers are interleaved so that load from elsewhere on
 * the machine spreads over all of them. Then folds the runs into medians and
 * checks the targets.
 */
export async function runBench(options: BenchOptions): Promise<BenchReport> {
  const started = new Date();
  const log = options.log ?? (() => {});
  const skipped: Record<string, string> = {};
  const drivers: DriverName[] = [];
  for (const name of options.drivers ?? DRIVER_NAMES) {
    const reason = DRIVERS[name].unavailable();
    if (reason) { skipped[name] = reason; log(`skipping ${name}: ${reason}`); continue; }
    DRIVERS[name].prepare();
    drivers.push(name);
  }
  const serverList = options.servers ?? ['nosync', 'fsync'];
  const runs: BenchReport['runs'] = [];
  const servers: BenchReport['servers'] = [];
  for (const durability of serverList) {
    const plan = options.plan.filter((w) => w.servers.includes(durability));
    if (plan.length === 0) continue;
    const server = await BenchServer.start(durability);
    try {
      servers.push({ durability, zooCfg: await server.config() });
      for (const w of plan) {
        const forWorkload = drivers.filter((d) => !w.drivers || w.drivers.includes(d));
        const link = w.linkDelayMs === undefined ? undefined : await FaultProxy.start({ target: server.connectString });
        link?.delay(w.linkDelayMs ?? 0);
        try {
          for (let run = 1; run <= w.runs; run++) {
            for (const driver of forWorkload) {
              const connect = link?.connectString ?? server.connectString;
              const result = await runDriverProcess(DRIVERS[driver], { connect, workload: w.driverWorkload ?? w.name, n: w.n, clients: w.clients, timeoutMs: w.timeoutMs });
              runs.push({ ...result, workload: w.name, durability, run });
            const status = result.error ? `ERROR ${result.error.slice(0, 100)}` : result.unsupported ? `unsupported: ${result.unsupported}` : JSON.stringify(result.metrics);
              log(`${durability} ${w.name} #${run} ${driver} (${(result.wallMs / 1000).toFixed(1)} s): ${status}`);
            }
          }
        } finally {
          await link?.close();
        }
      }
    } finally {
      await server.close();
    }
  }
  const cells: CellSummary[] = [];
  for (const durability of serverList) {
    for (const w of options.plan) {
      for (const driver of drivers) {
        const mine = runs.filter((r) => r.durability === durability && r.workload === w.name && r.driver === driver);
        if (mine.length) cells.push(summarize(durability, w.name, driver, mine));
      }
    }
  }
  const finished = new Date();
  const cpu = cpus();
  return {
    startedAt: started.toISOString(),
    finishedAt: finished.toISOString(),
    durationS: Math.round((finished.getTime() - started.getTime()) / 1000),
    machine: { cpus: cpu.length, cpuModel: cpu[0]?.model ?? '?', memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version, platform: process.platform },
    skipped,
    plan: options.plan,
    servers,
    runs,
    cells,
    targets: checkTargets(cells),
  };
}
