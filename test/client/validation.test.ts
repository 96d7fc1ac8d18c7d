import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { ZkClient, ZkError, assertValidPath, type ZkErrorCode } from '../../src/index.js';
import { zkSuite } from '../support/zk-suite.js';
import { uniquePath } from '../support/zk.js';

function throwsCode(fn: () => unknown, code: ZkErrorCode): void {
  assert.throws(fn, (e: unknown) => e instanceof ZkError && e.code === code);
}

async function rejectsCode(p: Promise<unknown>, code: ZkErrorCode): Promise<void> {
  await assert.rejects(p, (e: unknown) => e instanceof ZkError && e.code === code);
}

describe('validation before sending', () => {
  test('ZooKeeper path rules', () => {
    for (const ok of ['/', '/a', '/a/b', '/a.b/..c', '/ü/日本', '/zookeeper']) assert.doesNotThrow(() => assertValidPath(ok));
    for (const bad of ['', 'a', 'a/b', '/a/', '//a', '/a//b', '/a/./b', '/a/../b', '/.', '/a\u0000b', '/a\u0001', '/a\u007f', '/a\ud800', '/a\uffff']) {
      throwsCode(() => assertValidPath(bad), 'INVALID_PATH');
    }
    throwsCode(() => assertValidPath(undefined), 'INVALID_PATH');
    assert.doesNotThrow(() => assertValidPath('/a/', 'create', true), 'a sequential create may end with /');
  });

  test('bad input is refused without waiting for a server', async () => {
    // Never connected: anything that reached the send path would wait for a connection.
    const client = new ZkClient({ connect: '127.0.0.1:1', connectTimeoutMs: 60_000 });
    await rejectsCode(client.create('relative', 'x'), 'INVALID_PATH');
    await rejectsCode(client.create('/a/', 'x'), 'INVALID_PATH');
    await rejectsCode(client.getData('/a//b'), 'INVALID_PATH');
    await rejectsCode(client.setData('/zookeeper/quota', 'x'), 'INVALID_PATH');
    await rejectsCode(client.create('/big', Buffer.alloc(1024 * 1024 + 1)), 'DATA_TOO_LARGE');
    await rejectsCode(client.setData('/big', Buffer.alloc(1024 * 1024 + 1)), 'DATA_TOO_LARGE');
    await rejectsCode(client.create('/x', 'x', { mode: 'bogus' as never }), 'INVALID_ARGUMENT');
    await rejectsCode(client.create('/x', 'x', { mode: 'persistent-ttl' }), 'INVALID_ARGUMENT');
    await rejectsCode(client.create('/x', 'x', { mode: 'persistent', ttlMs: 10 }), 'INVALID_ARGUMENT');
    await rejectsCode(client.create('/x', 'x', { acl: [] }), 'INVALID_ACL');
    await rejectsCode(client.create('/x', 'x', { acl: [{ perms: 99, scheme: 'world', id: 'anyone' }] }), 'INVALID_ACL');
    await rejectsCode(client.setData('/x', 'x', { version: 1.5 }), 'INVALID_ARGUMENT');
    await rejectsCode(client.getData('/x', { timeoutMs: -1 }), 'INVALID_ARGUMENT');
    await rejectsCode(client.getData('/x', { timeoutMs: Number.NaN }), 'INVALID_ARGUMENT');
    await rejectsCode(client.create('/x', 42 as never), 'INVALID_ARGUMENT');
    await rejectsCode(client.getData('/x', { watch: 'nope' as never }), 'INVALID_ARGUMENT');
    assert.equal(client.state, 'connecting');
    await client.close();
  });

  test('constructor options are checked', () => {
    throwsCode(() => new ZkClient({ connect: '' }), 'INVALID_ARGUMENT');
    throwsCode(() => new ZkClient({ connect: 'host:notaport' }), 'INVALID_ARGUMENT');
    throwsCode(() => new ZkClient({ connect: '127.0.0.1:65000/bad/' }), 'INVALID_PATH');
    throwsCode(() => new ZkClient({ connect: '127.0.0.1:1', sessionTimeoutMs: -5 }), 'INVALID_ARGUMENT');
  });

  test('an already aborted signal rejects with AbortError', async () => {
    const client = new ZkClient({ connect: '127.0.0.1:1' });
    await assert.rejects(client.getData('/x', { signal: AbortSignal.abort() }), { name: 'AbortError' });
    await client.close();
  });

  test('connect() gives up after its timeout, closes the client and leaves no handle', async () => {
    const client = new ZkClient({ connect: '127.0.0.1:1', connectTimeoutMs: 300 });
    await rejectsCode(client.connect(), 'NOT_CONNECTED');
    assert.equal(client.state, 'closed');
  });
});

describe('limits against a real server', () => {
  const suite = zkSuite();
  let client: ZkClient;
  before(async () => {
    client = await suite.open();
    await client.create('/t', null);
  });

  test('the largest accepted data really is accepted, one byte more is refused before sending', async () => {
    const p = uniquePath('big');
    const limit = client.dataLimit(p);
    assert.ok(limit > 1_040_000, `limit ${limit}`);
    assert.equal(await client.create(p, Buffer.alloc(limit, 7)), p);
    assert.equal((await client.getData(p)).stat.dataLength, limit);
    await rejectsCode(client.setData(p, Buffer.alloc(limit + 1)), 'DATA_TOO_LARGE');
    assert.equal(client.state, 'connected');
    await client.delete(p);
  });

  test('a failed create leaves nothing behind', async () => {
    const p = uniquePath('nothing');
    await rejectsCode(client.create(`${p}/a`, 'x'), 'NO_NODE');
    await rejectsCode(client.create(p, 'x', { acl: [{ perms: 31, scheme: 'auth', id: '' }] }), 'INVALID_ACL');
    assert.equal(await client.exists(p), null);
  });
});
