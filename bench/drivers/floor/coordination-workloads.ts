import { randomUUID } from 'node:crypto';
import type { DriverArgs } from '../common/driver-protocol.js';
import { nowMs, summarize } from '../common/latencies.js';
import type { WorkloadOutcome } from '../common/run-driver.js';
import { ServerStats } from '../common/server-counters.js';
import { closeAll, runRoot } from './lock-workloads.js';
import { RawLock } from './raw-lock.js';
import { connectRaw, connectRawMany, hasCode, mkdirs, ZK, type RawZk } from './raw-zk.js';

/** Leader election by hand: the lowest node leads (RawLock without release); the leader's session closes. */
export async function leaderFailover(args: DriverArgs): Promise<WorkloadOutcome> {
  const path = `${runRoot('leader')}/latch`;
  const first = await connectRaw(args.connect);
  await mkdirs(first, path);
  type Member = { zk: RawZk; elected: Promise<number> };
  const join = (zk: RawZk): Member => ({ zk, elected: new RawLock(zk, path).acquire().then(() => nowMs(), () => Number.NaN) });
  const members: Member[] = [join(first)];
  for (let i = 1; i < Math.max(2, args.clients); i++) members.push(join(await connectRaw(args.connect)));
  const stats = new ServerStats(args.connect);
  const failovers: number[] = [];
  try {
    await members[0].elected;
    await stats.begin();
    for (let trial = 0; trial < args.n; trial++) {
      const old = members.shift()!; // the leader: members are kept in queue order
      const started = nowMs();
      old.zk.close();
      failovers.push((await members[0].elected) - started);
      members.push(join(await connectRaw(args.connect)));
    }
    const server = await stats.end();
    return { metrics: summarize('', failovers), ops: args.n, server };
  } finally {
    closeAll(members.map((m) => m.zk));
  }
}

/** Keeps a data watch on `path` and reports every value read. */
function watchValue(zk: RawZk, path: string, onValue: (value: string) => void): void {
  const read = (): void => {
    zk.w_get(path, (type) => { if (type === ZK.CHANGED_EVENT) read(); })
      .then(([, data]) => onValue(data.toString()), () => undefined);
  };
  read();
}

/** One writer, `clients` sessions each keeping a getData watch; time until all read the new value. */
export async function configPropagation(args: DriverArgs): Promise<WorkloadOutcome> {
  const handles = await connectRawMany(args.connect, args.clients + 1);
  const [writer, ...watching] = handles;
  try {
    const path = `${runRoot('config')}/value`;
    await mkdirs(writer, path);
    await writer.set(path, '0', -1);
    let listener: ((value: string) => void) | undefined;
    for (const zk of watching) watchValue(zk, path, (value) => listener?.(value));
    await new Promise((r) => setTimeout(r, 200)); // the first reads are in
    const stats = new ServerStats(args.connect);
    await stats.begin();
    const trials: number[] = [];
    for (let trial = 1; trial <= args.n; trial++) {
      let pending = watching.length;
      const done = new Promise<number>((resolve) => {
        listener = (value) => { if (value === String(trial) && --pending === 0) resolve(nowMs()); };
      });
      const started = nowMs();
      await writer.set(path, String(trial), -1);
      trials.push((await done) - started);
    }
    const server = await stats.end();
    return { metrics: summarize('', trials), ops: args.n, server };
  } finally {
    closeAll(handles);
  }
}

async function createIgnoringExists(zk: RawZk, path: string, flags: number): Promise<void> {
  try {
    await zk.create(path, '', flags);
  } catch (e) {
    if (!hasCode(e, -110)) throw e;
  }
}

/** A double barrier by hand: enter = watch ready, create our node, count; leave = delete ours, wait until none is left. */
async function enterAndLeave(zk: RawZk, path: string, members: number): Promise<void> {
  const ready = `${path}/ready`;
  const readyCreated = new Promise<void>((resolve) => {
    zk.w_exists(ready, () => resolve()).then((stat) => { if (stat) resolve(); }, () => undefined);
  });
  await createIgnoringExists(zk, path, ZK.PERSISTENT);
  const own = `${path}/${randomUUID()}`;
  await zk.create(own, '', ZK.EPHEMERAL);
  const count = (await zk.get_children(path, false)).filter((c) => c !== 'ready').length;
  if (count >= members) await createIgnoringExists(zk, ready, ZK.PERSISTENT);
  await readyCreated;
  await zk.delete_(own, -1);
  for (;;) {
    let wake: () => void = () => undefined;
    const changed = new Promise<void>((resolve) => { wake = resolve; });
    const left = (await zk.w_get_children(path, () => wake())).filter((c) => c !== 'ready');
    if (left.length === 0) return;
    await changed;
  }
}

/** `clients` members (one session each), `n` rounds on a fresh path per round. */
export async function doubleBarrier(args: DriverArgs): Promise<WorkloadOutcome> {
  const handles = await connectRawMany(args.connect, args.clients);
  try {
    const root = runRoot('barrier');
    await mkdirs(handles[0], root);
    const round = async (r: number): Promise<number> => {
      const started = nowMs();
      await Promise.all(handles.map((zk) => enterAndLeave(zk, `${root}/round-${r}`, handles.length)));
      return nowMs() - started;
    };
    await round(0);
    const stats = new ServerStats(args.connect);
    await stats.begin();
    const rounds: number[] = [];
    for (let r = 1; r <= args.n; r++) rounds.push(await round(r));
    const server = await stats.end();
    return { metrics: summarize('round', rounds), ops: args.n, server };
  } finally {
    closeAll(handles);
  }
}
