import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ServiceDiscovery, type ServiceInstance, type ZkClient } from '../../src/index.js';
import type { TestingServer } from '../../src/testing/index.js';
import { connectClient, eventually, startServer, uniquePath } from '../support/zk.js';
import { nextEvent, ReadRecorder } from './support.js';

void describe('ServiceCache and ServiceProvider', () => {
  let server: TestingServer;
  let writerClient: ZkClient;
  let readerClient: ZkClient;
  let recorder: ReadRecorder;
  const closeables: { close(): Promise<void> }[] = [];

  before(async () => {
    server = await startServer();
    writerClient = await connectClient(server.connectString);
    readerClient = await connectClient(server.connectString);
    recorder = new ReadRecorder(readerClient);
  });

  after(async () => {
    for (const c of closeables.reverse()) await c.close();
    assert.ok(recorder.maxOutstanding <= 1, `at most one watch per node and kind, saw ${recorder.maxOutstanding}`);
    await writerClient.close();
    await readerClient.close();
    await server.close();
  });

  /** A writer and a reader discovery on the same fresh base path. */
  async function pair(): Promise<{ writer: ServiceDiscovery<{ n: number }>; reader: ServiceDiscovery<{ n: number }> }> {
    const basePath = uniquePath('services');
    const writer = new ServiceDiscovery<{ n: number }>(writerClient, { basePath });
    const reader = new ServiceDiscovery<{ n: number }>(readerClient, { basePath });
    closeables.push(writer, reader);
    await writer.start();
    return { writer, reader };
  }

  const ids = (list: readonly ServiceInstance<unknown>[]): string[] => list.map((i) => i.id);

  void test('the cache follows adds, updates and removes through its watches', async () => {
    const { writer, reader } = await pair();
    await writer.register({ name: 'svc', id: 'a', payload: { n: 1 } });
    const cache = reader.cache('svc');
    const seen: string[] = [];
    cache.on('added', (i) => seen.push(`added ${i.id}`));
    cache.on('updated', (i, previous) => seen.push(`updated ${i.id} ${previous.payload?.n}->${i.payload?.n}`));
    cache.on('removed', (i) => seen.push(`removed ${i.id}`));
    await cache.start();
    assert.deepEqual(ids(cache.instances()), ['a']);

    let event = nextEvent(cache, 'added');
    const b = await writer.register({ name: 'svc', id: 'b', payload: { n: 2 } });
    await event;
    assert.deepEqual(cache.get('b'), b);

    event = nextEvent(cache, 'updated');
    await writer.update({ ...b, payload: { n: 3 } });
    await event;

    event = nextEvent(cache, 'removed');
    await writer.unregister({ name: 'svc', id: 'a' });
    await event;
    assert.deepEqual(ids(cache.instances()), ['b']);
    assert.deepEqual(seen, ['added a', 'added b', 'updated b 2->3', 'removed a']);
    await cache.close();
  });

  void test('a cache of a service that does not exist yet waits for it', async () => {
    const { writer, reader } = await pair();
    const cache = reader.cache('later');
    await cache.start();
    assert.deepEqual(cache.instances(), []);
    const added = nextEvent(cache, 'added');
    await writer.register({ name: 'later', id: 'x' });
    await added;
    assert.deepEqual(ids(cache.instances()), ['x']);
  });

  void test('round-robin cycles through every instance, from memory', async () => {
    const { writer, reader } = await pair();
    for (const id of ['a', 'b', 'c']) await writer.register({ name: 'svc', id });
    const provider = reader.provider('svc', { strategy: 'round-robin' });
    await provider.start();
    const readsBefore = recorder.reads;
    const picks = Array.from({ length: 9 }, () => provider.getInstance()?.id);
    assert.equal(recorder.reads, readsBefore, 'no ZooKeeper reads');
    assert.deepEqual(picks, ['a', 'b', 'c', 'a', 'b', 'c', 'a', 'b', 'c']);
    assert.deepEqual(ids(provider.getAllInstances()), ['a', 'b', 'c']);
  });

  void test('noteError excludes an instance at the threshold and re-admits it after the timeout', async () => {
    const { writer, reader } = await pair();
    const a = await writer.register({ name: 'svc', id: 'a' });
    await writer.register({ name: 'svc', id: 'b' });
    const provider = reader.provider('svc', { downInstancePolicy: { errorThreshold: 2, timeoutMs: 300 } });
    await provider.start();
    provider.noteError(a);
    assert.deepEqual(ids(provider.getAllInstances()), ['a', 'b'], 'one error is below the threshold');
    provider.noteError(a);
    assert.deepEqual(ids(provider.getAllInstances()), ['b']);
    assert.deepEqual(Array.from({ length: 4 }, () => provider.getInstance()?.id), ['b', 'b', 'b', 'b']);
    await eventually(() => provider.getAllInstances().length === 2);
    assert.deepEqual(ids(provider.getAllInstances()), ['a', 'b']);
  });

  void test('sticky keeps its instance while it lives, then sticks to another', async () => {
    const { writer, reader } = await pair();
    for (const id of ['a', 'b', 'c']) await writer.register({ name: 'svc', id });
    const provider = reader.provider('svc', { strategy: 'sticky' });
    await provider.start();
    const first = provider.getInstance()!;
    assert.ok(Array.from({ length: 10 }, () => provider.getInstance()?.id).every((id) => id === first.id));
    const removed = nextEvent(provider.cache, 'removed');
    await writer.unregister(first);
    await removed;
    const second = provider.getInstance()!;
    assert.notEqual(second.id, first.id);
    assert.ok(Array.from({ length: 10 }, () => provider.getInstance()?.id).every((id) => id === second.id));
  });

  void test('disabled instances and filtered ones are skipped', async () => {
    const { writer, reader } = await pair();
    const a = await writer.register({ name: 'svc', id: 'a', payload: { n: 1 } });
    await writer.register({ name: 'svc', id: 'b', payload: { n: 2 }, enabled: false });
    await writer.register({ name: 'svc', id: 'c', payload: { n: 3 } });
    const provider = reader.provider('svc', { strategy: 'random', filter: (i) => i.payload?.n !== 3 });
    await provider.start();
    assert.deepEqual(ids(provider.getAllInstances()), ['a']);
    const updated = nextEvent(provider.cache, 'updated');
    await writer.update({ ...a, enabled: false });
    await updated;
    assert.equal(provider.getInstance(), undefined);
  });

  void test('lifecycle: not before start, not after close; discovery.close() closes its providers', async () => {
    const { reader } = await pair();
    const provider = reader.provider('svc');
    assert.throws(() => provider.getInstance(), { code: 'NOT_STARTED' });
    await provider.start();
    assert.equal(provider.getInstance(), undefined);
    await reader.close();
    assert.throws(() => provider.getInstance(), { code: 'CLOSED' });
    assert.throws(() => reader.provider('svc'), { code: 'CLOSED' });
    assert.throws(() => reader.provider('svc2', { strategy: 'fastest' as never }), { code: 'CLOSED' });
  });

  void test('bad provider options are refused', async () => {
    const { reader } = await pair();
    assert.throws(() => reader.provider('svc', { strategy: 'fastest' as never }), { code: 'INVALID_ARGUMENT' });
    assert.throws(() => reader.provider('svc', { downInstancePolicy: { errorThreshold: 0 } }), { code: 'INVALID_ARGUMENT' });
    assert.throws(() => reader.cache('a/b'), { code: 'INVALID_ARGUMENT' });
  });
});
