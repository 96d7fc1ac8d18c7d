import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  ClosedError, LeaderElection, NotLeaderError, ZkError, type LeaderElectionOptions, type Leadership, type ZkClient,
} from '../../src/index.js';
import { expireSession, FaultProxy, type TestingServer } from '../../src/testing/index.js';
import { connectClient, eventually, startServer, uniquePath } from '../support/zk.js';
import { childrenOf, LOCK_NODE, pause } from '../locks/support.js';
import { next, TransitionLog } from './support.js';

/** Resolves when `signal` aborts, with its reason. */
function aborted(signal: AbortSignal): Promise<unknown> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve(signal.reason);
    else signal.addEventListener('abort', () => resolve(signal.reason), { once: true });
  });
}

describe('LeaderElection', () => {
  let server: TestingServer;
  const closeables: { close(): Promise<void> }[] = [];
  const connect = async (connectString = server.connectString): Promise<ZkClient> => {
    const c = await connectClient(connectString);
    closeables.push(c);
    return c;
  };
  const election = (client: ZkClient, path: string, options: LeaderElectionOptions): LeaderElection => {
    const e = new LeaderElection(client, path, options);
    closeables.push(e);
    return e;
  };
  let a: ZkClient;
  let b: ZkClient;

  before(async () => {
    server = await startServer();
    a = await connect();
    b = await connect();
  });
  after(async () => {
    for (const c of closeables.reverse()) await c.close();
    await server.close();
  });

  test("uses Curator's LeaderSelector layout (_c_<uuid>-lock-<seq>, the id as data) and runs lead only while leader", async () => {
    const path = uniquePath('layout');
    let release!: () => void;
    const leading = new Promise<Leadership>((resolve) => {
      election(a, path, {
        participantId: 'sel-A',
        lead: async (signal, leadership) => { resolve(leadership); await new Promise<void>((r) => { release = r; signal.addEventListener('abort', () => r()); }); },
      }).start();
    });
    const leadership = await leading;
    const follower = election(b, path, { participantId: 'sel-B', lead: () => assert.fail('the follower must not lead') });
    follower.start();
    await eventually(async () => (await childrenOf(a, path)).length === 2);
    for (const name of await childrenOf(a, path)) assert.match(name, LOCK_NODE);
    const { data, stat } = await a.getData(leadership.node);
    assert.equal(data.toString(), 'sel-A');
    assert.equal(leadership.epoch, stat.czxid);
    assert.deepEqual((await follower.getParticipants()).map((p) => [p.id, p.isLeader]), [['sel-A', true], ['sel-B', false]]);
    assert.equal(follower.hasLeadership, false);
    await follower.close();
    release();
    await eventually(async () => (await childrenOf(a, path)).length === 0);
  });

  test('autoRequeue: participants take turns, one lead at a time, each re-entering', async () => {
    const path = uniquePath('turns');
    const runs: { who: string; start: number; end: number; epoch: bigint }[] = [];
    let running = 0;
    let maxRunning = 0;
    const group = ['x', 'y', 'z'].map((who, i) => election(i === 1 ? b : a, path, {
      participantId: who,
      autoRequeue: true,
      lead: async (_signal, leadership) => {
        running++;
        maxRunning = Math.max(maxRunning, running);
        const start = performance.now();
        await pause(10);
        running--;
        runs.push({ who, start, end: performance.now(), epoch: leadership.epoch });
      },
    }));
    for (const e of group) e.start();
    await eventually(() => ['x', 'y', 'z'].every((who) => runs.filter((r) => r.who === who).length >= 2), 20_000);
    await Promise.all(group.map((e) => e.close()));
    assert.equal(maxRunning, 1);
    for (let i = 1; i < runs.length; i++) {
      assert.ok(runs[i].start >= runs[i - 1].end, 'terms do not overlap');
      assert.ok(runs[i].epoch > runs[i - 1].epoch, 'every term has a larger epoch');
    }
    assert.deepEqual(await childrenOf(a, path), []);
  });

  test("lead's signal aborts when the connection is cut; the next participant leads only after", async () => {
    const path = uniquePath('cut');
    const faults = await FaultProxy.start({ target: server.connectString });
    closeables.push(faults);
    const cutClient = await connect(faults.connectString);
    const log = new TransitionLog();
    let signalOfLeader: AbortSignal | undefined;
    let returnedAt = 0;
    const leader = log.add('leader', election(cutClient, path, {
      participantId: 'leader',
      lead: async (signal) => { signalOfLeader = signal; await aborted(signal); await pause(50); returnedAt = performance.now(); },
    }));
    leader.start();
    await leader.awaitLeadership({ timeoutMs: 10_000 });
    const follower = log.add('follower', election(b, path, { participantId: 'follower', lead: () => pause(5) }));
    follower.start();
    await eventually(async () => (await childrenOf(b, path)).length === 2);
    const followerLed = next(follower, 'isLeader');
    faults.cut();
    const reason = await aborted(signalOfLeader!);
    assert.ok(reason instanceof NotLeaderError);
    assert.equal(reason.lossCause, 'suspended');
    assert.equal(leader.hasLeadership, false);
    faults.restore();
    const followerAt = await followerLed;
    assert.ok(returnedAt > 0 && returnedAt < followerAt, 'the old lead returned before the next leader started');
    assert.equal(cutClient.state, 'connected');
  });

  test('a lead that throws releases leadership; without autoRequeue the participant waits for requeue()', async () => {
    const path = uniquePath('throws');
    let attempts = 0;
    const thrower = election(a, path, {
      participantId: 'thrower',
      lead: () => { attempts++; throw new Error('job failed'); },
    });
    assert.throws(() => thrower.requeue(), (e: unknown) => e instanceof ZkError && e.code === 'INVALID_ARGUMENT');
    thrower.start();
    await eventually(() => attempts === 1 && !thrower.isQueued);
    assert.deepEqual(await childrenOf(a, path), [], 'released after the throw');
    const patient = election(b, path, { participantId: 'patient', lead: (signal) => aborted(signal).then(() => undefined) });
    patient.start();
    await patient.awaitLeadership({ timeoutMs: 10_000 });
    assert.equal(thrower.requeue(), true);
    assert.equal(thrower.requeue(), false, 'already queued');
    await eventually(async () => (await childrenOf(a, path)).length === 2);
    assert.equal(attempts, 1, 'queued behind the leader');
    await patient.close();
    await eventually(() => attempts === 2);
    await thrower.close();
    assert.throws(() => thrower.requeue(), ClosedError);
  });

  test('session expiry aborts lead; the next leader has a larger epoch; autoRequeue joins again on the new session', async () => {
    const path = uniquePath('expiry');
    const own = await connect();
    const terms: Leadership[] = [];
    const first = election(own, path, {
      participantId: 'first', autoRequeue: true,
      lead: async (signal, leadership) => { terms.push(leadership); await aborted(signal); },
    });
    first.start();
    await first.awaitLeadership({ timeoutMs: 10_000 });
    const second = election(b, path, { participantId: 'second', lead: (signal) => aborted(signal).then(() => undefined) });
    second.start();
    await eventually(async () => (await childrenOf(b, path)).length === 2);
    const secondLed = second.awaitLeadership({ timeoutMs: 30_000 });
    await expireSession(own);
    const next = await secondLed;
    assert.ok(['suspended', 'session-lost'].includes(terms[0].lossCause!));
    assert.ok(next.epoch > terms[0].epoch);
    await eventually(async () => (await second.getParticipants()).map((p) => p.id).join() === 'second,first', 20_000);
    await second.close();
    await eventually(() => terms.length === 2);
    assert.ok(terms[1].epoch > next.epoch);
    assert.equal((await a.exists(terms[1].node))?.ephemeralOwner, own.sessionId);
  });

  test('close while leading aborts lead, emits notLeader, and deletes the node once lead returned', async () => {
    const path = uniquePath('close');
    let finished = false;
    const e = election(a, path, {
      participantId: 'closer',
      lead: async (signal) => { await aborted(signal); await pause(100); finished = true; },
    });
    const causes: string[] = [];
    e.on('notLeader', (cause) => causes.push(cause));
    e.start();
    const leadership = await e.awaitLeadership({ timeoutMs: 10_000 });
    await e.close();
    assert.equal(finished, true, 'close waited for lead');
    assert.deepEqual(causes, ['released']);
    assert.equal(leadership.lossCause, 'released');
    assert.equal(await a.exists(leadership.node), null);
    assert.throws(() => e.start(), ClosedError);

    const queuedPath = uniquePath('close-queued');
    const holder = election(a, queuedPath, { lead: (signal) => aborted(signal).then(() => undefined) });
    holder.start();
    await holder.awaitLeadership({ timeoutMs: 10_000 });
    const waiter = election(b, queuedPath, { lead: () => assert.fail('never leads') });
    waiter.start();
    await eventually(async () => (await childrenOf(a, queuedPath)).length === 2);
    await waiter.close();
    assert.equal((await childrenOf(a, queuedPath)).length, 1);
    await holder.close();
  });

  test('rejects bad options before sending anything', () => {
    const path = uniquePath('bad');
    const invalid = (e: unknown): boolean => e instanceof ZkError && e.code === 'INVALID_ARGUMENT';
    assert.throws(() => new LeaderElection(a, path, {} as LeaderElectionOptions), invalid);
    assert.throws(() => new LeaderElection(a, path, { lead: () => undefined, autoRequeue: 'yes' as unknown as boolean }), invalid);
    assert.throws(() => new LeaderElection(a, path, { lead: () => undefined, lossPolicy: 'x' as 'session' }), invalid);
    const e = election(a, path, { lead: () => undefined });
    e.start();
    assert.throws(() => e.start(), invalid);
  });
});
