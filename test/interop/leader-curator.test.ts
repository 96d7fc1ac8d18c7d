import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { LeaderElection, LeaderLatch, type LeaderContender, type ZkClient } from '../../src/index.js';
import type { TestingServer } from '../../src/testing/index.js';
import { childrenOf } from '../locks/support.js';
import { next } from '../leader/support.js';
import { connectClient, eventually, startServer, uniquePath } from '../support/zk.js';
import { compileJava, curatorUnavailable, JavaPeer } from './java-peer.js';

const SOURCE = fileURLToPath(new URL('./java/CuratorLeaderPeer.java', import.meta.url));
const unavailable = curatorUnavailable();
/** The Java peer's session timeout: a killed peer's nodes go after this long. */
const PEER_SESSION_MS = 4000;

void describe('leader election interop with Curator 5.4 LeaderLatch / LeaderSelector', { skip: unavailable }, () => {
  let server: TestingServer;
  const clients: ZkClient[] = [];
  const peers: JavaPeer[] = [];
  const contenders: LeaderContender[] = [];

  async function startPeer(): Promise<JavaPeer> {
    const peer = JavaPeer.start(compileJava([SOURCE]), 'CuratorLeaderPeer', [server.connectString, String(PEER_SESSION_MS)]);
    peers.push(peer);
    assert.equal(await peer.nextReply(60_000), 'READY');
    return peer;
  }
  async function ask(peer: JavaPeer, line: string): Promise<string> {
    const reply = await peer.request(line, 30_000);
    assert.match(reply, /^OK/, line);
    return reply.slice(3);
  }
  /** Curator's getLeader() as `isLeader|id`. */
  const curatorLeader = (peer: JavaPeer, slot: string): Promise<string> => ask(peer, `leader ${slot}`);
  const javaHas = async (peer: JavaPeer, slot: string): Promise<boolean> => (await ask(peer, `has ${slot}`)) === 'true';
  const count = (peer: JavaPeer, event: string): number => peer.events.filter((e) => e === event).length;
  /** Our participants in Curator's `getParticipants()` format. */
  const ours = async (c: LeaderContender): Promise<string> => (await c.getParticipants()).map((p) => `${p.id}|${p.isLeader}`).join(',');

  before(async () => {
    server = await startServer();
    clients.push(await connectClient(server.connectString), await connectClient(server.connectString));
  });
  after(async () => {
    for (const peer of peers) {
      await peer.request('quit', 5_000).catch(() => undefined);
      await peer.stop();
    }
    await Promise.all(contenders.map((c) => c.close()));
    await Promise.all(clients.map((c) => c.close()));
    await server?.close();
  });

  test('LeaderLatch: one leader across Java and Node, the same leader named by both, failover both ways', async () => {
    const path = uniquePath('latch');
    const [a, b] = clients;
    const peer = await startPeer();
    await ask(peer, `latch j1 ${path} java-1`);
    await peer.waitForEvent((e) => e === 'isLeader j1');
    const node1 = new LeaderLatch(a, path, { participantId: 'node-1' });
    const node2 = new LeaderLatch(b, path, { participantId: 'node-2' });
    contenders.push(node1, node2);
    await node1.start();
    await ask(peer, `latch j2 ${path} java-2`);
    await eventually(async () => (await childrenOf(a, path)).length === 3);
    await node2.start();

    assert.equal(await curatorLeader(peer, 'j2'), 'true|java-1');
    const named = await node2.getLeader();
    assert.deepEqual([named.id, named.isLeader], ['java-1', true]);
    assert.equal(await ours(node1), await ask(peer, 'participants j2'), 'the same participants in the same order');
    assert.equal(await ours(node1), 'java-1|true,node-1|false,java-2|false,node-2|false');
    assert.deepEqual([node1.hasLeadership, node2.hasLeadership, await javaHas(peer, 'j2')], [false, false, false]);

    // Java -> Node: the Curator leader closes; node-1 leads, and Curator says so.
    const node1Elected = next(node1, 'isLeader');
    await ask(peer, 'close j1');
    await node1Elected;
    assert.equal(await curatorLeader(peer, 'j2'), 'true|node-1');
    assert.deepEqual([node1.hasLeadership, node2.hasLeadership, await javaHas(peer, 'j2')], [true, false, false]);

    // Node -> Java: our leader closes; Curator's java-2 leads, and we say so.
    await node1.close();
    await peer.waitForEvent((e) => e === 'isLeader j2');
    assert.equal((await node2.getLeader()).id, 'java-2');
    assert.equal(await curatorLeader(peer, 'j2'), 'true|java-2');
    assert.deepEqual([node2.hasLeadership, await javaHas(peer, 'j2')], [false, true]);

    // Java -> Node by a crash: the Curator process dies, its session times out, node-2 leads.
    const node2Elected = next(node2, 'isLeader', 30_000);
    await peer.stop('SIGKILL');
    await node2Elected;
    assert.equal((await node2.getLeader()).id, 'node-2');
    assert.equal(await ours(node2), 'node-2|true');
    await node2.close();
  });

  test('LeaderSelector <-> LeaderElection: one leader across Java and Node, the same leader named by both, failover both ways', async () => {
    const path = uniquePath('selector');
    const [a] = clients;
    const peer = await startPeer();
    await ask(peer, `selector s1 ${path} sel-java true`);
    await peer.waitForEvent((e) => e === 'elected s1');
    let endTerm: (() => void) | undefined;
    let terms = 0;
    const election = new LeaderElection(a, path, {
      participantId: 'sel-node',
      lead: async (signal) => {
        terms++;
        await new Promise<void>((resolve) => { endTerm = resolve; signal.addEventListener('abort', () => resolve(), { once: true }); });
      },
    });
    contenders.push(election);
    election.start();
    await eventually(async () => (await childrenOf(a, path)).length === 2);

    assert.equal(await curatorLeader(peer, 's1'), 'true|sel-java');
    assert.equal((await election.getLeader()).id, 'sel-java');
    assert.equal(await ours(election), await ask(peer, 'participants s1'));
    assert.equal(await ours(election), 'sel-java|true,sel-node|false');
    assert.equal(election.hasLeadership, false);

    // Java -> Node: Curator's takeLeadership returns; our lead runs; Curator requeues behind us.
    await ask(peer, 'release s1');
    await election.awaitLeadership({ timeoutMs: 20_000 });
    assert.equal(terms, 1);
    assert.equal(await curatorLeader(peer, 's1'), 'true|sel-node');
    await eventually(async () => (await ours(election)) === 'sel-node|true,sel-java|false');
    assert.equal(await javaHas(peer, 's1'), false);

    // Node -> Java: our lead returns; the node is released and Curator's selector leads again.
    endTerm!();
    await eventually(() => count(peer, 'elected s1') === 2, 20_000);
    assert.equal(election.hasLeadership, false);
    assert.equal((await election.getLeader()).id, 'sel-java');
    assert.equal(await ours(election), 'sel-java|true', 'without autoRequeue our participant left the queue');
    assert.equal(await javaHas(peer, 's1'), true);

    // requeue(): we queue behind Curator's leader, and lead once it is released again.
    assert.equal(election.requeue(), true);
    await eventually(async () => (await ours(election)) === 'sel-java|true,sel-node|false');
    assert.equal(terms, 1);
    await ask(peer, 'release s1');
    await eventually(() => terms === 2, 20_000);
    assert.equal(await curatorLeader(peer, 's1'), 'true|sel-node');
    await ask(peer, 'close s1');
    await election.close();
  });
});
