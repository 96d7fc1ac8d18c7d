import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { LockTimeoutError, Mutex, type ZkClient } from '../../src/index.js';
import type { TestingServer } from '../../src/testing/index.js';
import { LinePeer } from '../locks/line-peer.js';
import { connectClient, eventually, startServer, uniquePath } from '../support/zk.js';
import { kazooUnavailable } from './java-peer.js';

const SCRIPT = fileURLToPath(new URL('./python/kazoo_lock_peer.py', import.meta.url));
const unavailable = kazooUnavailable();

void describe('Mutex interop with kazoo (Lock subclass with _NODE_NAME "-lock-")', { skip: unavailable }, () => {
  let server: TestingServer;
  let client: ZkClient;
  let peer: LinePeer;
  const path = uniquePath('kazoo');

  before(async () => {
    server = await startServer();
    client = await connectClient(server.connectString);
    peer = LinePeer.start('/usr/bin/python3', [SCRIPT, server.connectString, path, 'kazoo-peer']);
    assert.equal(await peer.nextReply(30_000), 'READY');
  });

  after(async () => {
    if (peer) {
      await peer.request('quit').catch(() => undefined);
      await peer.stop();
    }
    await client?.close();
    await server?.close();
  });

  test('kazoo and Mutex exclude each other both ways and share one queue', async () => {
    const mutex = new Mutex(client, path, { participantData: 'node-peer' });
    assert.equal(await peer.request('acquire 10'), 'OK');
    assert.equal(await peer.nextEvent(), 'acquired');
    const [kazooNode] = (await client.getChildren(path)).children;
    assert.match(kazooNode, /^[0-9a-f]{32}-lock-\d{10}$/);
    assert.equal(await mutex.tryAcquire(), null, 'kazoo holds: Node does not get in');
    await assert.rejects(mutex.acquire({ timeoutMs: 500 }), LockTimeoutError);
    const waiting = mutex.acquire({ timeoutMs: 20_000 });
    await eventually(async () => (await client.getChildren(path)).children.length === 2);
    const participants = await mutex.participants();
    assert.deepEqual(participants.map((p) => p.data.toString()), ['kazoo-peer', 'node-peer']);
    assert.equal(await peer.request('contenders'), 'OK kazoo-peer,node-peer', "kazoo's view: the same queue");
    assert.equal(await peer.request('release'), 'OK');
    const lease = await waiting;

    assert.equal(await peer.request('acquire 0.5'), 'OK');
    assert.equal(await peer.nextEvent(), 'timeout', 'Node holds: kazoo does not get in');
    assert.equal(await peer.request('acquire 20'), 'OK');
    await eventually(async () => (await client.getChildren(path)).children.length === 2);
    await lease.release();
    assert.equal(await peer.nextEvent(), 'acquired');
    assert.equal(await peer.request('release'), 'OK');
    assert.deepEqual((await client.getChildren(path)).children, []);
  });
});
