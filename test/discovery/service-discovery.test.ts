import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { after, before, describe, test } from 'node:test';
import { context, SpanKind } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { InstanceSerializer, jsonPayload, ServiceDiscovery, type ZkClient } from '../../src/index.js';
import type { TestingServer } from '../../src/testing/index.js';
import { connectClient, eventually, startServer, uniquePath } from '../support/zk.js';
import { nextEvent } from './support.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/register-and-wait.ts', import.meta.url));

void describe('ServiceDiscovery', () => {
  let server: TestingServer;
  let client: ZkClient;
  const closeables: { close(): Promise<void> }[] = [];
  const contextManager = new AsyncLocalStorageContextManager();

  before(async () => {
    context.setGlobalContextManager(contextManager.enable());
    server = await startServer();
    client = await connectClient(server.connectString);
  });

  after(async () => {
    for (const c of closeables.reverse()) await c.close();
    await client.close();
    await server.close();
    contextManager.disable();
    context.disable();
  });

  async function discoveryFor(c: ZkClient = client, basePath = uniquePath('services')): Promise<ServiceDiscovery<{ zone: string }>> {
    const discovery = new ServiceDiscovery<{ zone: string }>(c, { basePath });
    closeables.push(discovery);
    await discovery.start();
    return discovery;
  }

  void test('register, query, update and unregister', async () => {
    const discovery = await discoveryFor();
    const a = await discovery.register({ name: 'orders', id: 'a', address: '10.0.0.1', port: 8080, payload: { zone: 'eu' }, uriSpec: '{scheme}://{address}:{port}' });
    const b = await discovery.register({ name: 'orders', id: 'b', address: '10.0.0.2', port: 8081 });
    await discovery.register({ name: 'billing', id: 'c', port: 1 });

    assert.deepEqual(await discovery.queryForNames(), ['billing', 'orders']);
    assert.deepEqual(await discovery.queryForInstances('orders'), [a, b]);
    assert.deepEqual(await discovery.queryForInstance('orders', 'a'), a);
    assert.equal(await discovery.queryForInstance('orders', 'zzz'), undefined);
    assert.deepEqual(await discovery.queryForInstances('nothing'), []);

    const { data, stat } = await client.getData(`${discovery.basePath}/orders/a`);
    assert.equal(stat.ephemeralOwner, client.sessionId, 'DYNAMIC is ephemeral, owned by this session');
    assert.deepEqual(data, new InstanceSerializer(jsonPayload()).encode(a));

    const updated = await discovery.update({ ...a, payload: { zone: 'us' }, enabled: false });
    assert.deepEqual(await discovery.queryForInstance('orders', 'a'), updated);
    assert.equal(updated.enabled, false);
    await assert.rejects(discovery.update({ ...a, id: 'not-mine' }), { code: 'INVALID_ARGUMENT' });

    await discovery.unregister(a);
    await discovery.unregister(a);
    assert.deepEqual((await discovery.queryForInstances('orders')).map((i) => i.id), ['b']);
    assert.deepEqual(discovery.registered().map((i) => i.id).sort(), ['b', 'c']);
  });

  void test('STATIC and PERMANENT instances are persistent and outlive the client', async () => {
    const other = await connectClient(server.connectString);
    const basePath = uniquePath('services');
    const discovery = new ServiceDiscovery(other, { basePath });
    await discovery.start();
    await discovery.register({ name: 'db', id: 's', serviceType: 'STATIC' });
    await discovery.register({ name: 'db', id: 'p', serviceType: 'PERMANENT' });
    await discovery.register({ name: 'db', id: 'd' });
    // Closing the client (not the discovery) ends the session without unregistering.
    await other.close();
    const reader = await discoveryFor(client, basePath);
    // The server ends the session shortly after the client closes it.
    await eventually(async () => (await reader.queryForInstances('db')).length === 2);
    assert.deepEqual((await reader.queryForInstances('db')).map((i) => [i.id, i.serviceType]), [['p', 'PERMANENT'], ['s', 'STATIC']]);
    assert.equal((await client.exists(`${basePath}/db/s`))?.ephemeralOwner, '0');
    await discovery.close();
  });

  void test('registering over an existing node deletes it first, so watchers see it go', async () => {
    const discovery = await discoveryFor();
    const path = `${discovery.basePath}/orders/same`;
    await client.create(path, 'stale', { createParents: true });
    const watched = new Promise<string>((resolve) => { void client.getData(path, { watch: (e) => resolve(e.type) }); });
    const instance = await discovery.register({ name: 'orders', id: 'same', port: 1 });
    assert.equal(await watched, 'deleted');
    assert.deepEqual(await discovery.queryForInstance('orders', 'same'), instance);
    assert.equal((await client.exists(path))?.ephemeralOwner, client.sessionId);
  });

  void test('close() unregisters, and an ephemeral instance goes when its client closes', async () => {
    const other = await connectClient(server.connectString);
    const basePath = uniquePath('services');
    const reader = await discoveryFor(client, basePath);
    const first = new ServiceDiscovery(other, { basePath });
    await first.start();
    await first.register({ name: 'svc', id: 'closed-by-discovery', serviceType: 'STATIC' });
    await first.register({ name: 'svc', id: 'closed-with-client' });
    await first.close();
    assert.deepEqual(await reader.queryForInstances('svc'), []);
    await assert.rejects(first.register({ name: 'svc' }), { code: 'CLOSED' });

    const second = new ServiceDiscovery(other, { basePath });
    await second.start();
    await second.register({ name: 'svc', id: 'e' });
    await other.close();
    await eventually(async () => (await reader.queryForInstances('svc')).length === 0);
  });

  void test('an ephemeral instance goes when its process is killed', async () => {
    const basePath = uniquePath('services');
    const reader = await discoveryFor(client, basePath);
    const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE, server.connectString, basePath, 'svc', 'killed'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const [line] = await once(createInterface({ input: child.stdout }), 'line') as [string];
    assert.match(line, /^READY /);
    const cache = reader.cache('svc');
    await cache.start();
    assert.deepEqual(cache.instances().map((i) => i.id), ['killed']);
    const removed = nextEvent(cache, 'removed');
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
    await removed;
    assert.deepEqual(await reader.queryForInstances('svc'), []);
  });

  void test('bad input is refused with a typed error and nothing is written', async () => {
    const basePath = uniquePath('services');
    const discovery = await discoveryFor(client, basePath);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const bad: object[] = [
      { name: 'a/b' }, { name: 'ok', id: 'x/y' }, { name: 'ok', port: 70000 }, { name: 'ok', sslPort: -5 },
      { name: 'ok', payload: cyclic }, { name: 'ok', payload: { big: 1n } },
    ];
    for (const registration of bad) {
      await assert.rejects(discovery.register(registration as never), { code: 'INVALID_ARGUMENT' });
    }
    await assert.rejects(discovery.queryForInstances('a/b'), { code: 'INVALID_ARGUMENT' });
    await assert.rejects(discovery.unregister({ name: 'ok', id: '' }), { code: 'INVALID_ARGUMENT' });
    assert.equal(await client.exists(basePath), null, 'nothing written');
    assert.deepEqual(discovery.registered(), []);
    assert.throws(() => new ServiceDiscovery(client, { basePath: 'relative' }), { code: 'INVALID_PATH' });
    const unstarted = new ServiceDiscovery(client, { basePath });
    await assert.rejects(unstarted.register({ name: 'x' }), { code: 'INVALID_ARGUMENT' });
    await unstarted.close();
  });

  void test('a node that is not an instance: skipped by list queries, an error for a single query', async () => {
    const discovery = await discoveryFor();
    await discovery.register({ name: 'svc', id: 'good' });
    await client.create(`${discovery.basePath}/svc/junk`, 'not json');
    assert.deepEqual((await discovery.queryForInstances('svc')).map((i) => i.id), ['good']);
    await assert.rejects(discovery.queryForInstance('svc', 'junk'), { name: 'InstanceFormatError' });
  });

  void test('register, query and unregister are spans with the ZooKeeper operations inside', async () => {
    const exporter = new InMemorySpanExporter();
    const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    const traced = await connectClient(server.connectString, { tracerProvider });
    const discovery = new ServiceDiscovery(traced, { basePath: uniquePath('services') });
    await discovery.start();
    const instance = await discovery.register({ name: 'svc', id: 'i' });
    await discovery.queryForInstances('svc');
    await discovery.unregister(instance);
    await discovery.close();
    await traced.close();
    const spans = exporter.getFinishedSpans();
    const register = spans.find((s) => s.name === 'zk.discovery.register');
    assert.ok(register);
    assert.equal(register.kind, SpanKind.INTERNAL);
    assert.deepEqual([register.attributes['zookeeper.discovery.service'], register.attributes['zookeeper.discovery.instance_id'], register.attributes['zookeeper.discovery.reason']], ['svc', 'i', 'register']);
    const create = spans.find((s) => s.name === 'zookeeper create');
    assert.equal(create?.parentSpanContext?.spanId, register.spanContext().spanId, 'the create is a child of the register span');
    const query = spans.find((s) => s.name === 'zk.discovery.query');
    assert.equal(query?.attributes['zookeeper.discovery.result_count'], 1);
    assert.ok(spans.some((s) => s.name === 'zk.discovery.unregister'));
    await tracerProvider.shutdown();
  });
});
