import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { ZkClient, type WatchSnapshot } from '../../src/index.js';
import { FaultProxy, expireSession } from '../../src/testing/index.js';
import { zkSuite } from '../support/zk-suite.js';
import { connectClient, eventually, uniquePath, waitForNewSession, waitForState } from '../support/zk.js';

describe('client.watch(): a self re-arming watch', () => {
  const suite = zkSuite();
  let writer: ZkClient;
  before(async () => {
    writer = await suite.open();
    await writer.create('/t', null);
  });

  function collect(stream: AsyncIterable<WatchSnapshot>, into: WatchSnapshot[]): Promise<void> {
    return (async () => { for await (const s of stream) into.push(s); })();
  }

  test('data: initial value, creation, changes and deletion', async () => {
    const p = uniquePath('data');
    const seen: WatchSnapshot[] = [];
    const stream = writer.watch(p);
    const done = collect(stream, seen);
    await eventually(() => seen.length === 1);
    assert.equal(seen[0].stat, null);
    await writer.create(p, 'a');
    await eventually(() => seen.at(-1)?.data?.toString() === 'a');
    await writer.setData(p, 'b');
    await eventually(() => seen.at(-1)?.data?.toString() === 'b');
    await writer.delete(p);
    await eventually(() => seen.at(-1)?.stat === null && seen.length > 2);
    await stream.return();
    await done;
    assert.deepEqual(seen.map((s) => s.data?.toString() ?? null), [null, 'a', 'b', null]);
  });

  test('children: additions and removals', async () => {
    const p = uniquePath('kids');
    await writer.create(p, null);
    const seen: WatchSnapshot[] = [];
    const controller = new AbortController();
    const done = collect(writer.watch(p, { kind: 'children', signal: controller.signal }), seen);
    await eventually(() => seen.length === 1);
    await writer.create(`${p}/a`, null);
    await eventually(() => seen.at(-1)?.children?.length === 1);
    await writer.create(`${p}/b`, null);
    await eventually(() => seen.at(-1)?.children?.length === 2);
    await writer.delete(`${p}/a`);
    await eventually(() => seen.at(-1)?.children?.join() === 'b');
    controller.abort();
    await done;
  });

  test('changes arrive across a reconnect and across a new session', async () => {
    const p = uniquePath('survive');
    await writer.create(p, 'v0');
    const proxy = await FaultProxy.start({ target: suite.server.connectString });
    const client = new ZkClient({ connect: proxy.connectString, sessionTimeoutMs: 6000 });
    await client.connect();
    const seen: WatchSnapshot[] = [];
    const done = collect(client.watch(p), seen);
    try {
      await eventually(() => seen.length === 1);

      // A reconnect on the same session: the C client re-registers the watch.
      const suspended = waitForState(client, 'suspended');
      proxy.cut();
      await suspended;
      await writer.setData(p, 'v1');
      const back = waitForState(client, 'connected');
      proxy.restore();
      assert.equal((await back).newSession, false);
      await eventually(() => seen.at(-1)?.data?.toString() === 'v1');

      // A new session: the watch is gone with the old one and is armed again.
      const renewed = waitForNewSession(client);
      await expireSession(client);
      await renewed;
      await writer.setData(p, 'v2');
      await eventually(() => seen.at(-1)?.data?.toString() === 'v2');
      // Never an older value after a newer one.
      const versions = seen.map((s) => s.stat!.version);
      assert.deepEqual(versions, [...versions].sort((a, b) => a - b));
    } finally {
      await client.close();
      await done;
      await proxy.close();
    }
  });

  test('close() ends open streams', async () => {
    const client = await connectClient(suite.server.connectString);
    const seen: WatchSnapshot[] = [];
    const done = collect(client.watch('/t'), seen);
    await eventually(() => seen.length === 1);
    await client.close();
    await done;
  });
});
