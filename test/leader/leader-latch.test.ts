import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import {
  ClosedError, LeaderAttr, LeaderLatch, NotLeaderError, TimeoutError, ZkClient, ZkError, digestAcl, Perms,
  type LeadershipChange,
} from '../../src/index.js';
import type { TestingServer } from '../../src/testing/index.js';
import { connectClient, eventually, startServer, uniquePath } from '../support/zk.js';
import { childrenOf, WatchCounter } from '../locks/support.js';
import { LATCH_NODE, next } from './support.js';

describe('LeaderLatch', () => {
  let server: TestingServer;
  const clients: ZkClient[] = [];
  const latches: LeaderLatch[] = [];
  const connect = async (options: ConstructorParameters<typeof ZkClient>[0] | object = {}): Promise<ZkClient> => {
    const c = await connectClient(server.connectString, options);
    clients.push(c);
    return c;
  };
  const latch = (client: ZkClient, path: string, participantId?: string): LeaderLatch => {
    const l = new LeaderLatch(client, path, participantId === undefined ? {} : { participantId });
    latches.push(l);
    return l;
  };
  let a: ZkClient;
  let b: ZkClient;

  before(async () => {
    server = await startServer();
    a = await connect();
    b = await connect();
  });
  after(async () => {
    await Promise.all(latches.map((l) => l.close()));
    await Promise.all(clients.map((c) => c.close()));
    await server.close();
  });

  test("writes Curator's layout: _c_<uuid>-latch-<seq>, the id as data, empty data without an id", async () => {
    const path = uniquePath('layout');
    const first = latch(a, path, 'node-é1');
    await first.start();
    assert.equal(first.hasLeadership, true);
    const anonymous = latch(b, path);
    await anonymous.start();
    assert.equal(anonymous.hasLeadership, false);
    const names = await childrenOf(a, path);
    assert.equal(names.length, 2);
    for (const name of names) assert.match(name, LATCH_NODE);
    const { data, stat } = await a.getData(first.node!);
    assert.equal(data.toString('utf8'), 'node-é1');
    assert.equal(stat.ephemeralOwner, a.sessionId);
    assert.equal(first.leadership!.epoch, stat.czxid);
    assert.equal((await a.getData(anonymous.node!)).data.length, 0);
    assert.equal((await a.exists(path))?.ephemeralOwner, '0');
    assert.deepEqual(await first.getLeader(), { id: 'node-é1', isLeader: true, node: first.node });
    assert.deepEqual((await anonymous.getParticipants()).map((p) => [p.id, p.isLeader]), [['node-é1', true], ['', false]]);
    await first.close();
    await anonymous.close();
    assert.deepEqual(await childrenOf(a, path), []);
    assert.deepEqual(await anonymous.getLeader(), { id: '', isLeader: false });
  });

  test('the lowest node leads, each follower watches only its predecessor, hand-over follows the queue', async () => {
    const path = uniquePath('queue');
    const extra = await Promise.all([connect(), connect()]);
    const all = [a, b, ...extra];
    const counters = all.map((c) => new WatchCounter(c));
    const group = all.map((c, i) => latch(c, path, `p${i}`));
    for (const l of group) await l.start();
    assert.deepEqual(group.map((l) => l.hasLeadership), [true, false, false, false]);
    assert.deepEqual((await group[3].getParticipants()).map((p) => p.id), ['p0', 'p1', 'p2', 'p3']);
    const before = counters.map((c, i) => c.othersThan(group[i].node!).length);
    const elected = next(group[1], 'isLeader');
    await group[0].close();
    await elected;
    const after = counters.map((c, i) => c.othersThan(group[i].node!).length - before[i]);
    assert.deepEqual(after.slice(1), [1, 0, 0], 'only the successor heard of the leader leaving');
    assert.deepEqual(group.map((l) => l.hasLeadership), [false, true, false, false]);
    assert.equal((await group[2].getLeader()).id, 'p1');
    // A follower leaving does not change the leader; its successor moves up to watch the leader.
    await group[2].close();
    const newLeader = next(group[3], 'isLeader');
    await group[1].close();
    await newLeader;
    assert.equal(group[3].hasLeadership, true);
    await group[3].close();
  });

  test('each new leader has a larger epoch', async () => {
    const path = uniquePath('epoch');
    const epochs: bigint[] = [];
    for (let i = 0; i < 3; i++) {
      const l = latch(i % 2 ? a : b, path, `e${i}`);
      await l.start();
      epochs.push((await l.awaitLeadership({ timeoutMs: 10_000 })).epoch);
      await l.close();
    }
    assert.ok(epochs[0] < epochs[1] && epochs[1] < epochs[2], epochs.join(' < '));
  });

  test('close is silent by default, notifies with { notify: true }; leadership.lost aborts in both cases', async () => {
    const path = uniquePath('close');
    const silent = latch(a, path, 'silent');
    const heard: string[] = [];
    silent.on('notLeader', () => heard.push('silent'));
    await silent.start();
    const silentTerm = silent.leadership!;
    await silent.close();
    assert.equal(heard.length, 0);
    assert.equal(silentTerm.lost.aborted, true);
    assert.ok(silentTerm.lost.reason instanceof NotLeaderError);
    assert.equal(silentTerm.lossCause, 'released');
    assert.equal(silent.hasLeadership, false);
    assert.equal(silent.state, 'closed');

    const noisy = latch(a, path, 'noisy');
    noisy.on('notLeader', (cause) => heard.push(`noisy:${cause}`));
    await noisy.start();
    assert.equal(noisy.hasLeadership, true);
    const closing = noisy.close({ notify: true });
    assert.equal(noisy.close(), closing, 'close is idempotent');
    await closing;
    assert.deepEqual(heard, ['noisy:released']);
    await assert.rejects(noisy.start(), ClosedError);
  });

  test('changes() yields every transition in order and ends on close', async () => {
    const path = uniquePath('changes');
    const first = latch(a, path, 'one');
    const second = latch(b, path, 'two');
    const seen: string[] = [];
    const iterated = (async () => {
      for await (const change of second.changes()) seen.push(label(change));
    })();
    await first.start();
    await second.start();
    const elected = next(second, 'isLeader');
    await first.close();
    await elected;
    await second.close({ notify: true });
    await iterated;
    assert.deepEqual(seen, ['leader', 'not leader: released']);
    assert.deepEqual(await collect(second.changes()), [], 'a closed latch yields nothing');
  });

  test('awaitLeadership: at once when leader, TimeoutError, abort, ClosedError', async () => {
    const path = uniquePath('await');
    const leader = latch(a, path, 'leader');
    const waiting = leader.awaitLeadership({ timeoutMs: 20_000 }); // before start: allowed
    await leader.start();
    assert.equal((await waiting).participantId, 'leader');
    assert.equal(await leader.awaitLeadership(), leader.leadership);
    const follower = latch(b, path, 'follower');
    await follower.start();
    await assert.rejects(follower.awaitLeadership({ timeoutMs: 200 }), (e: unknown) => e instanceof TimeoutError && e.code === 'TIMEOUT');
    const controller = new AbortController();
    const aborted = follower.awaitLeadership({ signal: controller.signal });
    controller.abort();
    await assert.rejects(aborted, { name: 'AbortError' });
    const closed = assert.rejects(follower.awaitLeadership(), ClosedError);
    await follower.close();
    await closed;
    await leader.close();
  });

  test('a node deleted by someone else ends leadership, and the latch queues a new node', async () => {
    const path = uniquePath('deleted');
    const l = latch(a, path, 'solo');
    await l.start();
    const term = l.leadership!;
    const reelected = next(l, 'isLeader');
    await b.delete(term.node);
    await reelected;
    assert.equal(term.lossCause, 'deleted');
    assert.notEqual(l.leadership!.node, term.node);
    assert.ok(l.leadership!.epoch > term.epoch);
    await l.close();
    assert.deepEqual(await childrenOf(a, path), []);
  });

  test('rejects bad arguments before sending anything', () => {
    const path = uniquePath('bad');
    const invalid = (e: unknown): boolean => e instanceof ZkError && (e.code === 'INVALID_ARGUMENT' || e.code === 'INVALID_PATH');
    assert.throws(() => new LeaderLatch({} as ZkClient, path), invalid);
    assert.throws(() => new LeaderLatch(a, 'no-slash'), invalid);
    assert.throws(() => new LeaderLatch(a, '/'), invalid);
    assert.throws(() => new LeaderLatch(a, path, { participantId: 7 as unknown as string }), invalid);
    assert.throws(() => new LeaderLatch(a, path, { lossPolicy: 'never' as 'session' }), invalid);
    assert.throws(() => new LeaderLatch(a, path, { participantId: 'x'.repeat(2_000_000) }), invalid);
  });

  test('start twice throws; a start that cannot queue (no permission) closes the latch and leaves nothing', async () => {
    const path = uniquePath('start');
    const l = latch(a, path, 'twice');
    await l.start();
    await assert.rejects(l.start(), (e: unknown) => e instanceof ZkError && e.code === 'INVALID_ARGUMENT');
    await l.close();

    const locked = uniquePath('locked');
    await a.create(locked, null, { createParents: true, acl: [digestAcl('owner', 'secret', Perms.ALL), { scheme: 'world', id: 'anyone', perms: Perms.READ }] });
    const denied = latch(b, locked, 'denied');
    await assert.rejects(denied.start({ timeoutMs: 10_000 }), (e: unknown) => e instanceof ZkError && e.code === 'NO_AUTH');
    assert.equal(denied.state, 'closed');
    assert.deepEqual(await childrenOf(a, locked), []);
  });

  test('start respects its timeout', async () => {
    const path = uniquePath('timeout');
    const stuck = new ZkClient({ connect: '127.0.0.1:1', sessionTimeoutMs: 6000, connectTimeoutMs: 60_000 });
    clients.push(stuck);
    const l = latch(stuck, path, 'stuck');
    await assert.rejects(l.start({ timeoutMs: 300 }), TimeoutError);
    assert.equal(l.state, 'closed');
  });

  test('spans: zk.leader.start, and zk.leader.elected / zk.leader.lost with span events', async () => {
    const exporter = new InMemorySpanExporter();
    const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    const traced = await connect({ tracerProvider });
    const path = uniquePath('spans');
    const l = latch(traced, path, 'traced');
    await l.start();
    const epoch = l.leadership!.epoch.toString();
    await l.close();
    const spans = exporter.getFinishedSpans();
    const start = spans.find((s) => s.name === 'zk.leader.start')!;
    assert.equal(start.attributes[LeaderAttr.PARTICIPANT_ID], 'traced');
    assert.equal(start.attributes[LeaderAttr.IS_LEADER], true);
    const elected = spans.find((s) => s.name === 'zk.leader.elected')!;
    assert.deepEqual(elected.events.map((e) => [e.name, e.attributes?.[LeaderAttr.PARTICIPANT_ID], e.attributes?.[LeaderAttr.EPOCH]]), [['elected', 'traced', epoch]]);
    const lost = spans.find((s) => s.name === 'zk.leader.lost')!;
    assert.deepEqual(lost.events.map((e) => [e.name, e.attributes?.[LeaderAttr.CAUSE]]), [['lost', 'released']]);
  });

  test('closing the client ends the latch', async () => {
    const path = uniquePath('client-close');
    const own = await connect();
    const l = latch(own, path, 'short-lived');
    await l.start();
    const term = l.leadership!;
    await own.close();
    await eventually(() => l.state === 'closed');
    assert.equal(term.lost.aborted, true);
    assert.equal(l.hasLeadership, false);
  });
});

function label(change: LeadershipChange): string {
  return change.isLeader ? 'leader' : `not leader: ${change.cause}`;
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of iterable) out.push(x);
  return out;
}
