import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runChaos } from './chaos-run.js';

/**
 * The bounded chaos run of the normal test suite: about 60 s of faults with a
 * fixed seed (`npm run chaos -- --minutes N --seed S` runs longer ones). Every
 * recipe runs in six processes under partitions, cut and delayed connections,
 * session expiry and ensemble member crashes; the checkers must find nothing.
 */
describe('chaos: recipes stay safe under faults', () => {
  test('60 s of faults on a 3-member ensemble, six participants, seed 20261129: no violation', async () => {
    const lines: string[] = [];
    const result = await runChaos({
      durationMs: 60_000, seed: 20261129, log: (line) => lines.push(line),
      ...(process.env.CHAOS_HISTORY ? { historyFile: process.env.CHAOS_HISTORY } : {}),
    });
    console.log(result.summary.join('\n'));
    const faults = Object.values(result.faults).reduce((a, b) => a + (b ?? 0), 0);
    assert.ok(faults >= 10, `the nemesis injected only ${faults} faults`);
    assert.ok((result.operations['mutex.enter'] ?? 0) > 0 && (result.operations['leader.gained'] ?? 0) > 0
      && (result.operations['barrier.pass'] ?? 0) > 0 && (result.operations['discovery.registered'] ?? 0) > 0,
    'every workload made progress');
    assert.deepEqual(result.violations.map((v) => `[${v.checker}] ${v.message}`), [],
      `violations found (seed ${result.seed}); the history around each is in the summary above`);
  });
});
