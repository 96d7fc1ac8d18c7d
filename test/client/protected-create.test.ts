import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { ZkClient, isProtectedName, unprotectedName } from '../../src/index.js';
import { FaultProxy } from '../../src/testing/index.js';
import { zkSuite } from '../support/zk-suite.js';
import { uniquePath } from '../support/zk.js';

describe('protected mode', () => {
  const suite = zkSuite();
  let observer: ZkClient;
  before(async () => {
    observer = await suite.open();
    await observer.create('/t', null);
  });

  test('names follow Curator: _c_<uuid>-<name><seq>', async () => {
    const parent = uniquePath('names');
    const p = await observer.create(`${parent}/lock-`, 'x', { mode: 'ephemeral-sequential', protected: true, createParents: 'container' });
    const name = p.slice(parent.length + 1);
    assert.match(name, /^_c_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-lock-\d{10}$/);
    assert.ok(isProtectedName(name));
    assert.match(unprotectedName(name), /^lock-\d{10}$/);
  });

  test('a create whose reply is lost is found again: exactly one node', async () => {
    const parent = uniquePath('lost-reply');
    await observer.create(parent, null);
    const proxy = await FaultProxy.start({ target: suite.server.connectString });
    const client = new ZkClient({ connect: proxy.connectString, sessionTimeoutMs: 15_000 });
    await client.connect();
    try {
      // Slow the link so the request reaches the server well before its reply could
      // come back, then cut the link as soon as the node exists: the reply is lost.
      proxy.delay(1500);
      const appeared = new Promise<void>((resolve) => {
        const check = async (): Promise<void> => {
          const { children } = await observer.getChildren(parent, { watch: () => { check().catch(() => undefined); } });
          if (children.length > 0) resolve();
        };
        void check();
      });
      const created = client.create(`${parent}/lock-`, 'mine', { mode: 'ephemeral-sequential', protected: true });
      await appeared;
      proxy.cut();
      setTimeout(() => proxy.restore(), 200);
      const path = await created;
      const { children } = await observer.getChildren(parent);
      assert.equal(children.length, 1, `children: ${children.join(', ')}`);
      assert.equal(`${parent}/${children[0]}`, path);
      assert.equal((await observer.exists(path))?.ephemeralOwner, client.sessionId);
    } finally {
      await client.close();
      await proxy.close();
    }
  });

  test('a protected create abandoned by its caller is cleaned up', async () => {
    const parent = uniquePath('abandoned');
    await observer.create(parent, null);
    const proxy = await FaultProxy.start({ target: suite.server.connectString });
    const client = new ZkClient({ connect: proxy.connectString, sessionTimeoutMs: 15_000 });
    await client.connect();
    try {
      proxy.delay(500);
      const controller = new AbortController();
      const created = client.create(`${parent}/n-`, null, { mode: 'persistent-sequential', protected: true, signal: controller.signal });
      setTimeout(() => controller.abort(), 100);
      await assert.rejects(created, { name: 'AbortError' });
      // The request was already on its way: the node is made, then deleted by the cleanup.
      const end = Date.now() + 15_000;
      let seen = false;
      for (;;) {
        const { children } = await observer.getChildren(parent);
        if (children.length > 0) seen = true;
        if (seen && children.length === 0) break;
        assert.ok(Date.now() < end, `left behind: ${children.join(', ')}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    } finally {
      await client.close();
      await proxy.close();
    }
  });
});
