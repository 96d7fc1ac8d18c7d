import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { after, before, describe, test } from 'node:test';
import { Barrier, BarrierAttr, BarrierTimeoutError, ZkError, type ZkClient } from '../../src/index.js';
import { expireSession, type TestingServer } from '../../src/testing/index.js';
import { eventually, uniquePath } from '../support/zk.js';
import { ArmCounter, dataWatchesOf, nextNewSession, SuiteServer, track } from './support.js';

void describe('Barrier', () => {
  const suite = new SuiteServer();
  let server: TestingServer;
  const connect = (): Promise<ZkClient> => suite.connect();
  let a: ZkClient;
  let b: ZkClient;

  before(async () => {
    await suite.start();
    server = suite.server;
    a = await connect();
    b = await connect();
  });
  after(() => suite.close());

  void test('set creates the barrier node under container parents; set and remove are idempotent', async () => {
    const path = `${uniquePath('gate')}/deploy/gate`;
    const gate = new Barrier(a, path);
    assert.equal(await gate.isSet(), false);
    await gate.set();
    await gate.set();
    const { data, stat } = await a.getData(path);
    assert.equal(data.length, 0, 'empty data by default (kazoo); Curator writes its IP text');
    assert.equal(stat.ephemeralOwner, '0', 'the barrier node is persistent');
    assert.equal(await gate.isSet(), true);
    await gate.remove();
    await gate.remove();
    assert.equal(await a.exists(path), null);
    await new Barrier(a, path, { data: 'coordinator-1' }).set();
    assert.equal((await a.getData(path)).data.toString(), 'coordinator-1');
    await gate.remove();
  });

  void test('wait resolves at once when the barrier is not set', async () => {
    await new Barrier(a, uniquePath('unset')).wait({ timeoutMs: 10_000 });
  });

  void test('10 waiters are all released by one remove(), none before, not even by a spurious wake-up', async () => {
    const path = uniquePath('ten');
    await new Barrier(a, path).set();
    const counters = new Map([[a, new ArmCounter(a, path)], [b, new ArmCounter(b, path)]]);
    const armed = (): number => counters.get(a)!.armed + counters.get(b)!.armed;
    const waits = Array.from({ length: 10 }, (_, i) => track(new Barrier(i % 2 ? a : b, path).wait({ timeoutMs: 60_000 })));
    await eventually(() => armed() === 10);
    // A data change wakes every waiter: each must read again, find the node and wait on.
    await a.setData(path, 'still closed');
    await eventually(() => armed() === 20);
    assert.equal(waits.filter((w) => w.settled()).length, 0, 'nobody passes while the barrier is set');
    await new Barrier(b, path).remove();
    const results = await Promise.all(waits.map((w) => w.result));
    assert.deepEqual(results.map((r) => r.ok), new Array<boolean>(10).fill(true));
  });

  void test('timeout and abort reject with typed errors and leave no watch or listener behind', async () => {
    const path = uniquePath('giveup');
    const gate = new Barrier(b, path);
    await gate.set();
    for (let i = 0; i < 5; i++) {
      await assert.rejects(gate.wait({ timeoutMs: 50 }), (e: unknown) =>
        e instanceof BarrierTimeoutError && e.code === 'BARRIER_TIMEOUT' && e.step === 'wait' && e.path === path && /not removed within 50 ms/.test(e.message));
    }
    const controller = new AbortController();
    const aborted = gate.wait({ signal: controller.signal });
    controller.abort();
    await assert.rejects(aborted, (e: unknown) => e instanceof Error && e.name === 'AbortError');
    assert.equal(getEventListeners(controller.signal, 'abort').length, 0, 'no listener left on the caller\'s signal');
    assert.deepEqual(await dataWatchesOf(server, b.sessionId), [path], 'six waits that gave up share one server watch');
    await assert.rejects(gate.wait({ timeoutMs: -1 }), (e: unknown) => e instanceof ZkError && e.code === 'INVALID_ARGUMENT');
    await gate.remove();
    await eventually(async () => (await dataWatchesOf(server, b.sessionId)).length === 0);
  });

  void test('a wait outlasts the expiry of its session and is released on the new one', async () => {
    const path = uniquePath('expiry');
    const own = await connect();
    await new Barrier(a, path).set();
    const waiting = track(new Barrier(own, path).wait({ timeoutMs: 60_000 }));
    await eventually(async () => (await dataWatchesOf(server, own.sessionId)).includes(path));
    const renewed = nextNewSession(own);
    await expireSession(own);
    await renewed;
    await eventually(async () => (await dataWatchesOf(server, own.sessionId)).includes(path));
    assert.equal(waiting.settled(), false);
    await new Barrier(a, path).remove();
    assert.deepEqual(await waiting.result, { ok: true, value: undefined });
  });

  void test('close() ends the waits in flight with BarrierClosedError', async () => {
    const path = uniquePath('close');
    await new Barrier(a, path).set();
    const gate = new Barrier(b, path);
    const waiting = gate.wait();
    await gate.close();
    await assert.rejects(waiting, (e: unknown) => e instanceof ZkError && e.code === 'CLOSED' && e.name === 'BarrierClosedError');
    await assert.rejects(gate.wait(), (e: unknown) => e instanceof ZkError && e.code === 'CLOSED');
    await new Barrier(a, path).remove();
  });

  void test('invalid arguments are refused before anything is sent', () => {
    assert.throws(() => new Barrier(a, '/'), (e: unknown) => e instanceof ZkError && e.code === 'INVALID_PATH');
    assert.throws(() => new Barrier(a, 'no-slash'), (e: unknown) => e instanceof ZkError && e.code === 'INVALID_PATH');
    assert.throws(() => new Barrier({} as ZkClient, '/x'), (e: unknown) => e instanceof ZkError && e.code === 'INVALID_ARGUMENT');
  });

  void test('zk.barrier.wait is an INTERNAL span with the path and the outcome', async () => {
    const { client: traced, exporter } = await suite.traced();
    const path = uniquePath('span');
    const gate = new Barrier(traced, path);
    await gate.set();
    await assert.rejects(gate.wait({ timeoutMs: 50 }));
    const released = gate.wait();
    await gate.remove();
    await released;
    const spans = exporter.getFinishedSpans().filter((s) => s.name === 'zk.barrier.wait');
    assert.deepEqual(spans.map((s) => s.attributes[BarrierAttr.OUTCOME]), ['timeout', 'released']);
    assert.equal(spans[0].attributes[BarrierAttr.PATH], path);
    assert.equal(spans[0].status.code, 2, 'the timeout is recorded as an error');
    assert.equal(spans[0].kind, 0, 'INTERNAL');
  });
});
