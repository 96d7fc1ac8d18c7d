import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MeterProvider, MetricReader, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { ConfigWatcher, LeaderLatch, Mutex, ServiceDiscovery, ZkClient } from '../../src/index.js';
import { zkSuite } from '../support/zk-suite.js';
import { uniquePath } from '../support/zk.js';

class TestReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

type Point = { value: unknown; attributes: Record<string, unknown> };
function points(rm: ResourceMetrics, name: string): Point[] {
  return rm.scopeMetrics.flatMap((s) => s.metrics).filter((m) => m.descriptor.name === name).flatMap((m) => m.dataPoints as Point[]);
}

describe('recipe metrics', () => {
  const suite = zkSuite();

  test('locks, leadership, registrations, config reloads and watch events are recorded with low-cardinality attributes', async () => {
    const reader = new TestReader();
    const meterProvider = new MeterProvider({ readers: [reader] });
    const client = new ZkClient({ connect: suite.server.connectString, meterProvider });
    await client.connect();
    try {
      const base = uniquePath('metrics');
      const lease = await new Mutex(client, `${base}/lock`).acquire({ timeoutMs: 5000 });
      await lease.release();
      const again = await new Mutex(client, `${base}/lock`).tryAcquire();
      assert.ok(again);
      await again.release();
      const latch = new LeaderLatch(client, `${base}/leader`, { participantId: 'm' });
      await latch.start();
      await latch.awaitLeadership({ timeoutMs: 5000 });
      const config = new ConfigWatcher<{ a: number }>(client, `${base}/config`, { defaultValue: { a: 0 } });
      await config.start();
      const changed = new Promise((r) => config.once('change', r));
      await client.create(`${base}/config`, '{"a":1}');
      await changed;
      const discovery = new ServiceDiscovery(client, { basePath: `${base}/services` });
      await discovery.start();
      await discovery.register({ name: 'svc', id: 'one', address: '127.0.0.1', port: 1 });

      const { resourceMetrics: rm } = await reader.collect();
      const waits = points(rm, 'zookeeper.lock.wait.duration');
      assert.ok(waits.some((p) => p.attributes['zookeeper.recipe'] === 'mutex' && p.attributes['zookeeper.outcome'] === 'acquired'), JSON.stringify(waits));
      assert.ok(points(rm, 'zookeeper.lock.hold.duration').some((p) => p.attributes['zookeeper.recipe'] === 'mutex'));
      assert.ok(points(rm, 'zookeeper.lock.acquisitions').some((p) => (p.value as number) >= 2));
      assert.equal(points(rm, 'zookeeper.leader.leadership')[0]?.value, 1);
      assert.ok(points(rm, 'zookeeper.leader.changes').some((p) => p.attributes['zookeeper.leader.event'] === 'elected'));
      assert.equal(points(rm, 'zookeeper.discovery.registered_instances')[0]?.value, 1);
      assert.ok(points(rm, 'zookeeper.config.reloads').some((p) => p.attributes['zookeeper.outcome'] === 'valid'));
      assert.ok(points(rm, 'zookeeper.client.watch_events').length > 0);
      for (const name of ['zookeeper.lock.wait.duration', 'zookeeper.lock.acquisitions', 'zookeeper.config.reloads']) {
        for (const p of points(rm, name)) {
          assert.ok(!Object.keys(p.attributes).some((k) => k.includes('path') || k.includes('session')), `${name} has a high-cardinality attribute`);
        }
      }
      await discovery.close();
      await config.close();
      await latch.close();
      const after = await reader.collect();
      assert.equal(points(after.resourceMetrics, 'zookeeper.leader.leadership')[0]?.value, 0);
      assert.equal(points(after.resourceMetrics, 'zookeeper.discovery.registered_instances')[0]?.value, 0);
    } finally {
      await client.close();
      await meterProvider.shutdown();
    }
  });
});
