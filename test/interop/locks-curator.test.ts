import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { LockTimeoutError, Mutex, ReadWriteLock, Semaphore, type Lease, type ZkClient } from '../../src/index.js';
import type { TestingServer } from '../../src/testing/index.js';
import { connectClient, eventually, startServer, uniquePath } from '../support/zk.js';
import { compileJava, curatorUnavailable, JavaPeer } from './java-peer.js';

const SOURCE = fileURLToPath(new URL('./java/CuratorLockPeer.java', import.meta.url));
const unavailable = curatorUnavailable();

void describe('locks interop with Curator 5.4', { skip: unavailable }, () => {
  let server: TestingServer;
  let client: ZkClient;
  let peer: JavaPeer;
  let slots = 0;

  /** Starts a Curator acquire on a new slot (its own thread); `outcome` resolves with `acquired` or `timeout`. */
  async function javaAcquire(kind: string, path: string, timeoutMs: number, maxLeases?: number): Promise<{ slot: string; outcome: Promise<string> }> {
    const slot = `s${++slots}`;
    assert.equal(await peer.request(`acquire ${slot} ${kind} ${path} ${timeoutMs}${maxLeases ? ` ${maxLeases}` : ''}`), 'OK');
    const outcome = peer.waitForEvent((e) => e.endsWith(` ${slot}`) || e.includes(` ${slot} `), timeoutMs + 30_000)
      .then((e) => e.split(' ')[0]);
    return { slot, outcome };
  }

  async function javaRelease(slot: string): Promise<void> {
    assert.equal(await peer.request(`release ${slot}`), 'OK');
  }

  async function javaParticipants(kind: string, path: string): Promise<string[]> {
    const reply = await peer.request(`participants ${kind} ${path}`);
    assert.match(reply, /^OK/);
    const list = reply.slice(3).trim();
    return list === '' ? [] : list.split(',');
  }

  /** Waits until `path` (or its `sub` folder) has `n` children, so that queue order is fixed. */
  async function queued(path: string, n: number): Promise<void> {
    await eventually(async () => (await client.getChildren(path).catch(() => ({ children: [] }))).children.length === n, 20_000);
  }

  before(async () => {
    server = await startServer();
    client = await connectClient(server.connectString);
    peer = JavaPeer.start(compileJava([SOURCE]), 'CuratorLockPeer', [server.connectString]);
    assert.equal(await peer.nextReply(60_000), 'READY');
  });

  after(async () => {
    if (peer) {
      await peer.request('quit').catch(() => undefined);
      await peer.stop();
    }
    await client?.close();
    await server?.close();
  });

  test('Mutex and InterProcessMutex exclude each other both ways', async () => {
    const path = uniquePath('mutex');
    const mutex = new Mutex(client, path);
    const java = await javaAcquire('mutex', path, 10_000);
    assert.equal(await java.outcome, 'acquired');
    assert.equal(await mutex.tryAcquire(), null);
    await assert.rejects(mutex.acquire({ timeoutMs: 500 }), LockTimeoutError);
    const waiting = mutex.acquire({ timeoutMs: 20_000 });
    await queued(path, 2);
    await javaRelease(java.slot);
    const lease = await waiting;

    const blocked = await javaAcquire('mutex', path, 500);
    assert.equal(await blocked.outcome, 'timeout');
    const javaWaiting = await javaAcquire('mutex', path, 20_000);
    await queued(path, 2);
    await lease.release();
    assert.equal(await javaWaiting.outcome, 'acquired');
    await javaRelease(javaWaiting.slot);
  });

  test("Curator's getParticipantNodes() order equals mutex.participants()", async () => {
    const path = uniquePath('mutex-order');
    const holder = await javaAcquire('mutex', path, 10_000);
    assert.equal(await holder.outcome, 'acquired');
    const ours = new Mutex(client, path, { participantData: 'node-waiter' });
    const nodeWaiting = ours.acquire({ timeoutMs: 30_000 });
    await queued(path, 2);
    const javaWaiting = await javaAcquire('mutex', path, 30_000);
    await queued(path, 3);
    const participants = await ours.participants();
    assert.deepEqual(participants.map((p) => p.node), await javaParticipants('mutex', path));
    assert.equal(participants[1].data.toString(), 'node-waiter');
    await javaRelease(holder.slot);
    await (await nodeWaiting).release();
    assert.equal(await javaWaiting.outcome, 'acquired');
    await javaRelease(javaWaiting.slot);
  });

  test('ReadWriteLock and InterProcessReadWriteLock share readers and exclude writers', async () => {
    const path = uniquePath('rw');
    const rw = new ReadWriteLock(client, path);
    const javaRead = await javaAcquire('read', path, 10_000);
    assert.equal(await javaRead.outcome, 'acquired');
    const nodeRead = await rw.readLock().acquire({ timeoutMs: 10_000 });
    await nodeRead.release();
    const writer = new ReadWriteLock(client, path).writeLock();
    assert.equal(await writer.tryAcquire(), null, 'a Java reader excludes a Node writer');
    const nodeWriting = writer.acquire({ timeoutMs: 30_000 });
    await queued(path, 2);
    const javaLateReader = await javaAcquire('read', path, 30_000);
    await queued(path, 3);
    const nodes = async (lock: { participants(): Promise<{ node: string }[]> }): Promise<string[]> => (await lock.participants()).map((p) => p.node);
    const [javaReaders, javaWriters] = [await javaParticipants('read', path), await javaParticipants('write', path)];
    assert.deepEqual(await nodes(rw.readLock()), javaReaders);
    assert.deepEqual(await nodes(rw.writeLock()), javaWriters);
    assert.deepEqual(javaReaders.length + javaWriters.length, 3);
    assert.deepEqual((await nodes(rw)).filter((n) => n.includes('__READ__')), javaReaders, 'the whole queue keeps their order');
    await javaRelease(javaRead.slot);
    const writeLease = await nodeWriting;
    const javaWriter = await javaAcquire('write', path, 500);
    assert.equal(await javaWriter.outcome, 'timeout', 'a Node writer excludes a Java writer');
    await writeLease.release();
    assert.equal(await javaLateReader.outcome, 'acquired', 'the Java reader queued behind the Node writer');
    const sharing: Lease | null = await new ReadWriteLock(client, path).readLock().tryAcquire();
    assert.ok(sharing, 'a Node reader shares with a Java reader');
    await sharing.release();
    await javaRelease(javaLateReader.slot);
  });

  test('Semaphore and InterProcessSemaphoreV2 share one maxLeases', async () => {
    const path = uniquePath('sem');
    const semaphore = new Semaphore(client, path, { maxLeases: 2 });
    const java = await javaAcquire('sem', path, 10_000, 2);
    assert.equal(await java.outcome, 'acquired');
    const lease = await semaphore.acquire({ timeoutMs: 10_000 });
    await assert.rejects(semaphore.acquire({ timeoutMs: 500 }), LockTimeoutError);
    const javaBlocked = await javaAcquire('sem', path, 500, 2);
    assert.equal(await javaBlocked.outcome, 'timeout');
    const names = (await semaphore.participants()).map((p) => p.node.slice(p.node.lastIndexOf('/') + 1));
    assert.deepEqual(names.sort(), (await javaParticipants('sem', path)).sort());
    const waiting = semaphore.acquire({ timeoutMs: 20_000 });
    await eventually(async () => (await client.getChildren(`${path}/leases`)).children.length === 3);
    await javaRelease(java.slot);
    const second = await waiting;
    const javaWaiting = await javaAcquire('sem', path, 20_000, 2);
    await eventually(async () => (await client.getChildren(`${path}/leases`)).children.length === 3);
    await lease.release();
    assert.equal(await javaWaiting.outcome, 'acquired');
    await second.release();
    await javaRelease(javaWaiting.slot);
  });
});
