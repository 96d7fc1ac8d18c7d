import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { Mutex, Semaphore, type ZkClient } from '../../src/index.js';
import type { TestingServer } from '../../src/testing/index.js';
import { createParticipant, predecessorRule, takeTurn } from '../../recipes/internal/index.js';
import { connectClient, startServer, uniquePath } from '../support/zk.js';

/**
 * The two-round-trip lock cycle rests on server facts (recipes/internal/
 * pipelined-claim.ts). These tests check them on the real server, and that the
 * recipes use them: an uncontended acquire is claimed from the listings sent
 * around the create, with the node's true czxid, before our node's own read
 * is answered.
 */
describe('pipelined claim', () => {
  let server: TestingServer;
  let a: ZkClient;
  let b: ZkClient;

  before(async () => {
    server = await startServer();
    a = await connectClient(server.connectString);
    b = await connectClient(server.connectString);
  });

  after(async () => {
    await a?.close();
    await b?.close();
    await server?.close();
  });

  test('the sequence suffix is the count of creates, not the reported cversion', async () => {
    const parent = uniquePath('seq');
    await a.create(parent, null, { createParents: true });
    const first = await a.create(`${parent}/n-`, null, { mode: 'persistent-sequential' });
    await a.delete(first);
    const second = await a.create(`${parent}/n-`, null, { mode: 'persistent-sequential' });
    const { stat } = await a.getChildren(parent);
    assert.ok(second.endsWith('0000000001'));
    // create, delete, create: three child changes, so a `cversion === sequence + 1` test would fail.
    assert.equal(stat.cversion, 3);
    assert.equal(stat.pzxid, (await a.getData(second)).stat.czxid);
  });

  test('a proven czxid is always the true czxid, with other sessions creating and deleting beside us', async () => {
    const parent = uniquePath('proof');
    await a.create(parent, null, { createParents: true });
    let stop = false;
    const noise = (async () => {
      while (!stop) {
        const path = await b.create(`${parent}/_c_noise-lock-`, null, { mode: 'ephemeral-sequential' });
        await new Promise((r) => setTimeout(r, Math.random() * 3));
        await b.delete(path);
      }
    })();
    let proven = 0;
    let unproven = 0;
    const signal = new AbortController().signal;
    for (let i = 0; i < 150; i++) {
      const created = await createParticipant(a, { parent, name: 'lock-', data: null }, signal);
      const { stat } = await a.getData(created.node.path);
      if (created.czxid === null) unproven++;
      else { proven++; assert.equal(created.czxid, stat.czxid); }
      await created.node.remove();
      if (i === 100) stop = true;
      if (stop) await noise;
    }
    // The last 49 cycles ran alone: each of them must be proven.
    assert.ok(proven >= 49, `proven ${proven}, unproven ${unproven}`);
  });

  test('an uncontended Mutex cycle is list+create+list, then delete; reading lease.lost arms the watch', async () => {
    const exporter = new InMemorySpanExporter();
    const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    const traced = await connectClient(server.connectString, { tracerProvider });
    try {
      const mutex = new Mutex(traced, uniquePath('mutex'));
      await (await mutex.acquire()).release(); // first use creates the parent: a read is needed
      exporter.reset();
      const lease = await mutex.acquire();
      assert.equal(lease.fencingToken, (await a.getData(lease.node)).stat.czxid);
      await lease.release();
      const ops = (): string[] => exporter.getFinishedSpans().filter((s) => s.name.startsWith('zookeeper ')).map((s) => s.name.slice(10));
      const acquire = exporter.getFinishedSpans().find((s) => s.name === 'zk.mutex.acquire');
      assert.equal(acquire?.attributes['zookeeper.lock.claim'], 'pipelined');
      // Spans end in reply order: the two listings and the create (round trip 1), the delete (round trip 2).
      assert.deepEqual(ops().sort(), ['create', 'delete', 'getChildren', 'getChildren']);

      // The next cycle of the same object needs no listing before its create: the
      // listing that showed the previous node, plus its deletion, stands in for it.
      exporter.reset();
      const next = await mutex.acquire();
      assert.equal(next.fencingToken, (await a.getData(next.node)).stat.czxid);
      await next.release();
      assert.equal(exporter.getFinishedSpans().find((s) => s.name === 'zk.mutex.acquire')?.attributes['zookeeper.lock.claim'], 'pipelined');
      assert.deepEqual(ops().sort(), ['create', 'delete', 'getChildren']);

      exporter.reset();
      const watched = await mutex.acquire();
      void watched.lost; // arms the watch on our node: one getData
      await watched.release();
      assert.deepEqual(ops().sort(), ['create', 'delete', 'getChildren', 'getData']);
    } finally {
      await traced.close();
    }
  });

  test('a lock object in a loop: with others changing the queue between its cycles, every token is still the true czxid', async () => {
    const path = uniquePath('baseline');
    const mutex = new Mutex(a, path);
    const other = new Mutex(b, path);
    const exporter = new InMemorySpanExporter();
    const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    const traced = await connectClient(server.connectString, { tracerProvider });
    try {
      const own = new Mutex(traced, path);
      let claims = 0;
      for (let i = 0; i < 60; i++) {
        const lease = await own.acquire();
        assert.equal(lease.fencingToken, (await a.getData(lease.node)).stat.czxid, `cycle ${i}`);
        await lease.release();
        // Between some cycles another session takes the lock (a create and a delete in
        // the queue), or creates a node and leaves it for the next cycle to see.
        if (i % 3 === 1) await (await other.acquire()).release();
        if (i % 7 === 3) {
          const held = await mutex.acquire();
          const waiting = own.acquire();
          await held.release();
          const got = await waiting;
          assert.equal(got.fencingToken, (await a.getData(got.node)).stat.czxid, `cycle ${i} after waiting`);
          await got.release();
        }
      }
      claims = exporter.getFinishedSpans().filter((s) => s.name === 'zk.mutex.acquire' && s.attributes['zookeeper.lock.claim'] === 'pipelined').length;
      assert.ok(claims > 20, `pipelined claims: ${claims}`);
    } finally {
      await traced.close();
    }
  });

  test('lease.lost fires when our node is deleted after a pipelined acquire, before or after lost is read', async () => {
    const mutex = new Mutex(a, uniquePath('lost'));
    await (await mutex.acquire()).release();
    const lease = await mutex.acquire();
    const lost = new Promise<unknown>((resolve) => lease.lost.addEventListener('abort', () => resolve(lease.lost.reason), { once: true }));
    await b.delete(lease.node);
    const reason = await lost;
    assert.equal((reason as { code?: string }).code, 'LOCK_LOST');
    await lease.release();

    // Deleted before anyone looked at `lost`: the first read of `lost` reports it.
    const unwatched = await mutex.acquire();
    await b.delete(unwatched.node);
    assert.equal(unwatched.isHeld, true); // nothing watched the node yet
    const signal = unwatched.lost;
    await new Promise<void>((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true })));
    assert.equal(unwatched.isHeld, false);
    await unwatched.release();
  });

  test('under contention every token is still the holder node czxid', async () => {
    const path = uniquePath('contended');
    const holders = [a, b, a, b].map((c) => ({ c, mutex: new Mutex(c, path) }));
    let seen = 0n;
    await Promise.all(holders.map(async ({ c, mutex }) => {
      for (let i = 0; i < 10; i++) {
        await mutex.withLock(async (lease) => {
          const { stat } = await c.getData(lease.node);
          assert.equal(lease.fencingToken, stat.czxid);
          assert.ok(lease.fencingToken > seen, 'tokens grow with every holder');
          seen = lease.fencingToken;
        });
      }
    }));
  });

  test('takeTurn reports a pipelined claim; a semaphore lease token is its czxid', async () => {
    const parent = uniquePath('turn');
    const signal = new AbortController().signal;
    const request = { parent, name: 'latch-', data: 'id-1', sortNames: ['latch-'], rule: predecessorRule };
    const firstUse = await takeTurn(a, request, signal);
    await firstUse!.node.remove();
    const turn = await takeTurn(a, request, signal);
    assert.equal(turn!.pipelined, true);
    assert.equal(turn!.stat!.czxid, (await a.getData(turn!.node.path)).stat.czxid);
    assert.equal(turn!.stat!.ephemeralOwner, a.sessionId);
    await turn!.node.remove();

    const semaphore = new Semaphore(a, uniquePath('sem'), { maxLeases: 2 });
    await (await semaphore.acquire()).release();
    const lease = await semaphore.acquire();
    assert.equal(lease.fencingToken, (await a.getData(lease.node)).stat.czxid);
    await lease.release();
  });
});
