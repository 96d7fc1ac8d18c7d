/**
 * A batch job in one command: four worker processes wait for each other
 * (DoubleBarrier.enter), compute their shares, and leave together
 * (DoubleBarrier.leave); then the shares are added up.
 *
 *   npx tsx examples/batch-barrier/main.ts              (starts its own ZooKeeper)
 *   ZK_CONNECT=127.0.0.1:2181 npx tsx examples/batch-barrier/main.ts
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { TestingServer } from '../../src/testing/index.js';
import { WORKERS } from './batch.js';

const here = dirname(fileURLToPath(import.meta.url));
const server = process.env.ZK_CONNECT ? undefined : await TestingServer.start();
const connect = process.env.ZK_CONNECT ?? server!.connectString;
console.log(server ? `[main] started a ZooKeeper for the demo at ${connect}` : `[main] using ZooKeeper at ${connect}`);

const shares: number[] = [];
let failed = false;
try {
  const workers = Array.from({ length: WORKERS }, (_, index) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'worker.ts'), String(index), String(WORKERS)], {
      env: { ...process.env, ZK_CONNECT: connect },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    createInterface({ input: child.stdout }).on('line', (line) => {
      const result = /^RESULT (\d+) (\d+)$/.exec(line);
      if (result) shares[Number(result[1])] = Number(result[2]);
      else console.log(line);
    });
    return once(child, 'exit').then(([code]) => { if (code !== 0) failed = true; });
  });
  await Promise.all(workers);
  if (failed || shares.filter((s) => s !== undefined).length !== WORKERS) {
    console.log('[main] a worker failed');
    process.exitCode = 1;
  } else {
    const total = shares.reduce((a, b) => (a + b) % 1_000_000_007, 0);
    console.log(`[main] all ${WORKERS} workers left together; batch result ${total}`);
  }
} finally {
  await server?.close();
}
