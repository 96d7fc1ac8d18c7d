import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ZkClient, ZkError, type ConnectionState, type StateChange } from '../../src/index.js';
import { FaultProxy, expireSession, type TestingServer } from '../../src/testing/index.js';
import { startServer, uniquePath, waitForNewSession, waitForState } from '../support/zk.js';

const SESSION_MS = 4000;

describe('connection state machine under real faults', () => {
  let server: TestingServer;
  before(async () => {
    server = await startServer();
    const c = new ZkClient({ connect: server.connectString });
    await c.connect();
    await c.create('/t', null);
    await c.close();
  });
  after(async () => {
    await server?.close();
  });

  async function proxiedClient(): Promise<{ client: ZkClient; proxy: FaultProxy; changes: StateChange[] }> {
    const proxy = await FaultProxy.start({ target: server.connectString });
    const client = new ZkClient({ connect: proxy.connectString, sessionTimeoutMs: SESSION_MS });
    const changes: StateChange[] = [];
    client.on('state', (_s, _p, change) => changes.push(change));
    await client.connect();
    return { client, proxy, changes };
  }

  test('a blackhole shorter than the session timeout: suspended, then connected on the same session', async () => {
    const { client, proxy, changes } = await proxiedClient();
    try {
      const session = client.sessionId;
      const suspended = waitForState(client, 'suspended');
      proxy.blackhole();
      await suspended;
      const back = waitForState(client, 'connected');
      proxy.restore();
      const change = await back;
      assert.equal(change.newSession, false);
      assert.equal(client.sessionId, session);
      assert.deepEqual(changes.map((c) => c.state), ['connected', 'suspended', 'connected']);
      await client.getChildren('/');
    } finally {
      await client.close();
      await proxy.close();
    }
  });

  test('a blackhole longer than the session timeout: lost, then a new session', async () => {
    const { client, proxy, changes } = await proxiedClient();
    try {
      const session = client.sessionId;
      const p = uniquePath('eph');
      await client.create(p, null, { mode: 'ephemeral' });
      const lost = waitForState(client, 'lost', 30_000);
      proxy.blackhole();
      await lost;
      const back = waitForState(client, 'connected', 30_000);
      proxy.restore();
      const change = await back;
      assert.equal(change.newSession, true);
      assert.notEqual(client.sessionId, session);
      assert.deepEqual(changes.map((c) => c.state), ['connected', 'suspended', 'lost', 'connected']);
      // The old session is gone on the server too (its ephemeral node with it).
      const deadline = Date.now() + 20_000;
      while (await client.exists(p)) {
        assert.ok(Date.now() < deadline, 'old ephemeral still present');
        await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      await client.close();
      await proxy.close();
    }
  });

  test('expireSession: lost, a new session, and operations work again', async () => {
    const client = new ZkClient({ connect: server.connectString, sessionTimeoutMs: SESSION_MS });
    const states: ConnectionState[] = [];
    client.on('state', (s) => states.push(s));
    await client.connect();
    try {
      const before = client.sessionId;
      const back = waitForNewSession(client);
      await expireSession(client);
      await back;
      assert.notEqual(client.sessionId, before);
      assert.ok(states.includes('lost'));
      const p = uniquePath('after');
      await client.create(p, 'ok', { mode: 'ephemeral' });
      assert.equal((await client.getData(p)).data.toString(), 'ok');
    } finally {
      await client.close();
    }
  });

  test('a one-shot watch is told sessionLost when its session ends first', async () => {
    const client = new ZkClient({ connect: server.connectString, sessionTimeoutMs: SESSION_MS });
    await client.connect();
    try {
      const p = uniquePath('w');
      const event = new Promise<string>((resolve) => { void client.exists(p, { watch: (e) => resolve(e.type) }); });
      await new Promise((r) => setTimeout(r, 50));
      await expireSession(client);
      assert.equal(await event, 'sessionLost');
    } finally {
      await client.close();
    }
  });

  test('an operation in flight when the connection drops is retried on the same session', async () => {
    const { client, proxy } = await proxiedClient();
    try {
      const p = uniquePath('retry');
      await client.create(p, 'v');
      const suspended = waitForState(client, 'suspended');
      proxy.cut();
      const read = client.getData(p);
      await suspended;
      setTimeout(() => proxy.restore(), 300);
      assert.equal((await read).data.toString(), 'v');
      assert.equal(client.state, 'connected');
    } finally {
      await client.close();
      await proxy.close();
    }
  });

  test('a connection that stays down fails an operation with a typed, bounded error', async () => {
    const proxy = await FaultProxy.start({ target: server.connectString });
    const client = new ZkClient({ connect: proxy.connectString, sessionTimeoutMs: 10_000, connectTimeoutMs: 500, retry: { retries: 1, maxElapsedMs: 500 } });
    await client.connect({ timeoutMs: 10_000 });
    try {
      const suspended = waitForState(client, 'suspended');
      proxy.cut();
      await suspended;
      await assert.rejects(client.getData('/'), (e: unknown) => e instanceof ZkError && (e.code === 'NOT_CONNECTED' || e.code === 'CONNECTION_LOSS'));
      await assert.rejects(client.getData('/', { timeoutMs: 100 }), (e: unknown) => e instanceof ZkError && (e.code === 'TIMEOUT' || e.code === 'NOT_CONNECTED'));
    } finally {
      await client.close();
      await proxy.close();
    }
  });

  test('CONNECTION_LOSS for real: a reply lost with retries off', async () => {
    const proxy = await FaultProxy.start({ target: server.connectString });
    const client = new ZkClient({ connect: proxy.connectString, sessionTimeoutMs: 10_000, retry: { retries: 0 } });
    await client.connect();
    try {
      proxy.delay(400);
      const read = client.getData('/');
      setTimeout(() => proxy.cut(), 100);
      await assert.rejects(read, (e: unknown) => e instanceof ZkError && e.code === 'CONNECTION_LOSS' && e.retryable && e.zkCode === -4);
    } finally {
      await client.close();
      await proxy.close();
    }
  });

  test('SESSION_EXPIRED for real: an operation whose retry would land on a new session', async () => {
    const proxy = await FaultProxy.start({ target: server.connectString });
    const client = new ZkClient({
      connect: proxy.connectString, sessionTimeoutMs: SESSION_MS, connectTimeoutMs: 60_000,
      retry: { retries: 10, maxElapsedMs: 60_000 },
    });
    await client.connect();
    try {
      const lost = waitForState(client, 'lost', 30_000);
      proxy.blackhole();
      const read = client.getData('/');
      await lost;
      proxy.restore();
      await assert.rejects(read, (e: unknown) => e instanceof ZkError && e.code === 'SESSION_EXPIRED' && !e.retryable);
      await waitForState(client, 'connected', 30_000).catch(() => undefined);
      await client.getData('/');
    } finally {
      await client.close();
      await proxy.close();
    }
  });
});
