import type { DriverArgs } from '../common/driver-protocol.js';
import { measureLookups } from '../common/lookup-rates.js';
import { nowMs, round } from '../common/latencies.js';
import type { WorkloadOutcome } from '../common/run-driver.js';
import { closeAll, runRoot } from './lock-workloads.js';
import { RawLock } from './raw-lock.js';
import { connectRaw, mkdirs, ZK, type RawZk } from './raw-zk.js';

/** curator-x-discovery's JSON for one instance, as the other drivers write it. */
function instanceJson(name: string, i: number): string {
  return JSON.stringify({
    name, id: `i-${i}`, address: `10.0.${i >> 8}.${i & 255}`, port: 8080, sslPort: null, payload: null,
    registrationTimeUTC: Date.now(), serviceType: 'DYNAMIC',
    uriSpec: { parts: [{ value: 'scheme', variable: true }, { value: '://', variable: false }, { value: 'address', variable: true }, { value: ':', variable: false }, { value: 'port', variable: true }] },
    enabled: true,
  });
}

async function registerMany(zk: RawZk, servicePath: string, count: number, parallel: number): Promise<void> {
  await mkdirs(zk, servicePath);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(parallel, count) }, async () => {
    while (next < count) {
      const i = next++;
      await zk.create(`${servicePath}/i-${i}`, instanceJson('svc', i), ZK.EPHEMERAL);
    }
  }));
}

/** List + read every instance (reads pipelined), parsed. */
async function lookup(zk: RawZk, servicePath: string): Promise<unknown[]> {
  const children = await zk.get_children(servicePath, false);
  const datas = await Promise.all(children.map((c) => zk.get(`${servicePath}/${c}`, false)));
  return datas.map(([, data]) => JSON.parse(data.toString()) as unknown);
}

/** A cache by hand: the parsed instances in an array, reloaded on a children watch; round-robin picks. */
class RawInstanceCache {
  instances: unknown[] = [];
  private next = 0;

  constructor(private readonly zk: RawZk, private readonly servicePath: string) {}

  async load(): Promise<void> {
    const children = await this.zk.w_get_children(this.servicePath, () => { void this.load().catch(() => undefined); });
    const datas = await Promise.all(children.map((c) => this.zk.get(`${this.servicePath}/${c}`, false)));
    this.instances = datas.map(([, data]) => JSON.parse(data.toString()) as unknown);
  }

  pick(): unknown {
    return this.instances[this.next++ % this.instances.length];
  }
}

/** As zk-recipes' discovery: 100 instances; n/10 uncached lookups, 100 × n cached picks. */
export async function discovery(args: DriverArgs): Promise<WorkloadOutcome> {
  const registrar = await connectRaw(args.connect);
  const reader = await connectRaw(args.connect);
  try {
    const servicePath = `${runRoot('discovery')}/svc`;
    await registerMany(registrar, servicePath, 100, 20);
    const cache = new RawInstanceCache(reader, servicePath);
    return await measureLookups(args.connect, args.n, {
      uncached: async () => (await lookup(reader, servicePath)).length,
      startCache: () => cache.load(),
      pick: () => cache.pick(),
    });
  } finally {
    closeAll([registrar, reader]);
  }
}

/** As zk-recipes' scale, with RawLock and the hand-written cache. */
export async function scale(args: DriverArgs): Promise<WorkloadOutcome> {
  const zk = await connectRaw(args.connect);
  const reader = await connectRaw(args.connect);
  const root = runRoot('scale');
  const notes: string[] = [];
  try {
    const path = `${root}/lock`;
    await mkdirs(zk, path);
    const holder = new RawLock(zk, path);
    await holder.acquire();
    const order: number[] = [];
    let errors = 0;
    let started = nowMs();
    const waiters = Array.from({ length: args.n }, async () => {
      try {
        const lock = new RawLock(zk, path);
        const node = await lock.acquire();
        order.push(Number(node.slice(-10)));
        await lock.release();
      } catch {
        errors++;
      }
    });
    while ((await zk.get_children(path, false)).length < args.n + 1) await new Promise((r) => setTimeout(r, 50));
    const queuedMs = nowMs() - started;
    started = nowMs();
    await holder.release();
    await Promise.all(waiters);
    const drainMs = nowMs() - started;
    const outOfOrder = order.filter((seq, i) => i > 0 && seq < order[i - 1]).length;

    const instances = 10 * args.n;
    const servicePath = `${root}/services/svc`;
    started = nowMs();
    await registerMany(zk, servicePath, instances, 200);
    const registerMs = nowMs() - started;
    const gc = (globalThis as { gc?: () => void }).gc;
    if (!gc) notes.push('no --expose-gc: heap figures include garbage');
    const heap = (): number => { gc?.(); gc?.(); return process.memoryUsage().heapUsed; };
    const before = heap();
    started = nowMs();
    const cache = new RawInstanceCache(reader, servicePath);
    await cache.load();
    const loadMs = nowMs() - started;
    const bytesPerInstance = (heap() - before) / instances;
    if (cache.instances.length !== instances) throw new Error(`cache holds ${cache.instances.length} of ${instances}`);
    return {
      metrics: {
        waiters: args.n, acquired: order.length, errors, out_of_order: outOfOrder,
        queue_ms: round(queuedMs), drain_ms: round(drainMs),
        instances, register_ms: round(registerMs), cache_load_ms: round(loadMs), bytes_per_instance: Math.round(bytesPerInstance),
      },
      notes,
    };
  } finally {
    closeAll([zk, reader]);
  }
}
