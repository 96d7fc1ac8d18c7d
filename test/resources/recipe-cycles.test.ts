import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigWatcher, LeaderLatch, Mutex, NodeCache, type ZkClient } from '../../src/index.js';
import type { TestingServer } from '../../src/testing/index.js';
import { zkSuite } from '../support/zk-suite.js';
import { uniquePath } from '../support/zk.js';
import { activeResources, heapAfterGc, serverCounts, sessionDataWatches, settlesTo } from './measure.js';

/** Heap growth allowed over a whole test: generous, so that only a leak per cycle (not GC noise) trips it. */
const HEAP_GROWTH_LIMIT = 16 * 1024 * 1024;

interface Baseline {
  server: Awaited<ReturnType<typeof serverCounts>>;
  watches: string[][];
  handles: Record<string, number>;
  heap: number;
}

async function baseline(server: TestingServer, clients: readonly ZkClient[]): Promise<Baseline> {
  // Handles first: the four letter word connections below are still closing for a moment afterwards.
  const handles = activeResources();
  return {
    handles,
    server: await serverCounts(server),
    watches: await Promise.all(clients.map((c) => sessionDataWatches(server, c.sessionId))),
    heap: heapAfterGc(),
  };
}

/** Everything back where it was: server watches and znodes, each session's data watches, this process's handles; heap bounded. */
async function assertBack(what: string, server: TestingServer, clients: readonly ZkClient[], before: Baseline): Promise<void> {
  await settlesTo(`${what}: server watches, znodes and ephemerals (mntr)`, before.server, () => serverCounts(server));
  await settlesTo(`${what}: data watches per session (wchc)`, before.watches, () => Promise.all(clients.map((c) => sessionDataWatches(server, c.sessionId))));
  await settlesTo(`${what}: active handles of this process`, before.handles, () => activeResources());
  const growth = heapAfterGc() - before.heap;
  assert.ok(growth < HEAP_GROWTH_LIMIT, `${what}: heap grew by ${(growth / 1024 / 1024).toFixed(1)} MB`);
  console.log(`  ${what}: watches ${before.server.watches}, znodes ${before.server.znodes}, handles unchanged; heap ${growth >= 0 ? '+' : ''}${(growth / 1024).toFixed(0)} KB`);
}

describe('resources return to their starting values after many recipe cycles', () => {
  const suite = zkSuite();

  test('1000 Mutex acquire/release cycles by two contenders', async () => {
    const [a, b] = [await suite.open(), await suite.open()];
    const path = uniquePath('lock-cycles');
    await a.create(path, null, { createParents: true }); // persistent: no container comes and goes
    const mutexes = [new Mutex(a, path), new Mutex(b, path)];
    for (const m of mutexes) await (await m.acquire()).release(); // warm-up: first-use allocations are not a leak
    const before = await baseline(suite.server, [a, b]);
    // Side by side, so that most acquisitions wait for the other one (a watch on the predecessor each time).
    await Promise.all(mutexes.map(async (mutex) => {
      for (let i = 0; i < 500; i++) {
        const lease = await mutex.acquire({ timeoutMs: 30_000 });
        await lease.release();
      }
    }));
    assert.deepEqual((await a.getChildren(path)).children, [], 'no lock node is left');
    await assertBack('1000 lock cycles', suite.server, [a, b], before);
  });

  test('200 LeaderLatch start/close cycles, alone and behind a leader', async () => {
    const [holder, cycler] = [await suite.open(), await suite.open()];
    const path = uniquePath('latch-cycles');
    await holder.create(path, null, { createParents: true });
    const warm = new LeaderLatch(cycler, path);
    await warm.start();
    await warm.close();
    const before = await baseline(suite.server, [holder, cycler]);
    for (let i = 0; i < 100; i++) {
      const latch = new LeaderLatch(cycler, path, { participantId: `alone-${i}` });
      await latch.start({ timeoutMs: 30_000 });
      assert.equal(latch.hasLeadership, true);
      await latch.close();
    }
    const leader = new LeaderLatch(holder, path, { participantId: 'holder' });
    await leader.start();
    for (let i = 0; i < 100; i++) {
      const latch = new LeaderLatch(cycler, path, { participantId: `behind-${i}` });
      await latch.start({ timeoutMs: 30_000 });
      assert.equal(latch.hasLeadership, false);
      await latch.close();
    }
    // A queued latch watches the leader's node; the binding cannot remove a watch, so the
    // server keeps one (per session and path, however many latches set it) until it fires.
    const dormant = await sessionDataWatches(suite.server, cycler.sessionId);
    assert.ok(dormant.length <= 1 + before.watches[1].length, `at most one dormant watch is left, got ${dormant.join(', ')}`);
    await leader.close(); // the leader's node goes: the dormant watch fires and is gone
    assert.deepEqual((await holder.getChildren(path)).children, [], 'no latch node is left');
    await assertBack('200 latch cycles', suite.server, [holder, cycler], before);
  });

  test('200 ConfigWatcher and NodeCache start/close cycles on an existing and a missing node', async () => {
    const [writer, watcherClient] = [await suite.open(), await suite.open()];
    const root = uniquePath('watch-cycles');
    const existing = `${root}/config`;
    const missing = `${root}/later`;
    await writer.create(existing, '{"n":0}', { createParents: true });
    const warm = new ConfigWatcher(watcherClient, existing);
    await warm.start();
    await warm.close();
    await writer.setData(existing, '{"n":1}'); // fires the warm-up's watch
    const before = await baseline(suite.server, [writer, watcherClient]);
    for (let i = 0; i < 50; i++) {
      for (const path of [existing, missing]) {
        const config = new ConfigWatcher<{ n: number }>(watcherClient, path, { defaultValue: { n: -1 } });
        await config.start({ timeoutMs: 30_000 });
        await config.close();
        const cache = new NodeCache(watcherClient, path);
        await cache.start({ timeoutMs: 30_000 });
        await cache.close();
      }
    }
    // One dormant data watch per path at most (getData on the node, exists on the missing one).
    const dormant = await sessionDataWatches(suite.server, watcherClient.sessionId);
    assert.ok(dormant.length <= 2, `at most one dormant watch per path, got ${dormant.join(', ')}`);
    await writer.setData(existing, '{"n":2}');
    await writer.create(missing, '{"n":3}');
    await writer.delete(missing); // the node count is as before again
    await assertBack('200 watcher cycles', suite.server, [writer, watcherClient], before);
  });
});
