import { ConfigWatcher, DoubleBarrier, LeaderLatch, type ZkClient } from 'zk-recipes';
import type { DriverArgs } from '../common/driver-protocol.js';
import { nowMs, summarize } from '../common/latencies.js';
import type { WorkloadOutcome } from '../common/run-driver.js';
import { ServerStats } from '../common/server-counters.js';
import { closeAll, connectClient, connectClients, runRoot, until } from './sessions.js';

/**
 * `clients` LeaderLatch participants (one session each); `n` trials of: the
 * leader's session closes, time until another participant's `isLeader` fires.
 * A new participant joins after each trial, so there are always `clients`.
 */
export async function leaderFailover(args: DriverArgs): Promise<WorkloadOutcome> {
  const path = `${runRoot('leader')}/latch`;
  type Member = { client: ZkClient; latch: LeaderLatch; elected: Promise<number> };
  const join = async (i: number): Promise<Member> => {
    const client = await connectClient(args.connect);
    const latch = new LeaderLatch(client, path, { participantId: `p${i}` });
    const elected = new Promise<number>((resolve) => latch.on('isLeader', () => resolve(nowMs())));
    await latch.start();
    return { client, latch, elected };
  };
  const members: Member[] = [];
  for (let i = 0; i < Math.max(2, args.clients); i++) members.push(await join(i));
  const stats = new ServerStats(args.connect);
  const failovers: number[] = [];
  try {
    await until(() => members.some((m) => m.latch.hasLeadership));
    await stats.begin();
    for (let trial = 0; trial < args.n; trial++) {
      const index = members.findIndex((m) => m.latch.hasLeadership);
      const [old] = members.splice(index, 1);
      const started = nowMs();
      await old.client.close();
      const next = await Promise.race(members.map((m) => m.elected));
      failovers.push(next - started);
      members.push(await join(members.length + trial + 1));
      await until(() => members.some((m) => m.latch.hasLeadership));
    }
    const server = await stats.end();
    return { metrics: summarize('', failovers), ops: args.n, server };
  } finally {
    await closeAll(members.map((m) => m.client));
  }
}

/**
 * One writer and `clients` ConfigWatcher sessions on one node; `n` trials of:
 * the writer sets a new value, time until every watcher has it.
 */
export async function configPropagation(args: DriverArgs): Promise<WorkloadOutcome> {
  const clients = await connectClients(args.connect, args.clients + 1);
  const [writer, ...watching] = clients;
  try {
    const path = `${runRoot('config')}/value`;
    await writer.create(path, '0', { createParents: true });
    const watchers = watching.map((c) => new ConfigWatcher<number>(c, path));
    await Promise.all(watchers.map((w) => w.start()));
    const stats = new ServerStats(args.connect);
    await stats.begin();
    const trials: number[] = [];
    for (let trial = 1; trial <= args.n; trial++) {
      let pending = watchers.length;
      let finished = 0;
      const done = new Promise<void>((resolve) => {
        for (const w of watchers) {
          const onChange = (value: number): void => {
            if (value !== trial) return;
            w.off('change', onChange);
            if (--pending === 0) { finished = nowMs(); resolve(); }
          };
          w.on('change', onChange);
        }
      });
      const started = nowMs();
      await writer.setData(path, String(trial));
      await done;
      trials.push(finished - started);
    }
    const server = await stats.end();
    await Promise.all(watchers.map((w) => w.close()));
    return { metrics: summarize('', trials), ops: args.n, server };
  } finally {
    await closeAll(clients);
  }
}

/**
 * `clients` DoubleBarrier members (one session each), `n` rounds on a fresh
 * barrier path per round: round time = all call enter → the last leave returns.
 */
export async function doubleBarrier(args: DriverArgs): Promise<WorkloadOutcome> {
  const clients = await connectClients(args.connect, args.clients);
  try {
    const root = runRoot('barrier');
    const round = async (r: number): Promise<number> => {
      const started = nowMs();
      await Promise.all(clients.map(async (c) => {
        const barrier = new DoubleBarrier(c, `${root}/round-${r}`, { memberCount: clients.length });
        await barrier.enter({ timeoutMs: 10_000 });
        await barrier.leave({ timeoutMs: 10_000 });
      }));
      return nowMs() - started;
    };
    await round(0); // warm-up
    const stats = new ServerStats(args.connect);
    await stats.begin();
    const rounds: number[] = [];
    for (let r = 1; r <= args.n; r++) rounds.push(await round(r));
    const server = await stats.end();
    return { metrics: summarize('round', rounds), ops: args.n, server };
  } finally {
    await closeAll(clients);
  }
}
