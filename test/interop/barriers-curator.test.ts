import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { Barrier, DoubleBarrier, type ZkClient } from '../../src/index.js';
import type { TestingServer } from '../../src/testing/index.js';
import { childrenOf, MEMBER_NAME, pause, track } from '../barriers/support.js';
import { connectClient, eventually, startServer, uniquePath } from '../support/zk.js';
import { compileJava, curatorUnavailable, JavaPeer } from './java-peer.js';

const SOURCE = fileURLToPath(new URL('./java/BarrierPeer.java', import.meta.url));
const unavailable = curatorUnavailable();

void describe('barrier interop with Curator 5.4 DistributedBarrier / DistributedDoubleBarrier', { skip: unavailable }, () => {
  let server: TestingServer;
  let peer: JavaPeer;
  const clients: ZkClient[] = [];

  async function ask(line: string): Promise<void> {
    assert.equal(await peer.request(line, 60_000), 'OK', line);
  }
  const event = (what: string, label: string) => (e: string): boolean => e.startsWith(`${what} ${label} `);
  const hasEvent = (what: string, label: string): boolean => peer.events.some(event(what, label));

  before(async () => {
    server = await startServer();
    clients.push(await connectClient(server.connectString), await connectClient(server.connectString));
    peer = JavaPeer.start(compileJava([SOURCE]), 'BarrierPeer', [server.connectString]);
    assert.equal(await peer.nextReply(60_000), 'READY');
  });
  after(async () => {
    if (peer) {
      await peer.request('quit').catch(() => undefined);
      await peer.stop();
    }
    await Promise.all(clients.map((c) => c.close()));
    await server?.close();
  });

  for (const last of ['node', 'curator'] as const) {
    void test(`2 Curator members and 2 Node members of one double barrier (size 4) enter and leave together; a ${last} member completes the count`, async () => {
      const path = uniquePath(`mixed-${last}`);
      const [a, b] = clients;
      const [j1, j2] = [`${last}-j1`, `${last}-j2`];
      await ask(`member ${j1} ${path} 4`);
      await ask(`member ${j2} ${path} 4`);
      const node1 = new DoubleBarrier(a, path, { memberCount: 4, memberId: 'node-1' });
      const node2 = new DoubleBarrier(b, path, { memberCount: 4, memberId: 'node-2' });
      const members = (): Promise<string[]> => childrenOf(a, path).then((c) => c.filter((n) => n !== 'ready'));

      // Arrivals one by one; the 4th completes the count and creates ready.
      const nodeEnters: ReturnType<typeof track<void>>[] = [];
      const arrivals: (() => Promise<void>)[] = [
        () => ask(`enter ${j1} 60000`),
        () => { nodeEnters.push(track(node1.enter({ timeoutMs: 60_000 }))); return Promise.resolve(); },
        last === 'node' ? () => ask(`enter ${j2} 60000`) : () => { nodeEnters.push(track(node2.enter({ timeoutMs: 60_000 }))); return Promise.resolve(); },
      ];
      for (const [k, arrive] of arrivals.entries()) {
        await arrive();
        await eventually(async () => (await members()).length === k + 1);
      }
      await pause(100);
      assert.equal(nodeEnters.some((e) => e.settled()) || hasEvent('entered', j1) || hasEvent('entered', j2), false, 'nobody passes with 3 of 4');
      for (const name of await members()) assert.match(name, MEMBER_NAME, 'Curator and we write the same member names');
      if (last === 'node') nodeEnters.push(track(node2.enter({ timeoutMs: 60_000 })));
      else await ask(`enter ${j2} 60000`);
      for (const e of nodeEnters) assert.deepEqual(await e.result, { ok: true, value: undefined });
      assert.equal(await peer.waitForEvent(event('entered', j1), 60_000), `entered ${j1} true`);
      assert.equal(await peer.waitForEvent(event('entered', j2), 60_000), `entered ${j2} true`);
      assert.ok((await childrenOf(a, path)).includes('ready'));

      // Leaving one by one: nobody returns before the last member has called leave.
      const leaving1 = track(node1.leave({ timeoutMs: 60_000 }));
      await ask(`leave ${j1} 60000`);
      await ask(`leave ${j2} 60000`);
      await pause(200);
      assert.equal(leaving1.settled() || hasEvent('left', j1) || hasEvent('left', j2), false, 'nobody leaves while a member is still in');
      const leaving2 = track(node2.leave({ timeoutMs: 60_000 }));
      assert.deepEqual(await leaving1.result, { ok: true, value: undefined });
      assert.deepEqual(await leaving2.result, { ok: true, value: undefined });
      assert.equal(await peer.waitForEvent(event('left', j1), 60_000), `left ${j1} true`);
      assert.equal(await peer.waitForEvent(event('left', j2), 60_000), `left ${j2} true`);
      await eventually(async () => (await childrenOf(a, path)).length === 0);
    });
  }

  void test('a Curator DistributedBarrier set and removed releases Node waiters', async () => {
    const path = uniquePath('java-gate');
    await ask(`set ${path}`);
    const waits = clients.map((c) => track(new Barrier(c, path).wait({ timeoutMs: 60_000 })));
    await pause(200);
    assert.equal(waits.some((w) => w.settled()), false, 'the Curator barrier holds Node waiters');
    await ask(`remove ${path}`);
    for (const w of waits) assert.deepEqual(await w.result, { ok: true, value: undefined });
  });

  void test('a Node Barrier set and removed releases a Curator waiter', async () => {
    const path = uniquePath('node-gate');
    const gate = new Barrier(clients[0], path);
    await gate.set();
    await ask(`wait w1 ${path} 60000`);
    await pause(300);
    assert.equal(hasEvent('released', 'w1'), false, 'the Node barrier holds the Curator waiter');
    await gate.remove();
    assert.equal(await peer.waitForEvent(event('released', 'w1'), 60_000), 'released w1 true');
  });
});
