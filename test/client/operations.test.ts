import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type { ZkClient} from '../../src/index.js';
import { ZkError, type ZkErrorCode } from '../../src/index.js';
import { zkSuite } from '../support/zk-suite.js';
import { uniquePath } from '../support/zk.js';

async function rejectsWith(p: Promise<unknown>, code: ZkErrorCode): Promise<ZkError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof ZkError, `expected a ZkError, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    return e;
  }
  assert.fail(`expected ${code}, but it resolved`);
}

describe('ZkClient operations against a real ZooKeeper', () => {
  const suite = zkSuite();
  let client: ZkClient;
  before(async () => {
    client = await suite.open();
    await client.create('/t', null);
  });

  test('create, getData, setData, exists, getChildren, delete round trip', async () => {
    const p = uniquePath('rt');
    assert.equal(await client.create(p, 'v1'), p);
    const { data, stat } = await client.getData(p);
    assert.equal(data.toString(), 'v1');
    assert.equal(stat.version, 0);
    assert.equal(typeof stat.czxid, 'bigint');
    assert.equal(stat.ephemeralOwner, '0');
    const s2 = await client.setData(p, Buffer.from('v2'), { version: 0 });
    assert.equal(s2.version, 1);
    assert.ok(s2.mzxid > stat.mzxid);
    assert.equal((await client.exists(p))?.version, 1);
    assert.equal(await client.exists(`${p}-missing`), null);
    await client.create(`${p}/c1`, new Uint8Array([1, 2, 3]));
    const kids = await client.getChildren(p);
    assert.deepEqual(kids.children, ['c1']);
    assert.equal(kids.stat.numChildren, 1);
    assert.deepEqual([...(await client.getData(`${p}/c1`)).data], [1, 2, 3]);
    await client.delete(p, { recursive: true });
    assert.equal(await client.exists(p), null);
  });

  test('every create mode', async () => {
    const base = uniquePath('modes');
    await client.create(base);
    const eph = await client.create(`${base}/eph`, 'e', { mode: 'ephemeral' });
    assert.equal((await client.exists(eph))?.ephemeralOwner, client.sessionId);
    const es = await client.create(`${base}/es-`, null, { mode: 'ephemeral-sequential' });
    assert.match(es, /\/es-\d{10}$/);
    const ps = await client.create(`${base}/ps-`, null, { mode: 'persistent-sequential' });
    assert.match(ps, /\/ps-\d{10}$/);
    const seqInDir = await client.create(`${base}/`, null, { mode: 'persistent-sequential' });
    assert.match(seqInDir, /\/\d{10}$/);
    const container = await client.create(`${base}/container`, null, { mode: 'container' });
    assert.ok(await client.exists(container));
    const ttl = await client.create(`${base}/ttl`, 'x', { mode: 'persistent-ttl', ttlMs: 60_000 });
    assert.ok(await client.exists(ttl));
    const sttl = await client.create(`${base}/sttl-`, 'x', { mode: 'persistent-sequential-ttl', ttlMs: 60_000 });
    assert.match(sttl, /\/sttl-\d{10}$/);
    await client.delete(base, { recursive: true });
  });

  test('createParents makes persistent or container parents', async () => {
    const base = uniquePath('parents');
    await client.create(`${base}/a/b/leaf`, 'x', { createParents: true });
    assert.equal((await client.getData(`${base}/a/b/leaf`)).data.toString(), 'x');
    await client.create(`${base}/c/d/leaf-`, 'y', { createParents: 'container', mode: 'ephemeral-sequential' });
    assert.equal((await client.getChildren(`${base}/c/d`)).children.length, 1);
    await client.delete(base, { recursive: true });
  });

  test('server error codes come back as typed errors', async () => {
    const p = uniquePath('errors');
    await rejectsWith(client.getData(p), 'NO_NODE');
    await rejectsWith(client.create(`${p}/child`, 'x'), 'NO_NODE');
    await client.create(p, 'x');
    const exists = await rejectsWith(client.create(p, 'x'), 'NODE_EXISTS');
    assert.equal(exists.path, p);
    assert.equal(exists.op, 'create');
    assert.equal(exists.retryable, false);
    await rejectsWith(client.setData(p, 'y', { version: 7 }), 'BAD_VERSION');
    await rejectsWith(client.delete(p, { version: 7 }), 'BAD_VERSION');
    await client.create(`${p}/kid`, null);
    await rejectsWith(client.delete(p), 'NOT_EMPTY');
    const eph = await client.create(`${p}/eph`, null, { mode: 'ephemeral' });
    await rejectsWith(client.create(`${eph}/x`, null), 'NO_CHILDREN_FOR_EPHEMERALS');
    await client.delete(p, { recursive: true });
  });

  test('sync, getAcl and delete of the root are handled', async () => {
    await client.sync('/');
    const { acl } = await client.getAcl('/t');
    assert.deepEqual(acl, [{ perms: 31, scheme: 'world', id: 'anyone' }]);
    await rejectsWith(client.delete('/'), 'INVALID_PATH');
  });

  test('a one-shot watch fires once with the event type', async () => {
    const p = uniquePath('watch');
    const events: string[] = [];
    assert.equal(await client.exists(p, { watch: (e) => events.push(`exists:${e.type}`) }), null);
    await client.create(p, 'a');
    const fired = new Promise<void>((resolve) => {
      void client.getData(p, { watch: (e) => { events.push(`data:${e.type}`); resolve(); } });
    });
    await new Promise((r) => setTimeout(r, 50));
    await client.setData(p, 'b');
    await fired;
    await client.setData(p, 'c');
    const kids = new Promise<void>((resolve) => {
      void client.getChildren(p, { watch: (e) => { events.push(`children:${e.type}`); resolve(); } });
    });
    await new Promise((r) => setTimeout(r, 50));
    await client.create(`${p}/x`, null);
    await kids;
    await client.delete(p, { recursive: true });
    assert.deepEqual(events, ['exists:created', 'data:dataChanged', 'children:childrenChanged']);
  });

  test('calls after close fail with CLOSED and close is idempotent', async () => {
    const c = await suite.open();
    await c.close();
    await c.close();
    assert.equal(c.state, 'closed');
    await rejectsWith(c.getData('/'), 'CLOSED');
    await rejectsWith(c.connect(), 'CLOSED');
  });

  test('ephemeral nodes vanish when their client closes', async () => {
    const p = uniquePath('gone');
    const c = await suite.open();
    await c.create(p, null, { mode: 'ephemeral' });
    assert.ok(await client.exists(p));
    await c.close();
    assert.equal(await client.exists(p), null);
  });

  test('a chroot in the connect string scopes every path', async () => {
    await client.create('/t/app', null);
    const c = await suite.open(`${suite.server.connectString}/t/app`);
    try {
      assert.equal(c.chroot, '/t/app');
      assert.equal(await c.create('/inside', 'x'), '/inside');
      assert.equal((await client.getData('/t/app/inside')).data.toString(), 'x');
      const seq = await c.create('/s-', null, { mode: 'ephemeral-sequential' });
      assert.match(seq, /^\/s-\d{10}$/);
    } finally {
      await c.close();
    }
  });
});
