/**
 * Three instances of a cron service, as separate processes; only the leader
 * runs the job, once a second. The demo kills the leader (SIGKILL, like a
 * crash) and another instance takes over once the dead one's session expires;
 * then it stops the new leader gracefully (SIGTERM) and the last instance
 * takes over at once. At the end it checks from the printed runs that no two
 * instances ever ran the job in the same term, and that epochs only grew.
 *
 *   npx tsx examples/leader-cron/main.ts            (starts its own ZooKeeper)
 *   ZK_CONNECT=127.0.0.1:2181 npx tsx examples/leader-cron/main.ts
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { TestingServer } from '../../src/testing/index.js';

const RUNS_PER_LEADER = 3;
const here = dirname(fileURLToPath(import.meta.url));
const server = process.env.ZK_CONNECT ? undefined : await TestingServer.start();
const connect = process.env.ZK_CONNECT ?? server!.connectString;
console.log(`[main] ZooKeeper at ${connect}; starting 3 instances of the cron service`);

interface Run { instance: string; epoch: bigint }
const runs: Run[] = [];
const instances = new Map<string, ChildProcess>();
let onRun: ((run: Run) => void) | undefined;
let onLeader: ((name: string) => void) | undefined;

function startInstance(name: string): void {
  const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'instance.ts'), name], {
    env: { ...process.env, ZK_CONNECT: connect },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  instances.set(name, child);
  createInterface({ input: child.stdout }).on('line', (line) => {
    console.log(line);
    if (line.includes('LEADER now')) onLeader?.(name);
    const match = /job run #\d+ \(epoch (\d+)\)/.exec(line);
    if (match) {
      const run = { instance: name, epoch: BigInt(match[1]) };
      runs.push(run);
      onRun?.(run);
    }
  });
}

/** Resolves with the next instance that says it is leader. */
function nextLeader(): Promise<string> {
  return new Promise((resolve) => { onLeader = (name) => { onLeader = undefined; resolve(name); }; });
}

/** Resolves with the instance that runs the job `RUNS_PER_LEADER` times in a row in one term. */
function leaderAfterRuns(): Promise<string> {
  let streak = 0;
  let last: Run | undefined;
  return new Promise((resolve) => {
    onRun = (run) => {
      streak = last && last.instance === run.instance && last.epoch === run.epoch ? streak + 1 : 1;
      last = run;
      if (streak === RUNS_PER_LEADER) { onRun = undefined; resolve(run.instance); }
    };
  });
}

async function stop(name: string, signal: NodeJS.Signals): Promise<void> {
  const child = instances.get(name)!;
  instances.delete(name);
  const exited = once(child, 'exit');
  child.kill(signal);
  await exited;
}

for (const name of ['cron-1', 'cron-2', 'cron-3']) startInstance(name);

const first = await leaderAfterRuns();
console.log(`\n[main] killing ${first}, the leader, with SIGKILL (a crash): its session expires in about 3 s, then another instance takes over\n`);
let since = performance.now();
let elected = nextLeader();
await stop(first, 'SIGKILL');
const second = await elected;
console.log(`\n[main] ${second} took over ${Math.round(performance.now() - since)} ms after the crash\n`);
await leaderAfterRuns();
console.log(`\n[main] stopping ${second}, the leader, with SIGTERM: it leaves the election and the last instance takes over at once\n`);
since = performance.now();
elected = nextLeader();
await stop(second, 'SIGTERM');
const third = await elected;
console.log(`\n[main] ${third} took over ${Math.round(performance.now() - since)} ms after the graceful stop\n`);
await leaderAfterRuns();
console.log('\n[main] shutting down\n');
await Promise.all([...instances.keys()].map((name) => stop(name, 'SIGTERM')));
await server?.close();

// Every term (epoch) belongs to one instance, and terms follow each other in epoch order.
const owners = new Map<bigint, Set<string>>();
for (const run of runs) owners.set(run.epoch, (owners.get(run.epoch) ?? new Set()).add(run.instance));
const oneOwnerPerTerm = [...owners.values()].every((o) => o.size === 1);
const epochsGrow = runs.every((run, i) => i === 0 || run.epoch >= runs[i - 1].epoch);
console.log(`[main] ${runs.length} job runs in ${owners.size} terms by ${[first, second, third].join(' -> ')}`);
console.log(oneOwnerPerTerm && epochsGrow
  ? '[main] one instance per term, epochs only grew: the job never ran on two leaders at once'
  : '[main] PROBLEM: two instances ran the job in one term, or an epoch went back');
process.exitCode = oneOwnerPerTerm && epochsGrow ? 0 : 1;
