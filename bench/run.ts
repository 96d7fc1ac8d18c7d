import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBench } from './harness/bench-run.js';
import type { Durability } from './harness/bench-server.js';
import { DRIVER_NAMES, type DriverName } from './harness/drivers.js';
import { fullPlan, tinyPlan } from './harness/plan.js';
import { renderTable, renderTargets } from './harness/report-table.js';

/**
 * `npm run bench`: every workload for every driver on a forceSync=no and a
 * forceSync=yes ZooKeeper, table on stdout, results in bench/results/<time>.json.
 *
 * Options: --tiny (smoke counts), --only w1,w2 (workloads), --drivers d1,d2,
 * --servers nosync|fsync|nosync,fsync.
 */
const argv = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
let plan = argv.includes('--tiny') ? tinyPlan() : fullPlan();
const only = option('only')?.split(',');
if (only) plan = plan.filter((w) => only.includes(w.name));
const drivers = option('drivers')?.split(',').filter((d): d is DriverName => (DRIVER_NAMES as readonly string[]).includes(d));
const servers = option('servers')?.split(',') as Durability[] | undefined;

const report = await runBench({ plan, ...(drivers ? { drivers } : {}), ...(servers ? { servers } : {}), log: (line) => console.error(line) });
const resultsDir = join(dirname(fileURLToPath(import.meta.url)), 'results');
mkdirSync(resultsDir, { recursive: true });
const file = join(resultsDir, `${report.startedAt.replace(/[:.]/g, '-')}.json`);
writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
const shown = [...new Set(report.cells.map((c) => c.server))];
console.log(`zk-recipes bench, ${report.startedAt}, ${report.durationS} s, ${report.machine.cpus} × ${report.machine.cpuModel}, Node ${report.machine.node}`);
for (const [driver, why] of Object.entries(report.skipped)) console.log(`skipped ${driver}: ${why}`);
console.log('');
console.log(renderTable(plan, report.cells, shown));
console.log('Targets (forceSync=no, medians):');
console.log(renderTargets(report.targets));
console.log(`\nresults: ${file}`);
