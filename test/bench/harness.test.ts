import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { ZkClient } from '../../src/index.js';
import { runBench } from '../../bench/harness/bench-run.js';
import { BenchServer } from '../../bench/harness/bench-server.js';
import { DRIVER_NAMES, DRIVERS } from '../../bench/harness/drivers.js';
import { tinyPlan } from '../../bench/harness/plan.js';
import { renderTable, renderTargets } from '../../bench/harness/report-table.js';

/**
 * Keeps `npm run bench` from rotting: the whole harness with tiny counts, one
 * run, every driver that can run here, every workload. Nothing about timings is
 * asserted (bench/ is where timings live); only that every driver answers every
 * workload with its metrics and that the report is built.
 */
describe('bench harness', () => {
  test('an fsync server runs with forceSync=yes and serves', async () => {
    const server = await BenchServer.start('fsync');
    try {
      assert.match(await server.config(), /^forceSync=yes$/m);
      assert.doesNotMatch(await server.config(), /^forceSync=no$/m);
      const client = new ZkClient({ connect: server.connectString, sessionTimeoutMs: 6000 });
      await client.connect();
      await client.create('/durable', 'x');
      assert.equal((await client.getData('/durable')).data.toString(), 'x');
      await client.close();
    } finally {
      await server.close();
    }
  });

  test('every driver runs every workload with tiny counts', async () => {
    const plan = tinyPlan();
    const report = await runBench({ plan, servers: ['nosync'] });
    const available = DRIVER_NAMES.filter((d) => !DRIVERS[d].unavailable());
    assert.ok(available.includes('zk-recipes') && available.includes('floor'));
    for (const w of plan) {
      for (const driver of available.filter((d) => !w.drivers || w.drivers.includes(d))) {
        const cell = report.cells.find((c) => c.workload === w.name && c.driver === driver);
        assert.ok(cell, `${driver} ${w.name}: no result`);
        if (cell.unsupported) {
          // Only the leader workload may be missing, while recipes/leader is being built.
          assert.equal(`${driver} ${w.name}`, 'zk-recipes leader_failover', cell.unsupported);
          continue;
        }
        assert.deepEqual(cell.errors, [], `${driver} ${w.name}`);
        for (const column of w.columns.filter((c) => c !== 'hung_rounds')) {
          assert.ok(cell.metrics[column] !== undefined, `${driver} ${w.name}: no ${column}`);
        }
        if (w.name !== 'scale' && w.name !== 'instrumentation_overhead') assert.ok(cell.perOp && cell.perOp.requests > 0, `${driver} ${w.name}: no server counters`);
      }
    }
    assert.equal(report.cells.find((c) => c.workload === 'lock_contended' && c.driver === 'zk-recipes')?.metrics.violations.max, 0);
    assert.ok(report.targets.length >= 10);
    assert.match(renderTable(plan, report.cells, ['nosync']), /lock_uncontended/);
    assert.match(renderTargets(report.targets), /lock_uncontended rate/);
    assert.match(await readFile(join(import.meta.dirname, '../../bench/README.md'), 'utf8'), /npm run bench/);
  });
});
