/**
 * Four processes reserve items from one inventory counter, one at a time,
 * under a Mutex. One of them is frozen (SIGSTOP) while it holds the lock,
 * longer than its session timeout: the others carry on, and when it wakes up
 * its late write is refused by the store's fencing-token check. Nothing is
 * lost or counted twice.
 *
 *   npx tsx examples/lock-critical-section/main.ts            (starts its own ZooKeeper)
 *   ZK_CONNECT=127.0.0.1:2181 npx tsx examples/lock-critical-section/main.ts
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { TestingServer } from '../../src/testing/index.js';
import { startInventoryStore } from './inventory-store.js';

const WORKERS = 4;
const RESERVATIONS = 10;
const INITIAL = 100;
const FROZEN_MS = 4000; // twice the workers' 2 s session timeout

const here = dirname(fileURLToPath(import.meta.url));
const server = process.env.ZK_CONNECT ? undefined : await TestingServer.start();
const connect = process.env.ZK_CONNECT ?? server!.connectString;
const store = await startInventoryStore(INITIAL);
console.log(`[main] ZooKeeper at ${connect}; inventory store at ${store.url} with ${INITIAL} items`);
console.log(`[main] ${WORKERS} workers reserve ${RESERVATIONS} items each under the Mutex /locks/inventory`);

function startWorker(index: number): ChildProcess {
  const name = `worker-${index}`;
  const args = [name, String(RESERVATIONS), ...(index === WORKERS ? ['3'] : [])];
  const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'worker.ts'), ...args], {
    env: { ...process.env, ZK_CONNECT: connect, STORE_URL: store.url },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  createInterface({ input: child.stdout }).on('line', (line) => {
    console.log(line);
    if (line.includes('FREEZE-ME')) freeze(child, name);
  });
  return child;
}

function freeze(child: ChildProcess, name: string): void {
  child.kill('SIGSTOP');
  console.log(`[main] froze ${name} for ${FROZEN_MS} ms while it holds the lock (its session will expire)`);
  setTimeout(() => {
    console.log(`[main] waking ${name} up`);
    child.kill('SIGCONT');
  }, FROZEN_MS);
}

const workers = Array.from({ length: WORKERS }, (_, i) => startWorker(i + 1));
const codes = await Promise.all(workers.map(async (w) => (await once(w, 'exit') as [number | null])[0]));

const expected = INITIAL - WORKERS * RESERVATIONS;
console.log(`\n[main] inventory: ${store.count()} (expected ${expected}); stale writes refused by the store: ${store.refused()}`);
console.log(store.count() === expected && codes.every((c) => c === 0)
  ? '[main] every reservation counted exactly once'
  : '[main] MISMATCH: something went wrong');
await store.close();
await server?.close();
process.exitCode = store.count() === expected ? 0 : 1;
