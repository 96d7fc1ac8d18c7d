/**
 * A chaos run from the command line (`npm run chaos -- --minutes 10 --seed 42`):
 * a real 3-member ensemble, 6 participants (one in a child process) running
 * every recipe through their own FaultProxies, faults for the given time,
 * then the checkers. Prints the summary; exits 1 on any violation (with the
 * seed and the history around it), 2 on bad arguments.
 *
 *   npx tsx test/chaos/run.ts --minutes 10 --seed 42 [--processes 6] [--in-process 0] [--session-timeout 4000] [--history run.jsonl]
 *
 * CHAOS_TRACE=1 prints every event as it happens; CHAOS_STDERR_DIR=<dir> keeps each child's stderr.
 */
import { parseArgs } from 'node:util';
import { runChaos } from './chaos-run.js';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '1' },
    seed: { type: 'string', default: String(Date.now() % 1_000_000) },
    processes: { type: 'string', default: '6' },
    'in-process': { type: 'string', default: '0' },
    'session-timeout': { type: 'string', default: '4000' },
    history: { type: 'string' },
  },
});
const minutes = Number(values.minutes);
const seed = Number(values.seed);
const clients = Number(values['in-process']);
const processes = Number(values.processes);
const sessionTimeoutMs = Number(values['session-timeout']);
if (!(minutes > 0) || !Number.isInteger(seed) || !Number.isInteger(clients) || !Number.isInteger(processes)
  || clients + processes < 2 || !(sessionTimeoutMs >= 1000 && sessionTimeoutMs <= 10_000)) {
  console.error('usage: run.ts --minutes <n> --seed <integer> [--processes <n>] [--in-process <n>] [--session-timeout <1000..10000 ms>]');
  process.exit(2);
}

const result = await runChaos({
  durationMs: minutes * 60_000, seed, processClients: processes, inProcessClients: clients, sessionTimeoutMs,
  log: (line) => console.log(line),
  ...(values.history ? { historyFile: values.history } : {}),
});
console.log(result.summary.join('\n'));
process.exitCode = result.violations.length === 0 ? 0 : 1;
