import { Mutex, ServiceDiscovery, type ZkClient } from 'zk-recipes';
import type { DriverArgs } from '../common/driver-protocol.js';
import { measureLookups } from '../common/lookup-rates.js';
import { nowMs, round } from '../common/latencies.js';
import type { WorkloadOutcome } from '../common/run-driver.js';
import { closeAll, connectClient, runRoot, until } from './sessions.js';

/** Registers `count` instances of `name`, `parallel` registrations in flight. */
async function registerMany(discovery: ServiceDiscovery, name: string, count: number, parallel: number): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(parallel, count) }, async () => {
    while (next < count) {
      const i = next++;
      await discovery.register({ name, id: `i-${i}`, address: `10.0.${i >> 8}.${i & 255}`, port: 8080, uriSpec: '{scheme}://{address}:{port}' });
    }
  }));
}

/**
 * 100 instances of one service (one registering session); a second session
 * looks them up: `n / 10` uncached lookups (list + read every instance,
 * `queryForInstances`) and `100 × n` picks from a started round-robin provider.
 */
export async function discovery(args: DriverArgs): Promise<WorkloadOutcome> {
  const registrar = await connectClient(args.connect);
  const reader = await connectClient(args.connect);
  const basePath = runRoot('discovery');
  const owner = new ServiceDiscovery(registrar, { basePath });
  const lookups = new ServiceDiscovery(reader, { basePath });
  try {
    await owner.start();
    await lookups.start();
    await registerMany(owner, 'svc', 100, 20);
    const provider = lookups.provider('svc', { strategy: 'round-robin' });
    return await measureLookups(args.connect, args.n, {
      uncached: async () => (await lookups.queryForInstances('svc')).length,
      startCache: async () => {
        await provider.start();
        await until(() => provider.getAllInstances().length === 100);
      },
      pick: () => provider.getInstance(),
    });
  } finally {
    await lookups.close();
    await owner.close();
    await closeAll([registrar, reader]);
  }
}

/**
 * Scale: (1) `n` Mutex objects on one session all wait for one lock; each
 * releases as soon as it holds; every one must acquire, in queue order. (2)
 * `10 × n` instances registered; a provider on another session caches them:
 * heap bytes per cached instance (after forced GCs, needs --expose-gc).
 */
export async function scale(args: DriverArgs): Promise<WorkloadOutcome> {
  const client = await connectClient(args.connect);
  const reader = await connectClient(args.connect);
  const root = runRoot('scale');
  const notes: string[] = [];
  try {
    const path = `${root}/lock`;
    const order: number[] = [];
    let errors = 0;
    const holder = await new Mutex(client, path).acquire();
    let started = nowMs();
    const waiters = Array.from({ length: args.n }, async () => {
      try {
        const lease = await new Mutex(client, path).acquire({ timeoutMs: 300_000 });
        order.push(Number(lease.node.slice(-10)));
        await lease.release();
      } catch {
        errors++;
      }
    });
    await until(async () => (await client.getChildren(path)).children.length === args.n + 1, 120_000, 50);
    const queuedMs = nowMs() - started;
    started = nowMs();
    await holder.release();
    await Promise.all(waiters);
    const drainMs = nowMs() - started;
    const outOfOrder = order.filter((seq, i) => i > 0 && seq < order[i - 1]).length;

    const instances = 10 * args.n;
    const owner = new ServiceDiscovery(client, { basePath: `${root}/services` });
    await owner.start();
    started = nowMs();
    await registerMany(owner, 'svc', instances, 200);
    const registerMs = nowMs() - started;
    const gc = (globalThis as { gc?: () => void }).gc;
    if (!gc) notes.push('no --expose-gc: heap figures include garbage');
    const heap = (): number => { gc?.(); gc?.(); return process.memoryUsage().heapUsed; };
    const lookups = new ServiceDiscovery(reader, { basePath: `${root}/services` });
    await lookups.start();
    const before = heap();
    started = nowMs();
    const provider = lookups.provider('svc');
    await provider.start();
    await until(() => provider.getAllInstances().length === instances, 300_000, 50);
    const loadMs = nowMs() - started;
    const bytesPerInstance = (heap() - before) / instances;
    await lookups.close();
    await owner.close();
    return {
      metrics: {
        waiters: args.n, acquired: order.length, errors, out_of_order: outOfOrder,
        queue_ms: round(queuedMs), drain_ms: round(drainMs),
        instances, register_ms: round(registerMs), cache_load_ms: round(loadMs), bytes_per_instance: Math.round(bytesPerInstance),
      },
      notes,
    };
  } finally {
    await closeAll([client, reader] as ZkClient[]);
  }
}
