import { describe, test } from 'node:test';
import { Barrier, DoubleBarrier, LeaderElection, LeaderLatch } from '../../src/index.js';
import { zkSuite } from '../support/zk-suite.js';
import { uniquePath } from '../support/zk.js';
import { abortedSignal, BAD_TIMEOUTS, expectFailure, expectFailureLeavingNothing, type Expected } from './support.js';

describe('leader election and barriers with bad input: typed errors, nothing left', () => {
  const suite = zkSuite();

  test('constructors refuse bad clients, paths, counts and options', async () => {
    const client = await suite.open();
    const lead = (): void => undefined;
    await expectFailure('LeaderLatch without a client', 'INVALID_ARGUMENT', () => new LeaderLatch({} as never, '/e'));
    await expectFailure('LeaderElection without a client', 'INVALID_ARGUMENT', () => new LeaderElection(null as never, '/e', { lead }));
    await expectFailure('Barrier without a client', 'INVALID_ARGUMENT', () => new Barrier('client' as never, '/b'));
    await expectFailure('DoubleBarrier without a client', 'INVALID_ARGUMENT', () => new DoubleBarrier(undefined as never, '/b', { memberCount: 2 }));
    for (const path of ['', 'e', '/', '/e/', '/e//f', null]) {
      await expectFailure(`LeaderLatch path ${JSON.stringify(path)}`, 'INVALID_PATH', () => new LeaderLatch(client, path as string));
      await expectFailure(`LeaderElection path ${JSON.stringify(path)}`, 'INVALID_PATH', () => new LeaderElection(client, path as string, { lead }));
      await expectFailure(`Barrier path ${JSON.stringify(path)}`, 'INVALID_PATH', () => new Barrier(client, path as string));
      await expectFailure(`DoubleBarrier path ${JSON.stringify(path)}`, 'INVALID_PATH', () => new DoubleBarrier(client, path as string, { memberCount: 2 }));
    }
    await expectFailure('LeaderLatch participantId 7', 'INVALID_ARGUMENT', () => new LeaderLatch(client, '/e', { participantId: 7 as never }));
    await expectFailure('LeaderLatch participantId over 1 MB', 'INVALID_ARGUMENT', () => new LeaderLatch(client, '/e', { participantId: 'x'.repeat(1024 * 1024) }));
    await expectFailure('LeaderLatch lossPolicy "never"', 'INVALID_ARGUMENT', () => new LeaderLatch(client, '/e', { lossPolicy: 'never' as never }));
    await expectFailure('LeaderElection without lead', 'INVALID_ARGUMENT', () => new LeaderElection(client, '/e', {} as never));
    await expectFailure('LeaderElection autoRequeue "yes"', 'INVALID_ARGUMENT', () => new LeaderElection(client, '/e', { lead, autoRequeue: 'yes' as never }));
    for (const memberCount of [0, -1, 1.5, Number.NaN, '2', undefined, 2 ** 31]) {
      await expectFailure(`DoubleBarrier memberCount ${String(memberCount)}`, 'INVALID_ARGUMENT', () => new DoubleBarrier(client, '/b', { memberCount: memberCount as number }));
    }
    await expectFailure('DoubleBarrier memberId 5', 'INVALID_ARGUMENT', () => new DoubleBarrier(client, '/b', { memberCount: 2, memberId: 5 as never }));
    await expectFailure('DoubleBarrier without options', 'INVALID_ARGUMENT', () => new DoubleBarrier(client, '/b', undefined as never));
    await expectFailure('Barrier options "x"', 'INVALID_ARGUMENT', () => new Barrier(client, '/b', 'x' as never));
  });

  test('calls with bad timeouts, aborted signals, in the wrong order, or after close leave no node', async () => {
    const client = await suite.open();
    const root = uniquePath('leader-barrier-input');
    await client.create(root, null, { createParents: true });
    // The recipe paths exist beforehand: what must not be left is a participant or
    // member node (a container parent made on the way would be the server's to reclaim).
    for (const name of ['latch', 'db', 'election']) await client.create(`${root}/${name}`);
    const left = (what: string, expected: Expected, call: () => unknown): Promise<void> => expectFailureLeavingNothing(client, root, what, expected, call);
    for (const timeoutMs of BAD_TIMEOUTS) {
      await left(`LeaderLatch.start timeoutMs ${String(timeoutMs)}`, 'INVALID_ARGUMENT', () => new LeaderLatch(client, `${root}/latch`).start({ timeoutMs: timeoutMs as number }));
      await left(`LeaderLatch.awaitLeadership timeoutMs ${String(timeoutMs)}`, 'INVALID_ARGUMENT', () => new LeaderLatch(client, `${root}/latch`).awaitLeadership({ timeoutMs: timeoutMs as number }));
      await left(`DoubleBarrier.enter timeoutMs ${String(timeoutMs)}`, 'INVALID_ARGUMENT', () => new DoubleBarrier(client, `${root}/db`, { memberCount: 2 }).enter({ timeoutMs: timeoutMs as number }));
      await left(`Barrier.wait timeoutMs ${String(timeoutMs)}`, 'INVALID_ARGUMENT', () => new Barrier(client, `${root}/gate`).wait({ timeoutMs: timeoutMs as number }));
    }
    await left('LeaderLatch.start with an aborted signal', 'ABORT', () => new LeaderLatch(client, `${root}/latch`).start({ signal: abortedSignal() }));
    await left('DoubleBarrier.enter with an aborted signal', 'ABORT', () => new DoubleBarrier(client, `${root}/db`, { memberCount: 2 }).enter({ signal: abortedSignal() }));
    await left('DoubleBarrier.enter timing out', 'BARRIER_TIMEOUT', () => new DoubleBarrier(client, `${root}/db`, { memberCount: 2 }).enter({ timeoutMs: 300 }));
    await left('DoubleBarrier.leave before enter', 'INVALID_ARGUMENT', () => new DoubleBarrier(client, `${root}/db`, { memberCount: 1 }).leave());
    await left('DoubleBarrier.enter with signal "stop"', 'INVALID_ARGUMENT', () => new DoubleBarrier(client, `${root}/db`, { memberCount: 1 }).enter({ signal: 'stop' as never }));
    const closedBarrier = new DoubleBarrier(client, `${root}/db`, { memberCount: 1 });
    await closedBarrier.close();
    await left('DoubleBarrier.enter after its close()', 'CLOSED', () => closedBarrier.enter());

    const latch = new LeaderLatch(client, `${root}/latch`);
    await latch.start();
    await left('LeaderLatch.start twice', 'INVALID_ARGUMENT', () => latch.start());
    await left('LeaderLatch.close({ notify: "yes" })', 'INVALID_ARGUMENT', () => latch.close({ notify: 'yes' as never }));
    await latch.close();
    await left('LeaderLatch.start after close', 'CLOSED', () => latch.start());
    const election = new LeaderElection(client, `${root}/election`, { lead: () => undefined });
    await left('LeaderElection.requeue before start', 'INVALID_ARGUMENT', () => election.requeue());
    await election.close();
    await left('LeaderElection.start after close', 'CLOSED', () => election.start());

    const gate = new Barrier(client, `${root}/gate`);
    await gate.set();
    await expectFailure('Barrier.wait with an aborted signal', 'ABORT', () => gate.wait({ signal: abortedSignal() }));
    await expectFailure('Barrier.wait timing out', 'BARRIER_TIMEOUT', () => gate.wait({ timeoutMs: 200 }));
    await gate.remove();

    const other = await suite.open();
    const orphanLatch = new LeaderLatch(other, `${root}/latch`);
    const orphanBarrier = new DoubleBarrier(other, `${root}/db`, { memberCount: 2 });
    const orphanGate = new Barrier(other, `${root}/gate2`);
    await other.close();
    await left('LeaderLatch.start on a closed client', 'CLOSED', () => orphanLatch.start({ timeoutMs: 2_000 }));
    await left('DoubleBarrier.enter on a closed client', 'CLOSED', () => orphanBarrier.enter({ timeoutMs: 2_000 }));
    await left('Barrier.set on a closed client', 'CLOSED', () => orphanGate.set());
  });
});
