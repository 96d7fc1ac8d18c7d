import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Mutex, type ZkClient } from '../../src/index.js';
import type { TestingServer } from '../../src/testing/index.js';
import { connectClient, startServer, uniquePath } from '../support/zk.js';
import { incrementRacily } from './fixtures/racy-counter.js';
import { childrenOf } from './support.js';

const LOCAL_CLIENTS = 5;
const CHILD_CLIENTS = 3;
const ITERATIONS = 50;

/** Runs the contender fixture in a second process; resolves with its hold intervals. */
function runChildProcess(connect: string, path: string, counterFile: string): Promise<[bigint, bigint][]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'fixtures', 'contender.ts'),
      connect, path, counterFile, String(CHILD_CLIENTS), String(ITERATIONS)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    child.on('exit', (code) => {
      if (code !== 0) { reject(new Error(`contender exited ${code}: ${err}`)); return; }
      const lines = out.trim().split('\n');
      resolve((JSON.parse(lines[lines.length - 1]) as [string, string][]).map(([s, e]) => [BigInt(s), BigInt(e)]));
    });
  });
}

describe('Mutex mutual exclusion', () => {
  let server: TestingServer;
  const clients: ZkClient[] = [];
  let dir: string;

  before(async () => {
    server = await startServer();
    dir = await mkdtemp(join(tmpdir(), 'zk-locks-'));
  });
  after(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  test(`${LOCAL_CLIENTS + CHILD_CLIENTS} sessions in two processes × ${ITERATIONS}: exact count, no overlapping holds`, async () => {
    const path = uniquePath('exclusion');
    const counterFile = join(dir, 'counter');
    await writeFile(counterFile, '0');
    for (let i = 0; i < LOCAL_CLIENTS; i++) clients.push(await connectClient(server.connectString));
    const intervals: [bigint, bigint][] = [];
    const child = runChildProcess(server.connectString, path, counterFile);
    await Promise.all(clients.map(async (client, n) => {
      const mutex = new Mutex(client, path, { participantData: `local-${n}` });
      for (let i = 0; i < ITERATIONS; i++) {
        await mutex.withLock(async () => {
          const start = process.hrtime.bigint();
          await incrementRacily(counterFile, readFile, writeFile);
          intervals.push([start, process.hrtime.bigint()]);
        });
      }
    }));
    intervals.push(...await child);

    const total = (LOCAL_CLIENTS + CHILD_CLIENTS) * ITERATIONS;
    assert.equal(Number(await readFile(counterFile, 'utf8')), total);
    assert.equal(intervals.length, total);
    intervals.sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
    for (let i = 1; i < intervals.length; i++) {
      assert.ok(intervals[i - 1][1] <= intervals[i][0], `hold ${i - 1} ended after hold ${i} started`);
    }
    assert.deepEqual(await childrenOf(clients[0], path), []);
  });
});
