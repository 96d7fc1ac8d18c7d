import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ServiceDiscovery, type ServiceInstance, type ZkClient } from '../../src/index.js';
import { expireSession, FaultProxy, type TestingServer } from '../../src/testing/index.js';
import { connectClient, eventually, startServer, uniquePath, waitForState } from '../support/zk.js';
import { waitForNewSession } from '../support/zk.js';
import { nextEvent, ReadRecorder } from './support.js';

void describe('ServiceDiscovery self-healing', () => {
  let server: TestingServer;
  let observer: ZkClient;
  const closeables: { close(): Promise<void> }[] = [];

  before(async () => {
    server = await startServer();
    observer = await connectClient(server.connectString);
  });

  after(async () => {
    for (const c of closeables.reverse()) await c.close();
    await observer.close();
    await server.close();
  });

  async function registeringClient(connect = server.connectString): Promise<{ client: ZkClient; discovery: ServiceDiscovery<{ v: number }> }> {
    const client = await connectClient(connect);
    const discovery = new ServiceDiscovery<{ v: number }>(client, { basePath: uniquePath('services') });
    closeables.push(client, discovery);
    await discovery.start();
    return { client, discovery };
  }

  void test('after session expiry every instance is back under the new session, same id and data', async () => {
    const { client, discovery } = await registeringClient();
    const a = await discovery.register({ name: 'orders', id: 'a', port: 1, payload: { v: 1 } });
    const b = await discovery.register({ name: 'billing', id: 'b', port: 2, payload: { v: 2 }, serviceType: 'STATIC' });
    const oldSession = client.sessionId;
    const aPath = `${discovery.basePath}/orders/a`;
    const before = await observer.getData(aPath);
    const bPath = `${discovery.basePath}/billing/b`;
    const bBefore = await observer.exists(bPath);

    const reconnected = waitForNewSession(client);
    await expireSession(client);
    await reconnected;
    await eventually(async () => (await observer.exists(aPath))?.ephemeralOwner === client.sessionId);

    assert.notEqual(client.sessionId, oldSession);
    const after = await observer.getData(aPath);
    assert.deepEqual(after.data, before.data, 'same bytes: same id, payload and registrationTimeUTC');
    assert.notEqual(after.stat.czxid, before.stat.czxid, 'a new node');
    const reader = new ServiceDiscovery<{ v: number }>(observer, { basePath: discovery.basePath });
    assert.deepEqual(await reader.queryForInstance('orders', 'a'), a);
    // The STATIC one is re-created too (delete, then create), as Curator does.
    await eventually(async () => {
      const stat = await observer.exists(bPath);
      return stat !== null && stat.czxid !== bBefore?.czxid;
    });
    assert.deepEqual(await reader.queryForInstance('billing', 'b'), b);
    assert.deepEqual(discovery.registered().map((i) => i.id).sort(), ['a', 'b']);
  });

  void test('an update made before the expiry is what comes back', async () => {
    const { client, discovery } = await registeringClient();
    const a = await discovery.register({ name: 'orders', id: 'a', payload: { v: 1 } });
    const updated = await discovery.update({ ...a, payload: { v: 2 } });
    const reconnected = waitForNewSession(client);
    await expireSession(client);
    await reconnected;
    const path = `${discovery.basePath}/orders/a`;
    await eventually(async () => (await observer.exists(path))?.ephemeralOwner === client.sessionId);
    const reader = new ServiceDiscovery<{ v: number }>(observer, { basePath: discovery.basePath });
    assert.deepEqual(await reader.queryForInstance('orders', 'a'), updated);
  });

  void test('a cut shorter than the session timeout re-registers nothing', async () => {
    const proxy = await FaultProxy.start({ target: server.connectString });
    closeables.push(proxy);
    const { client, discovery } = await registeringClient(proxy.connectString);
    await discovery.register({ name: 'orders', id: 'a' });
    const path = `${discovery.basePath}/orders/a`;
    const before = await observer.exists(path);
    let watchFired = false;
    await observer.getChildren(`${discovery.basePath}/orders`, { watch: () => { watchFired = true; } });

    const suspended = waitForState(client, 'suspended');
    const reconnected = waitForState(client, 'connected');
    proxy.cut();
    await suspended;
    proxy.restore();
    assert.equal((await reconnected).newSession, false);

    // Requests of a session are answered in order: a re-registration started on
    // reconnect would have been applied before this read.
    const after = await client.exists(path);
    assert.equal(after?.czxid, before?.czxid, 'the same node');
    assert.equal(after?.ephemeralOwner, client.sessionId);
    await observer.sync(path);
    assert.equal(watchFired, false, 'no delete or create under the service');
  });

  void test('a cache on an expiring client is rebuilt and follows changes made meanwhile', async () => {
    const { discovery: writer } = await registeringClient();
    const stays = await writer.register({ name: 'svc', id: 'stays' });
    await writer.register({ name: 'svc', id: 'goes' });

    const client = await connectClient(server.connectString);
    closeables.push(client);
    const recorder = new ReadRecorder(client);
    const discovery = new ServiceDiscovery(client, { basePath: writer.basePath });
    closeables.push(discovery);
    const cache = discovery.cache('svc');
    await cache.start();
    assert.deepEqual(cache.instances().map((i) => i.id), ['goes', 'stays']);

    const removed = nextEvent<[ServiceInstance]>(cache, 'removed', (i) => i.id === 'goes');
    const added = nextEvent<[ServiceInstance]>(cache, 'added', (i) => i.id === 'new');
    const reconnected = waitForNewSession(client);
    await expireSession(client);
    await writer.unregister({ name: 'svc', id: 'goes' });
    await reconnected;
    await removed;
    await writer.register({ name: 'svc', id: 'new' });
    await added;
    assert.deepEqual(cache.instances().map((i) => i.id), ['new', 'stays']);
    assert.deepEqual(cache.get('stays'), stays);
    assert.ok(recorder.maxOutstanding <= 1, `at most one watch per node and kind, saw ${recorder.maxOutstanding}`);
  });
});
