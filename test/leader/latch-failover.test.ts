import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { LeaderLatch, type ZkClient } from '../../src/index.js';
import { expireSession, FaultProxy, type TestingServer } from '../../src/testing/index.js';
import { connectClient, eventually, startServer, uniquePath, waitForNewSession, waitForState } from '../support/zk.js';
import { LeaderSampler, next, ParticipantProcess, TransitionLog } from './support.js';

describe('LeaderLatch failover', () => {
  let server: TestingServer;
  const closeables: { close(): Promise<void> }[] = [];
  const peers: ParticipantProcess[] = [];
  const connect = async (connectString = server.connectString, sessionTimeoutMs = 6000): Promise<ZkClient> => {
    const c = await connectClient(connectString, { sessionTimeoutMs });
    closeables.push(c);
    return c;
  };
  const latch = (client: ZkClient, path: string, participantId: string, lossPolicy: 'suspended' | 'session' = 'suspended'): LeaderLatch => {
    const l = new LeaderLatch(client, path, { participantId, lossPolicy });
    closeables.push(l);
    return l;
  };
  const proxy = async (): Promise<FaultProxy> => {
    const p = await FaultProxy.start({ target: server.connectString });
    closeables.push(p);
    return p;
  };

  before(async () => {
    server = await startServer();
  });
  after(async () => {
    for (const p of peers) await p.stop();
    for (const c of closeables.reverse()) await c.close();
    await server.close();
  });

  test('5 participants: never two leaders; the leader changes on close, process kill and session expiry, each time with a larger epoch', async () => {
    const path = uniquePath('five');
    const log = new TransitionLog();
    const clients = await Promise.all([connect(), connect(), connect(), connect()]);
    const [l0, l2, l3, l4] = clients.map((c, i) => log.add(`L${[0, 2, 3, 4][i]}`, latch(c, path, `L${[0, 2, 3, 4][i]}`)));
    let procLeader = false;
    let procEpoch = 0n;
    const leaders = (): string[] => [
      ...[l0, l2, l3, l4].filter((l) => l.hasLeadership).map((l) => l.participantId),
      ...(procLeader ? ['P'] : []),
    ];
    const sampler = new LeaderSampler(leaders);
    const exactlyOne = async (id: string): Promise<void> => {
      assert.deepEqual(leaders(), [id]);
      assert.equal((await l4.getLeader()).id, id);
    };
    try {
      await l0.start();
      const proc = ParticipantProcess.start([server.connectString, path, 'P', '2000']);
      peers.push(proc);
      assert.match(await proc.nextLine(), /^READY /);
      for (const l of [l2, l3, l4]) await l.start();
      await exactlyOne('L0');

      // 1. The leader closes: the process's latch takes over.
      await l0.close();
      const [, kind, epoch] = (await proc.nextLine()).split(' ');
      assert.equal(kind, 'isLeader');
      procLeader = true;
      procEpoch = BigInt(epoch);
      await exactlyOne('P');
      assert.ok(procEpoch > log.of('L0')[0].epoch);

      // 2. The leader's process is killed: its session times out, L2 takes over.
      const l2Elected = next(l2, 'isLeader');
      procLeader = false; // a killed process leads nothing
      await proc.stop('SIGKILL');
      await l2Elected;
      await exactlyOne('L2');
      assert.ok(l2.leadership!.epoch > procEpoch);

      // 3. The leader's session expires: L3 takes over, L2 queues again at the back.
      const l2Epoch = l2.leadership!.epoch;
      const l3Elected = next(l3, 'isLeader');
      await expireSession(clients[1]);
      const l3ElectedAt = await l3Elected;
      const l2StepDown = log.of('L2').at(-1)!;
      assert.ok(!l2StepDown.isLeader && l2StepDown.at < l3ElectedAt, 'L2 stepped down before L3 led');
      await exactlyOne('L3');
      assert.ok(l3.leadership!.epoch > l2Epoch);
      assert.ok(['suspended', 'session-lost'].includes(l2StepDown.cause!), String(l2StepDown.cause));
      await eventually(async () => (await l4.getParticipants()).map((p) => p.id).join() === 'L3,L4,L2', 20_000);
      await exactlyOne('L3');
    } finally {
      sampler.stop();
    }
    assert.deepEqual(sampler.overlaps, [], 'never two leaders at one sampled instant');
    assert.equal(sampler.max, 1);
    assert.ok(sampler.samples > 100, `${sampler.samples} samples`);
  });

  test("lossPolicy 'session': a partition shorter than the session timeout keeps leadership", async () => {
    const path = uniquePath('short-partition');
    const faults = await proxy();
    const leaderClient = await connect(faults.connectString, 4000);
    const log = new TransitionLog();
    const leader = log.add('leader', latch(leaderClient, path, 'leader', 'session'));
    const follower = log.add('follower', latch(await connect(), path, 'follower'));
    await leader.start();
    await follower.start();
    const term = leader.leadership!;
    const session = leaderClient.sessionId;
    faults.blackhole();
    await waitForState(leaderClient, 'suspended');
    assert.equal(leader.hasLeadership, true, 'still leader while suspended');
    faults.restore();
    const change = await waitForState(leaderClient, 'connected');
    assert.equal(change.newSession, false);
    assert.equal(leaderClient.sessionId, session);
    assert.equal(leader.leadership, term, 'the same term, never interrupted');
    assert.equal(term.lost.aborted, false);
    assert.deepEqual(log.transitions.map((t) => `${t.who}:${t.isLeader}`), ['leader:true']);
    assert.equal((await follower.getLeader()).id, 'leader');
  });

  test("default lossPolicy: a partition longer than the session timeout ends leadership before anyone else leads", async () => {
    const path = uniquePath('long-partition');
    const faults = await proxy();
    const leaderClient = await connect(faults.connectString, 2000);
    const log = new TransitionLog();
    const leader = log.add('leader', latch(leaderClient, path, 'leader'));
    const follower = log.add('follower', latch(await connect(), path, 'follower'));
    await leader.start();
    await follower.start();
    const oldEpoch = leader.leadership!.epoch;
    const elected = next(follower, 'isLeader');
    faults.blackhole();
    const electedAt = await elected;
    const stepDown = log.of('leader').find((t) => !t.isLeader);
    assert.ok(stepDown, 'the partitioned leader stepped down');
    assert.equal(stepDown.cause, 'suspended');
    assert.ok(stepDown.at < electedAt, `notLeader at ${stepDown.at.toFixed(1)} before the new leader at ${electedAt.toFixed(1)}`);
    assert.ok(follower.leadership!.epoch > oldEpoch);
    faults.restore();
    await waitForNewSession(leaderClient);
    await eventually(async () => (await follower.getParticipants()).map((p) => p.id).join() === 'follower,leader', 20_000);
    assert.equal(leader.hasLeadership, false);
  });

  test('a plain reconnect (same session): leadership ends on suspended and returns on the same node and epoch', async () => {
    const path = uniquePath('reconnect');
    const faults = await proxy();
    const client = await connect(faults.connectString, 6000);
    const log = new TransitionLog();
    const l = log.add('solo', latch(client, path, 'solo'));
    await l.start();
    const term = l.leadership!;
    const back = next(l, 'isLeader');
    faults.cut();
    await waitForState(client, 'suspended');
    assert.equal(l.hasLeadership, false);
    assert.equal(term.lossCause, 'suspended');
    faults.restore();
    await back;
    assert.equal(l.leadership!.node, term.node, 'the same node');
    assert.equal(l.leadership!.epoch, term.epoch, 'the same epoch');
    assert.notEqual(l.leadership, term, 'a new term');
    assert.deepEqual(log.transitions.map((t) => t.isLeader), [true, false, true]);
  });
});
