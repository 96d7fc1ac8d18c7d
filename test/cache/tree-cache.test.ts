import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { TreeCache } from '../../recipes/cache/index.js';
import type { ZkClient } from '../../src/index.js';
import { expireSession, type TestingServer } from '../../src/testing/index.js';
import { eventually, uniquePath } from '../support/zk.js';
import { zkSuite } from '../support/zk-suite.js';
import { dataWatchesOf, totalWatchCount } from '../support/server-watches.js';
import { waitForNewSession } from '../support/zk.js';

/** Every event as `kind path` (`updated` with the new data), in order. */
function record(cache: TreeCache, root: string): string[] {
  const rel = (p: string): string => (p === root ? '.' : p.slice(root.length + 1));
  const events: string[] = [];
  cache.on('nodeAdded', (n) => events.push(`added ${rel(n.path)}`));
  cache.on('nodeUpdated', (n) => events.push(`updated ${rel(n.path)}=${n.data.toString()}`));
  cache.on('nodeRemoved', (n) => events.push(`removed ${rel(n.path)}`));
  cache.on('initialized', () => events.push('initialized'));
  return events;
}

/** Waits until `events` has `count` entries, then a little longer to catch extras. */
async function settle(events: string[], count: number): Promise<void> {
  await eventually(() => events.length >= count, 15_000);
  await new Promise((r) => setTimeout(r, 150));
}

describe('TreeCache', () => {
  const suite = zkSuite();
  const open = (connect?: string): Promise<ZkClient> => suite.open(connect);
  let server: TestingServer;
  let writer: ZkClient;

  before(async () => {
    server = suite.server;
    writer = await open();
  });


  test('loads a tree parent-first, then reports nested adds, updates and removes exactly', async () => {
    const client = await open();
    const root = uniquePath('tree');
    await writer.create(`${root}/a/x`, 'x0', { createParents: true });
    await writer.create(`${root}/b`, 'b0');
    await using cache = new TreeCache(client, root);
    const events = record(cache, root);
    await cache.start({ timeoutMs: 10_000 });

    assert.equal(events.at(-1), 'initialized');
    assert.deepEqual([...events].sort(), ['added .', 'added a', 'added a/x', 'added b', 'initialized']);
    assert.ok(events.indexOf('added .') < events.indexOf('added a') && events.indexOf('added a') < events.indexOf('added a/x'));
    assert.deepEqual(cache.children(root), ['a', 'b']);
    assert.equal(cache.get(`${root}/a/x`)?.data.toString(), 'x0');
    events.length = 0;

    await writer.create(`${root}/c/d`, 'd0', { createParents: true });
    await settle(events, 2);
    assert.deepEqual(events.splice(0), ['added c', 'added c/d']);

    await writer.setData(`${root}/a/x`, 'x1');
    await settle(events, 1);
    assert.deepEqual(events.splice(0), ['updated a/x=x1']);

    await writer.delete(`${root}/a/x`);
    await settle(events, 1);
    assert.deepEqual(events.splice(0), ['removed a/x']);
    assert.deepEqual(cache.children(`${root}/a`), []);

    await writer.delete(`${root}/c`, { recursive: true });
    await settle(events, 2);
    assert.deepEqual(events.splice(0), ['removed c/d', 'removed c']);
    assert.equal(cache.get(`${root}/c`), undefined);
    assert.equal(cache.size, 3);
  });

  test('copes with a missing root, and with the root deleted and re-created', async () => {
    const client = await open();
    const root = uniquePath('tree');
    await using cache = new TreeCache(client, root);
    const events = record(cache, root);
    await cache.start({ timeoutMs: 10_000 });
    assert.deepEqual(events.splice(0), ['initialized']);
    assert.equal(cache.size, 0);

    await writer.create(root, 'r0', { createParents: true });
    await settle(events, 1);
    await writer.create(`${root}/a`, 'a0');
    await writer.create(`${root}/a/b`, 'b0');
    await settle(events, 3);
    assert.deepEqual(events.splice(0), ['added .', 'added a', 'added a/b']);

    await writer.delete(root, { recursive: true });
    await settle(events, 3);
    assert.deepEqual(events.splice(0), ['removed a/b', 'removed a', 'removed .']);
    assert.equal(cache.size, 0);

    await writer.create(`${root}/z`, 'z0', { createParents: true });
    await settle(events, 2);
    assert.deepEqual(events.splice(0), ['added .', 'added z']);
    // Exactly one data watch per node on the server for this session.
    assert.deepEqual(await dataWatchesOf(server, client.sessionId), [root, `${root}/z`]);
  });

  test('honours maxDepth: deeper nodes are neither cached nor watched', async () => {
    const client = await open();
    const root = uniquePath('tree');
    await writer.create(`${root}/a/x/deep`, '', { createParents: true });
    await writer.create(`${root}/b`, '');
    const before = await totalWatchCount(server);
    await using cache = new TreeCache(client, root, { maxDepth: 1 });
    const events = record(cache, root);
    await cache.start({ timeoutMs: 10_000 });
    assert.deepEqual([...events].sort(), ['added .', 'added a', 'added b', 'initialized']);
    assert.equal(cache.get(`${root}/a/x`), undefined);
    assert.deepEqual(cache.children(`${root}/a`), []);
    // Data watches on ., a, b; a children watch on . only (a and b are at maxDepth).
    assert.deepEqual(await dataWatchesOf(server, client.sessionId), [root, `${root}/a`, `${root}/b`]);
    assert.equal(await totalWatchCount(server) - before, 4);
    events.length = 0;
    await writer.create(`${root}/a/y`, '');
    await writer.setData(`${root}/a`, 'a1');
    await settle(events, 1);
    assert.deepEqual(events, ['updated a=a1']);

    assert.throws(() => new TreeCache(client, root, { maxDepth: -1 }), { code: 'INVALID_ARGUMENT' });
  });

  test('after a new session it resyncs and reports only real differences', async () => {
    const client = await open();
    const root = uniquePath('tree');
    for (const n of ['same', 'changed', 'gone']) await writer.create(`${root}/${n}`, 'v0', { createParents: true });
    await using cache = new TreeCache(client, root);
    const events = record(cache, root);
    await cache.start({ timeoutMs: 10_000 });
    events.length = 0;

    const renewed = waitForNewSession(client);
    await expireSession(client);
    await writer.setData(`${root}/changed`, 'v1');
    await writer.delete(`${root}/gone`);
    await writer.create(`${root}/new`, 'n0');
    await renewed;
    await settle(events, 3);
    assert.deepEqual([...events].sort(), ['added new', 'removed gone', 'updated changed=v1']);
    assert.deepEqual(cache.children(root), ['changed', 'new', 'same']);
    // Re-armed on the new session: one data watch per node.
    await eventually(async () => (await dataWatchesOf(server, client.sessionId)).length === 4);
  });

  test('close() leaves no watch behind once they fire or the session closes', async () => {
    const client = await open();
    const sid = client.sessionId;
    const root = uniquePath('tree');
    await writer.create(`${root}/a/b`, '', { createParents: true });
    const base = await totalWatchCount(server);
    const cache = new TreeCache(client, root);
    await cache.start({ timeoutMs: 10_000 });
    assert.equal(await totalWatchCount(server) - base, 6, 'a data and a children watch on each of 3 nodes');
    await cache.close();
    assert.equal(cache.get(root), undefined);
    // Firing them (a change under each) removes them; nothing re-arms.
    await writer.setData(`${root}/a/b`, 'x');
    await writer.create(`${root}/a/b/c`, '');
    await writer.setData(`${root}/a`, 'x');
    await writer.create(`${root}/a/c`, '');
    await writer.setData(root, 'x');
    await writer.create(`${root}/c`, '');
    await eventually(async () => await totalWatchCount(server) === base);
    assert.deepEqual(await dataWatchesOf(server, sid), []);

    // With the watches still armed, closing the session removes them all.
    const other = await open();
    const sid2 = other.sessionId;
    const cache2 = new TreeCache(other, root);
    await cache2.start({ timeoutMs: 10_000 });
    assert.ok((await dataWatchesOf(server, sid2)).length > 0);
    await cache2.close();
    await other.close();
    await eventually(async () => (await dataWatchesOf(server, sid2)).length === 0 && await totalWatchCount(server) === base);
  });
});
