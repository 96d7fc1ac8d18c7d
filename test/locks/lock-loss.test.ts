import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { LockLostError, Mutex, type Lease, type ZkClient } from '../../src/index.js';
import { expireSession, FaultProxy, type TestingServer } from '../../src/testing/index.js';
import { connectClient, eventually, startServer, uniquePath, waitForState } from '../support/zk.js';
import { childrenOf, pause } from './support.js';

/** Resolves with `performance.now()` when `signal` aborts. */
function abortedAt(signal: AbortSignal): Promise<number> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve(performance.now());
    else signal.addEventListener('abort', () => resolve(performance.now()), { once: true });
  });
}

function lossCause(lease: Lease): string | undefined {
  const reason: unknown = lease.lost.reason;
  return reason instanceof LockLostError ? reason.lossCause : undefined;
}

describe('Mutex under faults', () => {
  let server: TestingServer;
  let observer: ZkClient;
  const closeables: { close(): Promise<void> }[] = [];
  const connect = async (connectString = server.connectString, sessionTimeoutMs = 6000): Promise<ZkClient> => {
    const c = await connectClient(connectString, { sessionTimeoutMs });
    closeables.push(c);
    return c;
  };
  const proxy = async (): Promise<FaultProxy> => {
    const p = await FaultProxy.start({ target: server.connectString });
    closeables.push(p);
    return p;
  };

  before(async () => {
    server = await startServer();
    observer = await connectClient(server.connectString);
  });
  after(async () => {
    for (const c of closeables.reverse()) await c.close();
    await observer.close();
    await server.close();
  });

  test('a create whose reply is cut off leaves exactly one node, and the lock works', async () => {
    const path = uniquePath('cut-create');
    const faults = await proxy();
    const client = await connect(faults.connectString);
    await observer.create(path, null, { createParents: true }); // so that the create is one request
    faults.delay(500);
    const acquiring = new Mutex(client, path).acquire({ timeoutMs: 30_000 });
    await eventually(async () => (await childrenOf(observer, path)).length === 1, 10_000, 5);
    faults.cut(); // the server applied the create; its reply dies with the connection
    await pause(50);
    faults.restore();
    const lease = await acquiring;
    assert.deepEqual(await childrenOf(observer, path), [lease.node.slice(path.length + 1)]);
    assert.equal(lease.isHeld, true);
    const other = new Mutex(observer, path);
    assert.equal(await other.tryAcquire(), null);
    await lease.release();
    const next = await other.acquire({ timeoutMs: 10_000 });
    await next.release();
    assert.deepEqual(await childrenOf(observer, path), []);
  });

  test('a blackholed holder sees lease.lost before anyone else acquires', async () => {
    const path = uniquePath('blackhole');
    const faults = await proxy();
    const holderClient = await connect(faults.connectString, 2000);
    const lease = await new Mutex(holderClient, path).acquire();
    const lostAt = abortedAt(lease.lost);
    const waiting = new Mutex(observer, path).acquire({ timeoutMs: 30_000 });
    await eventually(async () => (await childrenOf(observer, path)).length === 2);
    faults.blackhole();
    const next = await waiting;
    const acquiredAt = performance.now();
    assert.ok((await lostAt) < acquiredAt, 'lost fired before the next holder acquired');
    assert.equal(lossCause(lease), 'suspended');
    assert.equal(lease.isHeld, false);
    assert.ok(next.fencingToken > lease.fencingToken);
    faults.restore();
    await waitForState(holderClient, 'connected');
    await lease.release(); // resolves: the old node is gone with its session
    await next.release();
  });

  test("lossPolicy 'session' keeps the lease over a suspension; 'suspended' gives it up", async () => {
    const faults = await proxy();
    const client = await connect(faults.connectString, 4000);
    const [sessionPath, suspendedPath] = [uniquePath('policy-session'), uniquePath('policy-suspended')];
    const kept = await new Mutex(client, sessionPath, { lossPolicy: 'session' }).acquire();
    const given = await new Mutex(client, suspendedPath).acquire();
    const session = client.sessionId;
    faults.blackhole();
    await waitForState(client, 'suspended');
    faults.restore();
    const change = await waitForState(client, 'connected');
    assert.equal(change.newSession, false);
    assert.equal(client.sessionId, session);
    assert.equal(kept.isHeld, true);
    assert.equal(kept.lost.aborted, false);
    assert.equal(lossCause(given), 'suspended');
    // The given-up lease's node is deleted once the connection is back, so it blocks nobody.
    await eventually(async () => (await childrenOf(observer, suspendedPath)).length === 0);
    assert.equal((await childrenOf(observer, sessionPath)).length, 1);

    await expireSession(client);
    assert.equal(kept.isHeld, false);
    assert.equal(lossCause(kept), 'session-lost');
    await kept.release();
    await given.release();
  });

  test('session expiry: the lease is lost, the next holder has a larger token, the Mutex works again', async () => {
    const path = uniquePath('expiry');
    const client = await connect();
    const mutex = new Mutex(client, path);
    const lease = await mutex.acquire();
    const waiting = new Mutex(observer, path).acquire({ timeoutMs: 30_000 });
    await eventually(async () => (await childrenOf(observer, path)).length === 2);
    await expireSession(client);
    assert.ok(lease.lost.aborted);
    assert.equal(mutex.isHeld, false);
    const next = await waiting;
    assert.ok(next.fencingToken > lease.fencingToken);
    const again = mutex.acquire({ timeoutMs: 30_000 });
    await next.release();
    const relocked = await again;
    assert.equal((await observer.exists(relocked.node))?.ephemeralOwner, client.sessionId);
    assert.ok(relocked.fencingToken > next.fencingToken);
    await relocked.release();
    await lease.release();
  });

  test('a waiter whose session expires queues again on the new session', async () => {
    const path = uniquePath('waiter-expiry');
    const holder = await new Mutex(observer, path).acquire();
    const client = await connect();
    const waiting = new Mutex(client, path).acquire({ timeoutMs: 30_000 });
    await eventually(async () => (await childrenOf(observer, path)).length === 2);
    await expireSession(client);
    await eventually(async () => {
      const children = await childrenOf(observer, path);
      if (children.length !== 2) return false;
      const stats = await Promise.all(children.map((c) => observer.exists(`${path}/${c}`)));
      return stats.some((s) => s?.ephemeralOwner === client.sessionId && client.state === 'connected');
    }, 20_000);
    await holder.release();
    const lease = await waiting;
    assert.equal((await observer.exists(lease.node))?.ephemeralOwner, client.sessionId);
    await lease.release();
    assert.deepEqual(await childrenOf(observer, path), []);
  });

  test('a lock node deleted by someone else makes the lease lost', async () => {
    const path = uniquePath('deleted');
    const client = await connect();
    const lease = await new Mutex(client, path).acquire();
    await observer.delete(lease.node);
    await abortedAt(lease.lost);
    assert.equal(lossCause(lease), 'deleted');
    assert.equal(lease.isHeld, false);
    await lease.release();
  });
});
