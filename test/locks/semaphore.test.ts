import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { LockTimeoutError, Semaphore, ZkError, type Lease, type ZkClient } from '../../src/index.js';
import type { TestingServer } from '../../src/testing/index.js';
import { connectClient, eventually, startServer, uniquePath } from '../support/zk.js';
import { childrenOf, pause } from './support.js';

const LEASE_NODE = /^_c_[0-9a-f-]{36}-lease-\d{10}$/;

describe('Semaphore', () => {
  let server: TestingServer;
  const clients: ZkClient[] = [];
  let a: ZkClient;
  let b: ZkClient;

  before(async () => {
    server = await startServer();
    for (let i = 0; i < 10; i++) clients.push(await connectClient(server.connectString));
    [a, b] = clients;
  });
  after(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await server.close();
  });

  test("writes Curator's SemaphoreV2 layout and releases its queue node at once", async () => {
    const path = uniquePath('sem-layout');
    const lease = await new Semaphore(a, path, { maxLeases: 2, participantData: 'holder-a' }).acquire();
    const leases = await childrenOf(a, `${path}/leases`);
    assert.equal(leases.length, 1);
    assert.match(leases[0], LEASE_NODE);
    assert.equal(lease.node, `${path}/leases/${leases[0]}`);
    assert.equal((await a.getData(lease.node)).data.toString(), 'holder-a');
    assert.equal(lease.fencingToken, (await a.exists(lease.node))?.czxid);
    assert.deepEqual(await childrenOf(a, `${path}/locks`), [], 'the internal mutex is released once the lease is ours');
    await lease.release();
    assert.deepEqual(await childrenOf(a, `${path}/leases`), []);
  });

  test('maxLeases 3 and 10 clients: never more than 3 holders at once', async () => {
    const path = uniquePath('sem-max');
    let holders = 0;
    let most = 0;
    await Promise.all(clients.map(async (client) => {
      const semaphore = new Semaphore(client, path, { maxLeases: 3 });
      for (let i = 0; i < 3; i++) {
        const lease = await semaphore.acquire({ timeoutMs: 60_000 });
        holders++;
        most = Math.max(most, holders);
        await pause(40);
        holders--;
        await lease.release();
      }
    }));
    assert.equal(most, 3, 'up to three at once, never more');
    assert.deepEqual(await childrenOf(a, `${path}/leases`), []);
    assert.deepEqual(await childrenOf(a, `${path}/locks`), []);
  });

  test('timeout and abort leave no lease or queue node behind', async () => {
    const path = uniquePath('sem-timeout');
    const held = await new Semaphore(a, path, { maxLeases: 1 }).acquire();
    const waiter = new Semaphore(b, path, { maxLeases: 1 });
    await assert.rejects(waiter.acquire({ timeoutMs: 300 }), (e: unknown) => e instanceof LockTimeoutError);
    assert.equal((await childrenOf(a, `${path}/leases`)).length, 1);
    assert.deepEqual(await childrenOf(a, `${path}/locks`), []);
    const controller = new AbortController();
    const aborted = waiter.acquire({ signal: controller.signal });
    await eventually(async () => (await childrenOf(a, `${path}/leases`)).length === 2);
    controller.abort();
    await assert.rejects(aborted, { name: 'AbortError' });
    assert.equal((await childrenOf(a, `${path}/leases`)).length, 1);
    assert.deepEqual(await childrenOf(a, `${path}/locks`), []);
    await held.release();
  });

  test('acquireMany takes all its leases at once, when they fit', async () => {
    const path = uniquePath('sem-many');
    const first = await new Semaphore(a, path, { maxLeases: 3 }).acquireMany(2);
    assert.equal(first.length, 2);
    let settled = false;
    const pending = new Semaphore(b, path, { maxLeases: 3 }).acquireMany(2, { timeoutMs: 20_000 });
    void pending.then(() => { settled = true; }, () => { settled = true; });
    await eventually(async () => (await childrenOf(a, `${path}/leases`)).length === 4);
    await pause(100);
    assert.equal(settled, false, 'two more do not fit beside two');
    await first[0].release();
    const got: Lease[] = await pending;
    assert.equal(got.length, 2);
    assert.ok(got.every((l) => l.fencingToken > first[1].fencingToken));
    const participants = await new Semaphore(a, path, { maxLeases: 3 }).participants();
    assert.deepEqual(participants.map((p) => p.node), [first[1].node, ...got.map((l) => l.node)]);
    await Promise.all([first[1], ...got].map((l) => l.release()));
  });

  test('rejects bad arguments before sending anything', async () => {
    const code = (c: string) => (e: unknown) => e instanceof ZkError && e.code === c;
    const path = uniquePath('sem-args');
    assert.throws(() => new Semaphore(a, path, { maxLeases: 0 }), code('INVALID_ARGUMENT'));
    assert.throws(() => new Semaphore(a, path, { maxLeases: 1.5 }), code('INVALID_ARGUMENT'));
    assert.throws(() => new Semaphore(a, path, {} as { maxLeases: number }), code('INVALID_ARGUMENT'));
    const semaphore = new Semaphore(a, path, { maxLeases: 2 });
    await assert.rejects(semaphore.acquireMany(3), code('INVALID_ARGUMENT'));
    await assert.rejects(semaphore.acquireMany(0), code('INVALID_ARGUMENT'));
    assert.equal(await a.exists(path), null);
  });
});
