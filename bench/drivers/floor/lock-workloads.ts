import { randomUUID } from 'node:crypto';
import { contend } from '../common/contend.js';
import type { DriverArgs } from '../common/driver-protocol.js';
import { nowMs, round, summarize } from '../common/latencies.js';
import type { WorkloadOutcome } from '../common/run-driver.js';
import { ServerStats } from '../common/server-counters.js';
import { RawLock } from './raw-lock.js';
import { connectRaw, connectRawMany, mkdirs, type RawZk } from './raw-zk.js';

/** A fresh path for one run. */
export function runRoot(workload: string): string {
  return `/bench/${workload}-floor-${randomUUID().slice(0, 8)}`;
}

export function closeAll(handles: readonly RawZk[]): void {
  for (const zk of handles) zk.close();
}

/** create, getChildren, delete, one after the other: `n` cycles after `n` warm-up cycles. */
export async function lockUncontended(args: DriverArgs): Promise<WorkloadOutcome> {
  const zk = await connectRaw(args.connect);
  try {
    const path = `${runRoot('lock')}/lock`;
    await mkdirs(zk, path);
    const lock = new RawLock(zk, path);
    for (let i = 0; i < args.n; i++) { await lock.acquire(); await lock.release(); } // warm-up: as many as measured
    const stats = new ServerStats(args.connect);
    await stats.begin();
    const cycles: number[] = [];
    const started = nowMs();
    for (let i = 0; i < args.n; i++) {
      const t = nowMs();
      await lock.acquire();
      await lock.release();
      cycles.push(nowMs() - t);
    }
    const elapsed = nowMs() - started;
    const server = await stats.end();
    return { metrics: { rate_per_s: round((args.n * 1000) / elapsed), ...summarize('', cycles) }, ops: args.n, server };
  } finally {
    zk.close();
  }
}

/** As zk-recipes' lock_contended, with {@link RawLock}. */
export async function lockContended(args: DriverArgs): Promise<WorkloadOutcome> {
  const handles = await connectRawMany(args.connect, args.clients);
  try {
    const path = `${runRoot('contended')}/lock`;
    await mkdirs(handles[0], path);
    const locks = handles.map((zk) => new RawLock(zk, path));
    const contenders = locks.map((lock) => async () => { await lock.acquire(); return () => lock.release(); });
    await contend(contenders, Math.max(16, args.n / 4)); // warm-up
    const stats = new ServerStats(args.connect);
    await stats.begin();
    const started = nowMs();
    const { handoffs, violations } = await contend(contenders, args.n);
    const elapsed = nowMs() - started;
    const server = await stats.end();
    return {
      metrics: { throughput_per_s: round((args.n * 1000) / elapsed), ...summarize('handoff', handoffs), violations },
      ops: args.n,
      server,
    };
  } finally {
    closeAll(handles);
  }
}

/** As zk-recipes' herd, with {@link RawLock}: notifications counted on the server and per lock. */
export async function herd(args: DriverArgs): Promise<WorkloadOutcome> {
  const handles = await connectRawMany(args.connect, args.clients + 1);
  try {
    const path = `${runRoot('herd')}/lock`;
    await mkdirs(handles[0], path);
    let delivered = 0;
    const locks = handles.map((zk) => new RawLock(zk, path, () => delivered++));
    await locks[0].acquire();
    const waiters = locks.slice(1).map(async (lock) => { await lock.acquire(); await lock.release(); });
    while ((await handles[0].get_children(path, false)).length < handles.length) await new Promise((r) => setTimeout(r, 20));
    delivered = 0;
    const stats = new ServerStats(args.connect);
    await stats.begin();
    const started = nowMs();
    await locks[0].release();
    await Promise.all(waiters);
    const elapsed = nowMs() - started;
    const server = await stats.end();
    const releases = handles.length;
    return {
      metrics: {
        notifications_per_release: round(server.notifications / releases),
        to_waiters_per_handoff: round(delivered / args.clients),
        to_releaser_per_release: 0,
        chain_ms: round(elapsed),
      },
      ops: releases,
      server,
    };
  } finally {
    closeAll(handles);
  }
}
