import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BarrierTimeoutError, DoubleBarrier, type DeleteOptions, type ZkClient } from '../../src/index.js';
import { FaultProxy } from '../../src/testing/index.js';
import { connectClient, eventually, uniquePath, waitForState } from '../support/zk.js';
import { childrenOf, pause, SuiteServer, track } from './support.js';

void describe('DoubleBarrier under connection loss (FaultProxy)', () => {
  const suite = new SuiteServer();
  let proxy: FaultProxy;
  let cut: ZkClient;
  let observer: ZkClient;

  before(async () => {
    await suite.start();
    proxy = await FaultProxy.start({ target: suite.server.connectString });
    // A short connect wait: operations fail fast while cut, as cleanups then do.
    cut = await connectClient(proxy.connectString, { sessionTimeoutMs: 9_000, connectTimeoutMs: 500 });
    observer = await suite.connect();
  });
  after(async () => {
    await cut?.close();
    await proxy?.close();
    await suite.close();
  });

  void test('enter and leave outlast a connection cut shorter than the session timeout', async () => {
    const path = uniquePath('outage');
    const [far, near] = [new DoubleBarrier(cut, path, { memberCount: 2 }), new DoubleBarrier(observer, path, { memberCount: 2 })];
    const entering = track(far.enter({ timeoutMs: 30_000 }));
    await eventually(async () => (await childrenOf(observer, path)).length === 1);
    const suspended = waitForState(cut, 'suspended');
    proxy.cut();
    await suspended;
    await near.enter({ timeoutMs: 30_000 });
    await pause(300);
    proxy.restore();
    assert.deepEqual(await entering.result, { ok: true, value: undefined }, 'the ready event reaches the member on reconnect');
    const leaving = track(far.leave({ timeoutMs: 30_000 }));
    proxy.cut();
    await pause(300);
    assert.equal(leaving.settled(), false);
    proxy.restore();
    await near.leave({ timeoutMs: 30_000 });
    assert.deepEqual(await leaving.result, { ok: true, value: undefined });
    assert.deepEqual(await childrenOf(observer, path), []);
  });

  void test('an enter that gave up while disconnected: the next enter waits for the old node to go and is never counted twice', async () => {
    const path = uniquePath('retired');
    const lonely = new DoubleBarrier(cut, path, { memberCount: 2, memberId: 'lonely' });
    const first = lonely.enter({ timeoutMs: 1_500 });
    await eventually(async () => (await childrenOf(observer, path)).length === 1);
    const suspended = waitForState(cut, 'suspended');
    proxy.cut();
    await suspended;
    await assert.rejects(first, (e: unknown) => e instanceof BarrierTimeoutError && e.step === 'enter');
    const [abandoned] = await childrenOf(observer, path);
    assert.ok(abandoned, 'the node of the call that gave up is still there while cut');
    // Make its deletion slow once the connection is back, so that a new node
    // created without waiting for it would be counted next to it.
    const original = cut.delete.bind(cut);
    cut.delete = async (p: string, options?: DeleteOptions) => {
      if (p === `${path}/${abandoned}`) await pause(1_500);
      return original(p, options);
    };
    try {
      const second = lonely.enter({ timeoutMs: 6_000 });
      setTimeout(() => proxy.restore(), 1_000);
      await assert.rejects(second, (e: unknown) => e instanceof BarrierTimeoutError && e.step === 'enter',
        'a lone member must not pass a barrier of two on its own abandoned node');
    } finally {
      cut.delete = original;
    }
    await eventually(async () => (await childrenOf(observer, path)).length === 0);
  });
});
