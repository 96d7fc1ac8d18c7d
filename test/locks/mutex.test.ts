import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { LockTimeoutError, Mutex, ZkError, type Lease, type ZkClient } from '../../src/index.js';
import type { TestingServer } from '../../src/testing/index.js';
import { connectClient, eventually, startServer, uniquePath } from '../support/zk.js';
import { childrenOf, LOCK_NODE, pause, settle, WatchCounter } from './support.js';

describe('Mutex', () => {
  let server: TestingServer;
  const clients: ZkClient[] = [];
  const connect = async (): Promise<ZkClient> => {
    const c = await connectClient(server.connectString);
    clients.push(c);
    return c;
  };
  let a: ZkClient;
  let b: ZkClient;

  before(async () => {
    server = await startServer();
    a = await connect();
    b = await connect();
  });
  after(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await server.close();
  });

  test("writes Curator's node layout and deletes the node on release", async () => {
    const path = uniquePath('layout');
    const lease = await new Mutex(a, path, { participantData: 'worker-1' }).acquire();
    const [name] = await childrenOf(a, path);
    assert.match(name, LOCK_NODE);
    assert.equal(lease.node, `${path}/${name}`);
    const { data, stat } = await a.getData(lease.node);
    assert.equal(data.toString(), 'worker-1');
    assert.equal(stat.ephemeralOwner, a.sessionId);
    assert.equal(lease.fencingToken, stat.czxid);
    assert.equal(lease.isHeld, true);
    const first = lease.release();
    assert.equal(lease.release(), first, 'release is idempotent');
    await first;
    assert.equal(lease.isHeld, false);
    assert.equal(lease.lost.aborted, false, 'a release is not a loss');
    assert.deepEqual(await childrenOf(a, path), []);
  });

  test('tryAcquire never waits and leaves no node behind', async () => {
    const path = uniquePath('try');
    const held = await new Mutex(a, path).acquire();
    const other = new Mutex(b, path);
    assert.equal(await other.tryAcquire(), null);
    assert.equal((await childrenOf(a, path)).length, 1);
    await held.release();
    const got = await other.tryAcquire();
    assert.ok(got);
    await got.release();
  });

  test('waiters acquire in FIFO order', async () => {
    const path = uniquePath('fifo');
    const holder = await new Mutex(a, path).acquire();
    const order: number[] = [];
    const waiters: Promise<void>[] = [];
    for (let i = 0; i < 5; i++) {
      const mutex = new Mutex(i % 2 ? a : b, path);
      waiters.push(mutex.acquire().then(async (lease) => { order.push(i); await pause(5); await lease.release(); }));
      await eventually(async () => (await childrenOf(a, path)).length === i + 2);
    }
    await holder.release();
    await Promise.all(waiters);
    assert.deepEqual(order, [0, 1, 2, 3, 4]);
  });

  test("timeout and abort delete the waiter's node before rejecting", async () => {
    const path = uniquePath('giveup');
    const holder = await new Mutex(a, path).acquire();
    const waiter = new Mutex(b, path);
    await assert.rejects(waiter.acquire({ timeoutMs: 300 }), (e: unknown) => e instanceof LockTimeoutError && e.code === 'LOCK_TIMEOUT');
    assert.equal((await childrenOf(a, path)).length, 1);
    const controller = new AbortController();
    const aborted = settle(waiter.acquire({ signal: controller.signal }));
    await eventually(async () => (await childrenOf(a, path)).length === 2);
    controller.abort();
    const result = await aborted;
    assert.ok(!result.ok && result.error instanceof Error && result.error.name === 'AbortError');
    assert.equal((await childrenOf(a, path)).length, 1);
    await assert.rejects(waiter.acquire({ signal: AbortSignal.abort() }), { name: 'AbortError' });
    await holder.release();
    assert.deepEqual(await childrenOf(a, path), []);
  });

  test('is re-entrant per Mutex object: one node, deleted with the last lease', async () => {
    const path = uniquePath('reentrant');
    const mutex = new Mutex(a, path);
    const first = await mutex.acquire();
    const second = await mutex.acquire();
    assert.equal(second.node, first.node);
    assert.equal((await childrenOf(a, path)).length, 1);
    await first.release();
    assert.equal(mutex.isHeld, true);
    assert.equal(second.isHeld, true);
    assert.equal((await childrenOf(a, path)).length, 1);
    await second.release();
    assert.equal(mutex.isHeld, false);
    assert.deepEqual(await childrenOf(a, path), []);

    const fresh = new Mutex(a, path);
    const leases = await Promise.all([fresh.acquire(), fresh.acquire(), fresh.tryAcquire()]);
    assert.equal(leases[2], null, 'tryAcquire does not wait for an acquisition in flight');
    assert.equal(leases[0].node, leases[1].node, 'concurrent acquires on one object share one node');
    await Promise.all([leases[0].release(), leases[1].release()]);
    assert.deepEqual(await childrenOf(a, path), []);
  });

  test('withLock releases when the function returns and when it throws', async () => {
    const path = uniquePath('with');
    const mutex = new Mutex(a, path);
    let seen: Lease | undefined;
    assert.equal(await mutex.withLock((lease) => { seen = lease; return 42; }), 42);
    assert.equal(seen?.isHeld, false);
    await assert.rejects(mutex.withLock(() => { throw new Error('boom'); }), /boom/);
    assert.deepEqual(await childrenOf(a, path), []);
  });

  test('participants() lists the queue holder first, with data and session', async () => {
    const path = uniquePath('participants');
    const holder = await new Mutex(a, path, { participantData: 'p0' }).acquire();
    const waiting = [new Mutex(b, path, { participantData: 'p1' }), new Mutex(a, path, { participantData: 'p2' })];
    const pending: ReturnType<typeof settle<Lease>>[] = [];
    for (const m of waiting) {
      pending.push(settle(m.acquire({ timeoutMs: 20_000 })));
      await eventually(async () => (await childrenOf(a, path)).length === pending.length + 1);
    }
    const participants = await waiting[0].participants();
    assert.deepEqual(participants.map((p) => p.data.toString()), ['p0', 'p1', 'p2']);
    assert.equal(participants[0].node, holder.node);
    assert.deepEqual(participants.map((p) => p.sessionId), [a.sessionId, b.sessionId, a.sessionId]);
    await holder.release();
    for (const p of pending) {
      const r = await p;
      assert.ok(r.ok);
      await r.value.release();
    }
    assert.deepEqual(await new Mutex(a, uniquePath('empty')).participants(), []);
  });

  test('one release wakes exactly one waiter, also among waiters of one process', async () => {
    const path = uniquePath('herd');
    const holder = await new Mutex(a, path).acquire();
    const local = await connect();
    const localCounter = new WatchCounter(local);
    const separate: { client: ZkClient; counter: WatchCounter }[] = [];
    const acquired: Lease[] = [];
    for (let i = 0; i < 20; i++) {
      let client = local;
      if (i % 2 === 1) {
        client = await connect();
        separate.push({ client, counter: new WatchCounter(client) });
      }
      void new Mutex(client, path).acquire().then((lease) => { acquired.push(lease); });
    }
    await eventually(async () => (await childrenOf(a, path)).length === 21);
    const notifications = (): number => localCounter.events.length + separate.reduce((n, s) => n + s.counter.events.length, 0);
    assert.equal(notifications(), 0);
    await holder.release();
    await eventually(() => acquired.length === 1);
    await pause(300); // let any stray notification arrive
    assert.equal(notifications(), 1, 'exactly one watch notification for one release');
    for (let i = 0; i < 20; i++) {
      await acquired[i].release();
      await eventually(() => acquired.length === Math.min(20, i + 2));
    }
    assert.deepEqual(await childrenOf(a, path), []);
  });

  test('fencing tokens increase strictly from holder to holder', async () => {
    const path = uniquePath('fencing');
    const tokens: bigint[] = [];
    for (let i = 0; i < 4; i++) {
      await new Mutex(i % 2 ? a : b, path).withLock((lease) => { tokens.push(lease.fencingToken); });
    }
    for (let i = 1; i < tokens.length; i++) assert.ok(tokens[i] > tokens[i - 1], `${tokens[i]} > ${tokens[i - 1]}`);
  });

  test('rejects bad arguments before sending anything', async () => {
    const code = (c: string) => (e: unknown) => e instanceof ZkError && e.code === c;
    assert.throws(() => new Mutex(a, 'relative'), code('INVALID_PATH'));
    assert.throws(() => new Mutex(a, '/'), code('INVALID_PATH'));
    assert.throws(() => new Mutex({} as ZkClient, '/x'), code('INVALID_ARGUMENT'));
    assert.throws(() => new Mutex(a, '/x', { lossPolicy: 'never' as 'session' }), code('INVALID_ARGUMENT'));
    assert.throws(() => new Mutex(a, '/x', { participantData: 7 as unknown as string }), code('INVALID_ARGUMENT'));
    const path = uniquePath('args');
    const mutex = new Mutex(a, path);
    await assert.rejects(mutex.acquire({ timeoutMs: -1 }), code('INVALID_ARGUMENT'));
    await assert.rejects(mutex.withLock(undefined as unknown as () => void), code('INVALID_ARGUMENT'));
    assert.equal(await a.exists(path), null);
  });
});
