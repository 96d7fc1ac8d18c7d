import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { LockUpgradeError, ReadWriteLock, type Lease, type ZkClient } from '../../src/index.js';
import type { TestingServer } from '../../src/testing/index.js';
import { connectClient, eventually, startServer, uniquePath } from '../support/zk.js';
import { childrenOf, pause } from './support.js';

const READ_NODE = /^_c_[0-9a-f-]{36}-__READ__\d{10}$/;
const WRITE_NODE = /^_c_[0-9a-f-]{36}-__WRIT__\d{10}$/;

describe('ReadWriteLock', () => {
  let server: TestingServer;
  const clients: ZkClient[] = [];
  let a: ZkClient;
  let b: ZkClient;
  let c: ZkClient;

  before(async () => {
    server = await startServer();
    for (let i = 0; i < 3; i++) clients.push(await connectClient(server.connectString));
    [a, b, c] = clients;
  });
  after(async () => {
    await Promise.all(clients.map((cl) => cl.close()));
    await server.close();
  });

  /** Starts `acquire` and waits until its node is queued (`expected` children in all). */
  async function queue(lock: { acquire(): Promise<Lease> }, path: string, expected: number): Promise<{ lease: Promise<Lease>; done: () => boolean }> {
    let settled = false;
    const lease = lock.acquire();
    void lease.then(() => { settled = true; }, () => { settled = true; });
    await eventually(async () => (await childrenOf(a, path)).length === expected);
    return { lease, done: () => settled };
  }

  test("readers share the lock on Curator's read nodes", async () => {
    const path = uniquePath('readers');
    const leases = await Promise.all([a, b, c].map((cl) => new ReadWriteLock(cl, path, { participantData: 'r' }).readLock().acquire()));
    const children = await childrenOf(a, path);
    assert.equal(children.length, 3);
    for (const child of children) assert.match(child, READ_NODE);
    assert.ok(leases.every((l) => l.isHeld));
    await Promise.all(leases.map((l) => l.release()));
    assert.deepEqual(await childrenOf(a, path), []);
  });

  test('a writer excludes readers and writers, and waits for the readers ahead of it', async () => {
    const path = uniquePath('writer');
    const writer = await new ReadWriteLock(a, path).writeLock().acquire();
    assert.match((await childrenOf(a, path))[0], WRITE_NODE);
    assert.equal(await new ReadWriteLock(b, path).readLock().tryAcquire(), null);
    assert.equal(await new ReadWriteLock(b, path).writeLock().tryAcquire(), null);
    await writer.release();

    const readers = await Promise.all([a, b].map((cl) => new ReadWriteLock(cl, path).readLock().acquire()));
    const waiting = await queue(new ReadWriteLock(c, path).writeLock(), path, 3);
    await readers[0].release();
    await pause(100);
    assert.equal(waiting.done(), false, 'one reader still holds');
    await readers[1].release();
    await (await waiting.lease).release();
  });

  test('a reader queues behind a waiting writer', async () => {
    const path = uniquePath('fair');
    const firstReader = await new ReadWriteLock(a, path).readLock().acquire();
    const writer = await queue(new ReadWriteLock(b, path).writeLock(), path, 2);
    const lateReader = await queue(new ReadWriteLock(c, path).readLock(), path, 3);
    await pause(100);
    assert.equal(lateReader.done(), false, 'a reader that arrived after a waiting writer waits');
    await firstReader.release();
    const writeLease = await writer.lease;
    await pause(100);
    assert.equal(lateReader.done(), false, 'and keeps waiting while the writer holds');
    await writeLease.release();
    await (await lateReader.lease).release();
    assert.deepEqual(await childrenOf(a, path), []);
  });

  test('write → read downgrade is granted at once and keeps waiting writers out', async () => {
    const path = uniquePath('downgrade');
    const rw = new ReadWriteLock(a, path);
    const write = await rw.writeLock().acquire();
    const otherWriter = await queue(new ReadWriteLock(b, path).writeLock(), path, 2);
    const read = await rw.readLock().acquire({ timeoutMs: 5_000 });
    const writeSeq = write.node.slice(-10);
    assert.ok(read.node.endsWith(`__READ__${writeSeq}`), 'the read node carries the write node\'s sequence');
    assert.equal((await a.exists(read.node))?.ephemeralOwner, a.sessionId);
    const participants = await rw.participants();
    assert.deepEqual(participants.slice(0, 2).map((p) => p.node).sort(), [read.node, write.node].sort(), 'our two nodes sort ahead of the waiting writer');
    await write.release();
    await pause(150);
    assert.equal(otherWriter.done(), false, 'the downgraded reader still excludes writers');
    assert.equal(rw.readLock().isHeld, true);
    await read.release();
    await (await otherWriter.lease).release();
    assert.deepEqual(await childrenOf(a, path), []);
  });

  test('read → write upgrade is refused at once, without a node', async () => {
    const path = uniquePath('upgrade');
    const rw = new ReadWriteLock(a, path);
    const read = await rw.readLock().acquire();
    await assert.rejects(rw.writeLock().acquire(), (e: unknown) => e instanceof LockUpgradeError && e.code === 'LOCK_UPGRADE');
    assert.equal((await childrenOf(a, path)).length, 1);
    const again = await rw.readLock().acquire();
    assert.equal(again.node, read.node, 're-entrant on the read side');
    await again.release();
    await read.release();
    const write = await rw.writeLock().acquire();
    const write2 = await rw.writeLock().acquire();
    assert.equal(write2.node, write.node, 're-entrant on the write side');
    await write2.release();
    await write.release();
    assert.deepEqual(await childrenOf(a, path), []);
  });

  test('participants() orders readers and writers by their common sequence', async () => {
    const path = uniquePath('order');
    const held = await new ReadWriteLock(a, path, { participantData: 'r0' }).readLock().acquire();
    const w = await queue(new ReadWriteLock(b, path, { participantData: 'w1' }).writeLock(), path, 2);
    const r = await queue(new ReadWriteLock(c, path, { participantData: 'r2' }).readLock(), path, 3);
    const participants = await new ReadWriteLock(a, path).participants();
    assert.deepEqual(participants.map((p) => p.data.toString()), ['r0', 'w1', 'r2']);
    await held.release();
    await (await w.lease).release();
    await (await r.lease).release();
  });
});
