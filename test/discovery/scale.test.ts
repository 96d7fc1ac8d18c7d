import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ServiceDiscovery, type ServiceProvider, type ZkClient } from '../../src/index.js';
import type { TestingServer } from '../../src/testing/index.js';
import { mapConcurrently } from '../../recipes/discovery/bounded-concurrency.js';
import { connectClient, startServer, uniquePath } from '../support/zk.js';
import { ReadRecorder } from './support.js';

const SERVICES = 50;
const PER_SERVICE = 20;

void describe('ServiceDiscovery with 1,000 instances across 50 services', () => {
  let server: TestingServer;
  let client: ZkClient;
  let recorder: ReadRecorder;
  let discovery: ServiceDiscovery<{ i: number }>;
  const names = Array.from({ length: SERVICES }, (_, s) => `svc-${String(s).padStart(2, '0')}`);

  before(async () => {
    server = await startServer();
    client = await connectClient(server.connectString);
    recorder = new ReadRecorder(client);
    discovery = new ServiceDiscovery(client, { basePath: uniquePath('services') });
    await discovery.start();
    const registrations = names.flatMap((name) => Array.from({ length: PER_SERVICE }, (_, i) => ({ name, id: `i-${i}`, port: 1000 + i, payload: { i } })));
    // One client, many creates in flight at once (the server answers them in order).
    await mapConcurrently(registrations, 64, (r) => discovery.register(r));
  });

  after(async () => {
    await discovery.close();
    await client.close();
    await server.close();
  });

  void test('queries see every service and instance', async () => {
    assert.deepEqual(await discovery.queryForNames(), names);
    const instances = await discovery.queryForInstances('svc-07');
    assert.equal(instances.length, PER_SERVICE);
    assert.deepEqual(instances.find((i) => i.id === 'i-3')?.payload, { i: 3 });
    assert.equal(discovery.registered().length, SERVICES * PER_SERVICE);
  });

  void test('providers for every service answer from memory', async () => {
    const providers: ServiceProvider<{ i: number }>[] = names.map((name) => discovery.provider(name));
    await mapConcurrently(providers, 8, (p) => p.start());
    const readsBefore = recorder.reads;
    const seen = new Map<string, Set<string>>();
    for (let round = 0; round < PER_SERVICE; round++) {
      for (const provider of providers) {
        const instance = provider.getInstance();
        assert.ok(instance);
        const ids = seen.get(provider.name) ?? new Set<string>();
        ids.add(instance.id);
        seen.set(provider.name, ids);
      }
    }
    assert.equal(recorder.reads, readsBefore, 'getInstance made no ZooKeeper reads');
    for (const name of names) assert.equal(seen.get(name)?.size, PER_SERVICE, `round-robin reached every instance of ${name}`);
    assert.ok(recorder.maxOutstanding <= 1);
    await Promise.all(providers.map((p) => p.close()));
  });
});
