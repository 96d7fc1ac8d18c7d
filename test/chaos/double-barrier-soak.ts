/**
 * Soak of DoubleBarrier: N rounds of 8 members (one session each) on one path,
 * with a give-up scenario (enter timeout, leave timeout, abort) every 50 rounds.
 * Prints rounds, hung calls and timeouts honoured; exits 1 on any hang,
 * violation or unexpected error.
 *
 *   npx tsx test/chaos/double-barrier-soak.ts --rounds 1000 [--members 8] [--block 50]
 *   ZK_CONNECT=127.0.0.1:<port of a running server> npx tsx test/chaos/double-barrier-soak.ts --rounds 1000
 *
 * Without ZK_CONNECT it starts its own ZooKeeper (src/testing).
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { TestingServer } from '../../src/testing/index.js';
import { percentile, runSoak } from '../barriers/soak-rounds.js';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '1000' },
    members: { type: 'string', default: '8' },
    block: { type: 'string', default: '50' },
  },
});
const rounds = Number(values.rounds);
const members = Number(values.members);
const blockSize = Number(values.block);
if (![rounds, members, blockSize].every((v) => Number.isInteger(v) && v > 0)) {
  console.error('usage: double-barrier-soak.ts --rounds <n> [--members <n>] [--block <n>]');
  process.exit(2);
}

const server = process.env.ZK_CONNECT ? undefined : await TestingServer.start();
const connect = process.env.ZK_CONNECT ?? server!.connectString;
const path = `/soak/double-barrier-${randomUUID().slice(0, 8)}`;
console.log(`double barrier soak: ${rounds} rounds of ${members} members on ${path} (${server ? 'own ZooKeeper' : connect})`);
const started = performance.now();
try {
  const result = await runSoak({
    connect, path, rounds, members, blockSize,
    onBlock: (done, r) => console.log(`  ${done} rounds, hung ${r.hung}, timeouts honoured ${r.timeoutsHonoured}/${r.timeoutsExpected}, violations ${r.violations.length}`),
  });
  const seconds = (performance.now() - started) / 1000;
  console.log('');
  console.log(`rounds:             ${result.rounds}`);
  console.log(`hung:               ${result.hung}`);
  console.log(`timeouts honoured:  ${result.timeoutsHonoured}/${result.timeoutsExpected} (largest overshoot ${result.maxTimeoutOvershootMs.toFixed(0)} ms)`);
  console.log(`violations:         ${result.violations.length}`);
  console.log(`errors:             ${result.errors.length}`);
  console.log(`member round:       p50 ${percentile(result.roundMs, 50).toFixed(1)} ms, p99 ${percentile(result.roundMs, 99).toFixed(1)} ms; ${seconds.toFixed(1)} s in all`);
  for (const line of [...result.violations, ...result.errors].slice(0, 20)) console.log(`  ${line}`);
  const ok = result.rounds === rounds && result.hung === 0 && result.violations.length === 0 && result.errors.length === 0
    && result.timeoutsHonoured === result.timeoutsExpected;
  process.exitCode = ok ? 0 : 1;
} finally {
  await server?.close();
}
