import { Mutex, type ZkClient } from 'zk-recipes';
import { contend } from '../common/contend.js';
import type { DriverArgs } from '../common/driver-protocol.js';
import { nowMs, round, summarize } from '../common/latencies.js';
import type { WorkloadOutcome } from '../common/run-driver.js';
import { ServerStats } from '../common/server-counters.js';
import { bypassInstrumentation } from './bypass-instrumentation.js';
import { closeAll, connectClient, connectClients, runRoot } from './sessions.js';

/** One acquire+release; with `watchLoss` the cycle reads `lease.lost` (which arms the watch behind it). */
async function cycle(mutex: Mutex, watchLoss: boolean): Promise<void> {
  const lease = await mutex.acquire();
  if (watchLoss && lease.lost.aborted) throw new Error('lease lost');
  await lease.release();
}

/**
 * 1 session, `n` acquire+release cycles of one Mutex after `n` warm-up
 * cycles; `watchLoss` reads `lease.lost` in every cycle, as work that honours
 * it would.
 */
export async function lockUncontended(args: DriverArgs, watchLoss = false): Promise<WorkloadOutcome> {
  const client = await connectClient(args.connect);
  try {
    const mutex = new Mutex(client, `${runRoot('lock')}/lock`);
    for (let i = 0; i < args.n; i++) await cycle(mutex, watchLoss); // warm-up: as many as measured
    const stats = new ServerStats(args.connect);
    await stats.begin();
    const cycles: number[] = [];
    const started = nowMs();
    for (let i = 0; i < args.n; i++) {
      const t = nowMs();
      await cycle(mutex, watchLoss);
      cycles.push(nowMs() - t);
    }
    const elapsed = nowMs() - started;
    const server = await stats.end();
    return { metrics: { rate_per_s: round((args.n * 1000) / elapsed), ...summarize('', cycles) }, ops: args.n, server };
  } finally {
    await client.close();
  }
}

/**
 * The instrumentation's cost on lock_uncontended, A/B in one process so that
 * load from elsewhere hits both alike: two sessions, one as shipped (no
 * OpenTelemetry SDK, no logger) and one with the instrumentation taken out of
 * the call path; blocks of 50 cycles alternate until each did `n`.
 */
export async function instrumentationOverhead(args: DriverArgs): Promise<WorkloadOutcome> {
  const plain = await connectClient(args.connect);
  const bypassed = await connectClient(args.connect);
  bypassInstrumentation(bypassed);
  try {
    const root = runRoot('instrumentation');
    const sides = [
      { mutex: new Mutex(plain, `${root}/a`), ms: 0 },
      { mutex: new Mutex(bypassed, `${root}/b`), ms: 0 },
    ];
    for (const side of sides) for (let i = 0; i < 50; i++) await cycle(side.mutex, false);
    const block = 50;
    for (let done = 0; done < args.n; done += block) {
      for (const side of done % (2 * block) === 0 ? sides : [...sides].reverse()) {
        const t = nowMs();
        for (let i = 0; i < block; i++) await cycle(side.mutex, false);
        side.ms += nowMs() - t;
      }
    }
    const cycles = Math.ceil(args.n / block) * block;
    const [withIt, without] = sides.map((s) => (cycles * 1000) / s.ms);
    return {
      metrics: {
        rate_instrumented_per_s: round(withIt),
        rate_bypassed_per_s: round(without),
        overhead_pct: round(((without - withIt) / without) * 100),
      },
    };
  } finally {
    await closeAll([plain, bypassed]);
  }
}

/**
 * `clients` sessions, each with its own Mutex on one path, take the lock in
 * turns until `n` acquisitions: throughput, hand-off latency (the holder starts
 * its release → the next holder's acquire resolves), and exclusion violations
 * (two holders at once, seen in this process).
 */
export async function lockContended(args: DriverArgs): Promise<WorkloadOutcome> {
  const clients = await connectClients(args.connect, args.clients);
  try {
    const path = `${runRoot('contended')}/lock`;
    const mutexes = clients.map((c) => new Mutex(c, path));
    const contenders = mutexes.map((mutex) => async () => { const lease = await mutex.acquire({ timeoutMs: 60_000 }); return () => lease.release(); });
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
    await closeAll(clients);
  }
}

/**
 * One holder and `clients` waiting sessions (one Mutex each) on one path; the
 * holder releases and each waiter releases as soon as it holds. Counts watch
 * notifications per release on the server, and on the client which of them
 * went to a waiter (about its predecessor) and which to the releasing session
 * itself (the `lease.lost` watch on its own node).
 */
export async function herd(args: DriverArgs): Promise<WorkloadOutcome> {
  const clients = await connectClients(args.connect, args.clients + 1);
  try {
    const path = `${runRoot('herd')}/lock`;
    const seen = clients.map((c) => countWatchEvents(c));
    const holder = await new Mutex(clients[0], path).acquire();
    const waiters = clients.slice(1).map((c) => new Mutex(c, path).acquire({ timeoutMs: 120_000 }).then((lease) => lease.release()));
    while ((await clients[0].getChildren(path)).children.length < clients.length) await new Promise((r) => setTimeout(r, 20));
    for (const s of seen) s.length = 0;
    const stats = new ServerStats(args.connect);
    await stats.begin();
    const started = nowMs();
    await holder.release();
    await Promise.all(waiters);
    const elapsed = nowMs() - started;
    const server = await stats.end();
    const releases = clients.length;
    const events = seen.flat();
    const own = events.filter((e) => e.own).length;
    return {
      metrics: {
        notifications_per_release: round(server.notifications / releases),
        to_waiters_per_handoff: round((events.length - own) / args.clients),
        to_releaser_per_release: round(own / releases),
        chain_ms: round(elapsed),
      },
      ops: releases,
      server,
    };
  } finally {
    await closeAll(clients);
  }
}

/** Records every getData watch event the client delivers, and whether it was about a node the client created. */
function countWatchEvents(client: ZkClient): { own: boolean }[] {
  const events: { own: boolean }[] = [];
  const created = new Set<string>();
  const create = client.create.bind(client);
  client.create = async (...a: Parameters<ZkClient['create']>) => {
    const path = await create(...a);
    created.add(path);
    return path;
  };
  const getData = client.getData.bind(client);
  client.getData = (path, options = {}) => {
    const watch = options.watch;
    if (!watch) return getData(path, options);
    return getData(path, { ...options, watch: (event) => { if (event.type !== 'sessionLost') events.push({ own: created.has(event.path) }); watch(event); } });
  };
  return events;
}
