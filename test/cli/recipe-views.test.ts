import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { digestAcl, Mutex, ServiceDiscovery, type ZkClient } from '../../src/index.js';
import type { TestingServer } from '../../src/testing/index.js';
import { connectClient, startServer, uniquePath } from '../support/zk.js';
import { zkr, zkrJson, ZkrSession } from './zkr-process.js';

interface Entry { role: string; participant: string; sessionId: string; fencingToken: string; node: string; naming: string; recipe: string }

describe('zkr: views of the recipes', () => {
  let server: TestingServer;
  const clients: ZkClient[] = [];
  const sessions: ZkrSession[] = [];
  const s = (): string[] => ['-s', server.connectString];

  before(async () => {
    server = await startServer();
    for (let i = 0; i < 3; i += 1) clients.push(await connectClient(server.connectString));
  });

  after(async () => {
    for (const session of sessions) session.kill();
    await Promise.all(clients.map((c) => c.close()));
    await server?.close();
  });

  test('locks: holder and waiters of a mutex, with session, age and fencing token', async () => {
    const path = uniquePath('mutex');
    // What a Mutex (ours or Curator's InterProcessMutex) writes: protected ephemeral-sequential `lock-` nodes.
    const nodes: string[] = [];
    for (const [i, id] of ['node-a', 'node-b', 'node-c'].entries()) {
      nodes.push(await clients[i].create(`${path}/lock-`, id, { mode: 'ephemeral-sequential', protected: true, createParents: 'container' }));
    }
    const view = await zkrJson<{ kind: string; holders: number; waiting: number; entries: Entry[]; warnings: string[] }>([...s(), 'locks', path]);
    assert.equal(view.kind, 'lock');
    assert.deepEqual([view.holders, view.waiting], [1, 2]);
    assert.deepEqual(view.entries.map((e) => [e.role, e.participant]), [['holder', 'node-a'], ['waiter', 'node-b'], ['waiter', 'node-c']]);
    assert.deepEqual(view.entries.map((e) => e.sessionId), clients.map((c) => `0x${c.sessionId}`));
    const { stat } = await clients[0].getData(nodes[0]);
    assert.equal(view.entries[0].fencingToken, stat.czxid.toString());
    assert.equal(view.entries[0].naming, 'curator');
    assert.deepEqual(view.warnings, []);

    const text = await zkr([...s(), 'locks', path]);
    assert.match(text.stdout, new RegExp(`^${path}: lock, held by node-a \\(session 0x${clients[0].sessionId}\\); 2 waiting$`, 'm'));
    assert.match(text.stdout, /^POS\s+ROLE\s+PARTICIPANT\s+SESSION\s+AGE\s+FENCING\s+RECIPE\s+NODE$/m);

    // The holder releases: the next in line holds.
    await clients[0].delete(nodes[0]);
    const next = await zkrJson<{ entries: Entry[] }>([...s(), 'locks', path]);
    assert.deepEqual(next.entries.map((e) => [e.role, e.participant]), [['holder', 'node-b'], ['waiter', 'node-c']]);
    await clients[1].delete(nodes[1]);
    await clients[2].delete(nodes[2]);
    assert.match((await zkr([...s(), 'locks', path])).stdout, /free \(no contenders\)/);
  });

  test('locks: a Mutex held by the test, and one waiting for it', async () => {
    const path = uniquePath('sdk-mutex');
    const holder = new Mutex(clients[0], path, { participantData: 'worker-1' });
    const waiter = new Mutex(clients[1], path, { participantData: 'worker-2' });
    const lease = await holder.acquire({ timeoutMs: 10_000 });
    const waiting = waiter.acquire({ timeoutMs: 60_000 });
    try {
      let view: { holders: number; waiting: number; entries: Entry[] } | undefined;
      for (let i = 0; i < 200 && (view?.entries.length ?? 0) < 2; i += 1) {
        view = await zkrJson<{ holders: number; waiting: number; entries: Entry[] }>([...s(), 'locks', path]);
      }
      assert.deepEqual(view!.entries.map((e) => [e.role, e.participant, e.sessionId]),
        [['holder', 'worker-1', `0x${clients[0].sessionId}`], ['waiter', 'worker-2', `0x${clients[1].sessionId}`]]);
      assert.equal(view!.entries[0].fencingToken, lease.fencingToken.toString());
    } finally {
      await lease.release();
      await (await waiting).release();
    }
  });

  test('services: an instance registered with the SDK\'s ServiceDiscovery', async () => {
    const base = uniquePath('sdk-services');
    const discovery = new ServiceDiscovery(clients[2], { basePath: base });
    await discovery.start();
    try {
      await discovery.register({ name: 'billing', id: 'b-7', address: '10.9.8.7', port: 7070, payload: { zone: 'eu-2' } });
      const view = await zkrJson<{ services: { name: string; instances: { id: string; address: string; port: number; sessionId: string; payload: unknown; problem: string | null }[] }[] }>([...s(), 'services', '-b', base, 'billing']);
      const i = view.services[0].instances[0];
      assert.deepEqual([i.id, i.address, i.port, i.sessionId, i.payload, i.problem], ['b-7', '10.9.8.7', 7070, `0x${clients[2].sessionId}`, { zone: 'eu-2' }, null]);
    } finally {
      await discovery.close();
    }
  });

  test('locks: Curator read/write order, kazoo names and the mixed-naming warning', async () => {
    const rw = uniquePath('rw');
    for (const [i, name, id] of [[0, '__READ__', 'r1'], [1, '__READ__', 'r2'], [2, '__WRIT__', 'w1'], [0, '__READ__', 'r3']] as const) {
      await clients[i].create(`${rw}/${name}`, id, { mode: 'ephemeral-sequential', protected: true, createParents: true });
    }
    const view = await zkrJson<{ kind: string; entries: Entry[] }>([...s(), 'locks', rw]);
    assert.equal(view.kind, 'read-write lock');
    assert.deepEqual(view.entries.map((e) => [e.participant, e.role]), [['r1', 'holder'], ['r2', 'holder'], ['w1', 'waiter'], ['r3', 'waiter']]);

    const mixed = uniquePath('mixed');
    await clients[0].create(`${mixed}/5f0c0e0a8d2b4c6e9a1b2c3d4e5f6a7b__lock__`, 'kz-A', { mode: 'ephemeral-sequential', createParents: true });
    await clients[1].create(`${mixed}/lock-`, 'cur', { mode: 'ephemeral-sequential', protected: true });
    const m = await zkrJson<{ entries: Entry[]; warnings: string[] }>([...s(), 'locks', mixed]);
    assert.deepEqual(m.entries.map((e) => [e.participant, e.naming, e.recipe]), [['kz-A', 'kazoo', 'lock (kazoo)'], ['cur', 'curator', 'lock']]);
    assert.match(m.warnings[0], /do not exclude each other/);
  });

  test('locks: a Curator semaphore path shows its leases and acquirers', async () => {
    const path = uniquePath('sem');
    await clients[0].create(`${path}/leases/lease-`, 'holder-a', { mode: 'ephemeral-sequential', protected: true, createParents: true });
    await clients[1].create(`${path}/leases/lease-`, 'holder-b', { mode: 'ephemeral-sequential', protected: true });
    await clients[2].create(`${path}/locks/lock-`, '127.0.0.1', { mode: 'ephemeral-sequential', protected: true, createParents: true });
    const view = await zkrJson<{ kind: string; holders: number; waiting: number; entries: Entry[] }>([...s(), 'locks', path]);
    assert.equal(view.kind, 'semaphore');
    assert.deepEqual(view.entries.map((e) => [e.role, e.participant]), [['lease', 'holder-a'], ['lease', 'holder-b'], ['acquiring', '127.0.0.1']]);
    assert.deepEqual([view.holders, view.waiting], [2, 1]);
  });

  test('leader: the lowest latch node leads; candidates follow in order', async () => {
    const path = uniquePath('election');
    assert.match((await zkr([...s(), 'leader', path])).stdout, /no leader/);
    await clients[1].create(`${path}/latch-`, 'cron-b', { mode: 'ephemeral-sequential', protected: true, createParents: true });
    await clients[0].create(`${path}/latch-`, 'cron-a', { mode: 'ephemeral-sequential', protected: true });
    await clients[0].create(`${path}/unrelated`, null);
    const view = await zkrJson<{ leader: Entry; candidates: Entry[]; ignoredNodes: number }>([...s(), 'leader', path]);
    assert.equal(view.leader.participant, 'cron-b');
    assert.equal(view.leader.sessionId, `0x${clients[1].sessionId}`);
    assert.deepEqual(view.candidates.map((c) => [c.participant, c.role]), [['cron-b', 'leader'], ['cron-a', 'candidate']]);
    assert.equal(view.ignoredNodes, 1);
    assert.match((await zkr([...s(), 'leader', path])).stdout, new RegExp(`^${path}: leader cron-b \\(session 0x${clients[1].sessionId}, in line for`, 'm'));
  });

  test('services: instances in curator-x-discovery JSON, with a custom base path', async () => {
    const base = uniquePath('services');
    const registered = Date.now();
    const instance = {
      name: 'orders', id: 'inst-1', address: '10.0.0.5', port: 8080, sslPort: null, payload: { zone: 'eu-1' },
      registrationTimeUTC: registered, serviceType: 'DYNAMIC', uriSpec: null,
    };
    await clients[0].create(`${base}/orders/inst-1`, JSON.stringify(instance), { mode: 'ephemeral', createParents: 'container' });
    await clients[0].create(`${base}/billing/b-1`, JSON.stringify({ ...instance, name: 'billing', id: 'b-1', port: 9090, serviceType: 'STATIC', enabled: false }), { createParents: true });
    await clients[0].create(`${base}/billing/junk`, 'not json');
    type View = { services: { name: string; instances: { id: string; address: string; port: number; registrationTimeUTC: number; sessionId: string; enabled: boolean; problem: string | null }[] }[] };
    const all = await zkrJson<View>([...s(), 'services', '--base-path', base]);
    assert.deepEqual(all.services.map((x) => x.name), ['billing', 'orders']);
    const orders = all.services[1].instances[0];
    assert.deepEqual([orders.id, orders.address, orders.port, orders.registrationTimeUTC, orders.sessionId], ['inst-1', '10.0.0.5', 8080, registered, `0x${clients[0].sessionId}`]);
    assert.deepEqual(all.services[0].instances.map((i) => [i.id, i.enabled, i.problem]), [['b-1', false, null], ['junk', true, 'not a curator-x-discovery JSON instance']]);
    const one = await zkr([...s(), 'services', '-b', base, 'orders']);
    assert.match(one.stdout, /^SERVICE\s+ID\s+ADDRESS\s+PORT\s+SSL\s+REGISTERED\s+TYPE\s+SESSION\s+PAYLOAD$/m);
    assert.match(one.stdout, new RegExp(`^orders\\s+inst-1\\s+10\\.0\\.0\\.5\\s+8080\\s+-\\s+${new Date(registered).toISOString().replace(/\./g, '\\.')}\\s+DYNAMIC\\s+0x`, 'm'));
    assert.match((await zkr([...s(), 'services', '-b', base, 'none'])).stdout, /no instances of none/);
  });

  test('barrier: absent, set, and a double barrier with its members', async () => {
    const path = uniquePath('barrier');
    assert.equal((await zkrJson<{ set: boolean }>([...s(), 'barrier', path])).set, false);
    await clients[0].create(path, '127.0.0.1');
    assert.match((await zkr([...s(), 'barrier', path])).stdout, /barrier set since .*: waiters block until it is removed/);
    const member = '2b9c2b32-5db6-4dad-a4f3-c8c51b660833';
    await clients[1].create(`${path}/${member}`, '127.0.0.1', { mode: 'ephemeral' });
    const view = await zkrJson<{ kind: string; ready: boolean; members: { node: string; sessionId: string }[] }>([...s(), 'barrier', path]);
    assert.deepEqual([view.kind, view.ready, view.members.map((m) => m.node)], ['double-barrier', false, [member]]);
    assert.equal(view.members[0].sessionId, `0x${clients[1].sessionId}`);
    await clients[0].create(`${path}/ready`, null);
    assert.match((await zkr([...s(), 'barrier', path])).stdout, /1 member\(s\) entered; ready node present/);
  });

  test('config: set creates, get reads, watch prints each new value until Ctrl-C', async () => {
    const path = uniquePath('config');
    assert.match((await zkr([...s(), 'config', 'set', path, '{"limit":1}'])).stdout, /version 0/);
    assert.equal((await zkr([...s(), 'config', 'get', path])).stdout, '{"limit":1}\n');
    assert.deepEqual((await zkrJson<{ value: unknown }>([...s(), 'config', 'get', path])).value, { limit: 1 });

    const watch = new ZkrSession([...s(), 'config', 'watch', path]);
    sessions.push(watch);
    await watch.waitForLine((l) => l === '{"limit":1}');
    await clients[0].setData(path, '{"limit":2}');
    await watch.waitForLine((l) => l === '{"limit":2}');
    await clients[0].delete(path);
    await watch.waitForLine((l) => l === `(${path} does not exist)`);
    await clients[0].create(path, 'back');
    await watch.waitForLine((l) => l === 'back');
    watch.interrupt();
    assert.equal(await watch.exited, 0);
    assert.equal(watch.stderr, '');

    assert.equal((await zkr([...s(), 'config', 'set', '-v', '7', path, 'x'])).code, 1);
    assert.equal((await zkr([...s(), 'config', 'frob', path])).code, 2);
  });

  test('tree: a drawn subtree with sizes and ephemeral owners', async () => {
    const path = uniquePath('tree');
    await clients[0].create(`${path}/config/orders`, 'x'.repeat(40), { createParents: true });
    await clients[1].create(`${path}/locks`, null);
    await clients[1].create(`${path}/locks/member`, 'abc', { mode: 'ephemeral' });
    const r = await zkr([...s(), 'tree', path]);
    assert.deepEqual(r.stdout.split('\n'), [
      `${path} (0 B)`,
      '├── config (0 B)',
      '│   └── orders (40 B)',
      '└── locks (0 B)',
      `    └── member (3 B, ephemeral 0x${clients[1].sessionId})`,
      '5 node(s)',
      '',
    ]);
    assert.match((await zkr([...s(), 'tree', '-d', '1', path])).stdout, /config \(0 B, 1 children not shown\)/);
  });

  test('tree: a node whose ACL denies us READ is drawn as such, and the rest of the tree still is', async () => {
    const path = uniquePath('tree-acl');
    const owner = clients[1];
    await owner.addAuth({ scheme: 'digest', credentials: 'tree-owner:secret' });
    await clients[0].create(`${path}/open/leaf`, 'y', { createParents: true });
    await owner.create(`${path}/secret`, null, { acl: [digestAcl('tree-owner', 'secret')] });
    await owner.create(`${path}/secret/hidden`, null);
    const r = await zkr([...s(), 'tree', path]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.stdout.split('\n'), [
      `${path} (0 B)`,
      '├── open (0 B)',
      '│   └── leaf (1 B)',
      '└── secret (0 B, 1 children not readable: NO_AUTH)',
      '4 node(s)',
      '',
    ]);
  });
});
