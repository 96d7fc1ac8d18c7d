import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { NodeCache, type NodeSnapshot } from '../../recipes/cache/index.js';
import type { ZkClient } from '../../src/index.js';
import { expireSession, FaultProxy, type TestingServer } from '../../src/testing/index.js';
import { eventually, uniquePath, waitForState } from '../support/zk.js';
import { zkSuite } from '../support/zk-suite.js';
import { dataWatchesOf } from '../support/server-watches.js';
import { waitForNewSession } from '../support/zk.js';

type Change = { now: NodeSnapshot | null; previous: NodeSnapshot | null };

function record(cache: NodeCache): Change[] {
  const changes: Change[] = [];
  cache.on('changed', (now, previous) => changes.push({ now, previous }));
  return changes;
}

const text = (s: NodeSnapshot | null | undefined): string | null => (s ? s.data.toString() : null);

describe('NodeCache', () => {
  const suite = zkSuite();
  const open = (connect?: string): Promise<ZkClient> => suite.open(connect);
  let server: TestingServer;
  let writer: ZkClient;

  before(async () => {
    server = suite.server;
    writer = await open();
  });


  test('loads a missing node, then reports create, change and delete once each', async () => {
    const client = await open();
    const path = uniquePath('nc');
    await using cache = new NodeCache(client, path);
    const changes = record(cache);
    assert.equal(await cache.start({ timeoutMs: 10_000 }), null);
    assert.equal(cache.current, null);

    await writer.create(path, 'v0', { createParents: true });
    await eventually(() => changes.length === 1);
    await writer.setData(path, 'v1');
    await eventually(() => changes.length === 2);
    await writer.delete(path);
    await eventually(() => changes.length === 3);

    assert.deepEqual(changes.map((c) => [text(c.previous), text(c.now)]), [[null, 'v0'], ['v0', 'v1'], ['v1', null]]);
    assert.equal(changes[1].now!.stat.version, 1);
    assert.equal(cache.current, null);
  });

  test('snapshots() replays the current value, then yields newer ones, and ends on close', async () => {
    const client = await open();
    const path = uniquePath('nc');
    await writer.create(path, 'a', { createParents: true });
    const cache = new NodeCache(client, path);
    await cache.start({ timeoutMs: 10_000 });
    const seen: (string | null)[] = [];
    const done = (async () => {
      for await (const s of cache.snapshots()) {
        seen.push(text(s));
        if (seen.length === 1) await writer.setData(path, 'b');
      }
    })();
    await eventually(() => seen.includes('b'));
    await cache.close();
    await done;
    assert.deepEqual(seen, ['a', 'b']);
  });

  test('a new session re-reads the node: no event if unchanged, one event with the latest value if changed', async () => {
    const client = await open();
    const path = uniquePath('nc');
    await writer.create(path, 'same', { createParents: true });
    await using cache = new NodeCache(client, path);
    const changes = record(cache);
    await cache.start({ timeoutMs: 10_000 });

    const reconnected = waitForNewSession(client);
    await expireSession(client);
    await reconnected;
    // Re-armed on the new session (the re-read happened) without reporting anything.
    await eventually(async () => (await dataWatchesOf(server, client.sessionId)).includes(path));
    assert.equal(changes.length, 0);

    const again = waitForNewSession(client);
    await expireSession(client);
    await writer.setData(path, 'x1');
    await writer.setData(path, 'x2');
    await again;
    await eventually(() => text(cache.current) === 'x2');
    assert.ok(changes.length >= 1 && changes.length <= 2, `got ${changes.length} events`);
    assert.equal(text(changes.at(-1)!.now), 'x2');
    // Versions only go forward.
    const versions = changes.map((c) => c.now!.stat.version);
    assert.deepEqual(versions, [...versions].sort((a, b) => a - b));
  });

  test('cut off by a FaultProxy during updates, it catches up after restore', async () => {
    const proxy = await FaultProxy.start({ target: server.connectString });
    try {
      const client = await open(proxy.connectString);
      const path = uniquePath('nc');
      await writer.create(path, '0', { createParents: true });
      await using cache = new NodeCache(client, path);
      const changes = record(cache);
      await cache.start({ timeoutMs: 10_000 });
      const suspended = waitForState(client, 'suspended');
      proxy.cut();
      await suspended;
      for (let i = 1; i <= 20; i++) await writer.setData(path, String(i));
      proxy.restore();
      await eventually(() => text(cache.current) === '20', 30_000);
      const versions = changes.map((c) => c.now!.stat.version);
      assert.ok(versions.every((v, i) => i === 0 || v > versions[i - 1]), `versions went back: ${versions.join(',')}`);
      assert.equal(versions.at(-1), 20);
    } finally {
      await proxy.close();
    }
  });

  test('close() stops re-arming: its last watch goes at the next change, and none is left after the session closes', async () => {
    const client = await open();
    const path = uniquePath('nc');
    await writer.create(path, 'a', { createParents: true });
    const cache = new NodeCache(client, path);
    const changes = record(cache);
    await cache.start({ timeoutMs: 10_000 });
    assert.deepEqual(await dataWatchesOf(server, client.sessionId), [path]);
    await cache.close();
    // ZooKeeper 3.8 has no way for this client to remove the watch: it is still there...
    assert.deepEqual(await dataWatchesOf(server, client.sessionId), [path]);
    // ...until it fires; the closed cache does not re-arm it and reports nothing.
    await writer.setData(path, 'b');
    await eventually(async () => (await dataWatchesOf(server, client.sessionId)).length === 0);
    await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(await dataWatchesOf(server, client.sessionId), []);
    assert.equal(changes.length, 0);

    // A cache on a missing node holds an exists watch; closing the session removes it.
    const other = await open();
    const missing = uniquePath('nc-missing');
    const sid = other.sessionId;
    await using cache2 = new NodeCache(other, missing);
    await cache2.start({ timeoutMs: 10_000 });
    assert.deepEqual(await dataWatchesOf(server, sid), [missing]);
    await cache2.close();
    await other.close();
    await eventually(async () => (await dataWatchesOf(server, sid)).length === 0);
  });

  test('start() rejects on timeout and leaves the cache closed', async () => {
    const proxy = await FaultProxy.start({ target: server.connectString });
    try {
      const client = await open(proxy.connectString);
      proxy.blackhole();
      const cache = new NodeCache(client, uniquePath('nc'));
      await assert.rejects(cache.start({ timeoutMs: 300 }), (e: Error & { code?: string }) => e.code === 'TIMEOUT');
      assert.equal(cache.started, false);
      await assert.rejects(cache.start(), (e: Error & { code?: string }) => e.code === 'CLOSED');
    } finally {
      await proxy.close();
    }
  });
});
