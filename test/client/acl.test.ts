import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CREATOR_ALL_ACL, Perms, READ_ACL_UNSAFE, ZkError, digestAcl, type ZkClient } from '../../src/index.js';
import { expireSession, type TestingServer } from '../../src/testing/index.js';
import { connectClient, startServer, uniquePath, waitForNewSession } from '../support/zk.js';

describe('ACLs and authentication', () => {
  let server: TestingServer;
  let admin: ZkClient;
  before(async () => {
    server = await startServer();
    admin = await connectClient(server.connectString, { auth: [{ scheme: 'digest', credentials: 'admin:s3cret' }] });
    await admin.create('/t', null);
  });
  after(async () => {
    await admin?.close();
    await server?.close();
  });

  test('a digest-protected node refuses an unauthenticated client and admits an authenticated one', async () => {
    const p = uniquePath('secret');
    await admin.create(p, 'top secret', { acl: [digestAcl('admin', 's3cret')] });
    const { acl } = await admin.getAcl(p);
    assert.deepEqual(acl, [digestAcl('admin', 's3cret', Perms.ALL)]);

    const stranger = await connectClient(server.connectString);
    try {
      await assert.rejects(stranger.getData(p), (e: unknown) => e instanceof ZkError && e.code === 'NO_AUTH' && e.path === p);
      await assert.rejects(stranger.setData(p, 'x'), (e: unknown) => e instanceof ZkError && e.code === 'NO_AUTH');
      await stranger.addAuth({ scheme: 'digest', credentials: 'admin:wrong' });
      await assert.rejects(stranger.getData(p), (e: unknown) => e instanceof ZkError && e.code === 'NO_AUTH');
      await stranger.addAuth({ scheme: 'digest', credentials: 'admin:s3cret' });
      assert.equal((await stranger.getData(p)).data.toString(), 'top secret');
    } finally {
      await stranger.close();
    }
  });

  test('auth from the options is applied again on a new session', async () => {
    const p = uniquePath('renewed');
    await admin.create(p, 'x', { acl: CREATOR_ALL_ACL });
    const before = admin.sessionId;
    const renewed = waitForNewSession(admin);
    await expireSession(admin);
    await renewed;
    assert.notEqual(admin.sessionId, before);
    assert.equal((await admin.getData(p)).data.toString(), 'x');
  });

  test('defaultAcl applies to every create without an acl; setAcl changes it', async () => {
    const c = await connectClient(server.connectString, { defaultAcl: READ_ACL_UNSAFE });
    try {
      const p = uniquePath('readonly');
      await c.create(p, 'r');
      assert.deepEqual((await c.getAcl(p)).acl, [...READ_ACL_UNSAFE]);
      await assert.rejects(c.setData(p, 'w'), (e: unknown) => e instanceof ZkError && e.code === 'NO_AUTH');
      await assert.rejects(c.setAcl(p, [{ perms: Perms.ALL, scheme: 'world', id: 'anyone' }]), (e: unknown) => e instanceof ZkError && e.code === 'NO_AUTH');
      const open = uniquePath('open');
      await admin.create(open, 'o');
      await admin.setAcl(open, [{ perms: Perms.ALL, scheme: 'world', id: 'anyone' }], { version: 0 });
      await assert.rejects(admin.setAcl(open, READ_ACL_UNSAFE, { version: 0 }), (e: unknown) => e instanceof ZkError && e.code === 'BAD_VERSION');
      await admin.setAcl(open, [{ perms: Perms.READ | Perms.WRITE, scheme: 'world', id: 'anyone' }], { version: 1 });
      // Without ADMIN permission nobody may change the ACL again.
      await assert.rejects(admin.setAcl(open, READ_ACL_UNSAFE), (e: unknown) => e instanceof ZkError && e.code === 'NO_AUTH');
      assert.equal((await admin.getAcl(open)).stat.aversion, 2);
    } finally {
      await c.close();
    }
  });

  test('getAcl failures are typed errors (the addon would crash on them)', async () => {
    await assert.rejects(admin.getAcl(uniquePath('missing')), (e: unknown) => e instanceof ZkError && e.code === 'NO_NODE');
    const p = uniquePath('unreadable');
    await admin.create(p, 'x', { acl: [digestAcl('admin', 's3cret')] });
    const stranger = await connectClient(server.connectString);
    try {
      await assert.rejects(stranger.getAcl(p), (e: unknown) => e instanceof ZkError && e.code === 'NO_AUTH');
    } finally {
      await stranger.close();
    }
  });

  test('parents made by createParents get the defaultAcl too', async () => {
    const team = await connectClient(server.connectString, {
      auth: [{ scheme: 'digest', credentials: 'team:pw' }], defaultAcl: [digestAcl('team', 'pw')],
    });
    const stranger = await connectClient(server.connectString);
    try {
      const base = uniquePath('team');
      await team.create(`${base}/queue/item-`, 'x', { mode: 'persistent-sequential', createParents: true });
      assert.deepEqual((await team.getAcl(`${base}/queue`)).acl, [digestAcl('team', 'pw')]);
      await assert.rejects(stranger.create(`${base}/queue/intruder`, 'x'), (e: unknown) => e instanceof ZkError && e.code === 'NO_AUTH');
    } finally {
      await stranger.close();
      await team.close();
    }
  });
});
