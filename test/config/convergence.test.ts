import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { ConfigWatcher } from '../../recipes/config/index.js';
import type { ZkClient } from '../../src/index.js';
import { expireSession, FaultProxy, type TestingServer } from '../../src/testing/index.js';
import { eventually, uniquePath } from '../support/zk.js';
import { zkSuite } from '../support/zk-suite.js';
import { dataWatchesBySession } from '../support/server-watches.js';

interface Seq { seq: number }

/** A watcher and everything it reported, as [version, value.seq] pairs. */
interface Observed { watcher: ConfigWatcher<Seq>; reports: [number, number][] }

async function observe(client: ZkClient, path: string): Promise<Observed> {
  const watcher = new ConfigWatcher<Seq>(client, path);
  const reports: [number, number][] = [];
  watcher.on('change', (value) => reports.push([watcher.version!, value.seq]));
  const first = await watcher.start({ timeoutMs: 20_000 });
  reports.unshift([watcher.version!, first.seq]);
  return { watcher, reports };
}

/** Never older than already reported, each value the one written at its version, ending on `last`. */
function assertConverged({ watcher, reports }: Observed, last: number): void {
  for (let i = 1; i < reports.length; i++) {
    assert.ok(reports[i][0] > reports[i - 1][0], `went back from version ${reports[i - 1][0]} to ${reports[i][0]}`);
  }
  for (const [version, seq] of reports) assert.equal(seq, version, 'value and version disagree');
  assert.equal(watcher.value.seq, last);
  assert.equal(watcher.version, last);
}

describe('ConfigWatcher convergence (real ZooKeeper)', () => {
  const suite = zkSuite();
  const open = (connect?: string): Promise<ZkClient> => suite.open(connect);
  let server: TestingServer;
  let writerClient: ZkClient;

  /** A started writer whose node holds { seq: 0 } at version 0. */
  async function newConfig(): Promise<{ path: string; writer: ConfigWatcher<Seq> }> {
    const path = uniquePath('conv');
    const writer = new ConfigWatcher<Seq>(writerClient, path, { defaultValue: { seq: -1 } });
    await writer.start({ timeoutMs: 10_000 });
    await writer.publish({ seq: 0 });
    return { path, writer };
  }

  before(async () => {
    server = suite.server;
    writerClient = await open();
  });


  test('500 rapid updates, 10 watchers on separate sessions: all end on the final value, none goes back; no watch left after close', async (t) => {
    const { path, writer } = await newConfig();
    const observed: Observed[] = [];
    const sessions: string[] = [];
    for (let i = 0; i < 10; i++) {
      const client = await open();
      sessions.push(client.sessionId ?? '');
      observed.push(await observe(client, path));
    }

    for (let seq = 1; seq <= 500; seq++) await writer.publish({ seq });
    await eventually(() => observed.every((o) => o.watcher.version === 500), 60_000);
    for (const o of observed) assertConverged(o, 500);
    t.diagnostic(`values reported per watcher: ${observed.map((o) => o.reports.length).join(', ')} (of 501)`);

    // Closed watchers re-arm nothing: once their last watch fires, their sessions hold none.
    for (const o of observed) await o.watcher.close();
    await writer.publish({ seq: 501 });
    await eventually(async () => {
      const watches = await dataWatchesBySession(server);
      // wchc may still list a session with no paths under it.
      return sessions.every((s) => (watches.get(s.toLowerCase()) ?? []).length === 0);
    });
    await writer.close();
  });

  test('a watcher cut off by a FaultProxy during updates catches up after restore', async (t) => {
    const { path, writer } = await newConfig();
    const proxy = await FaultProxy.start({ target: server.connectString });
    try {
      const client = await open(proxy.connectString);
      const states: string[] = [];
      client.on('state', (st) => states.push(st));
      const o = await observe(client, path);
      for (let seq = 1; seq <= 100; seq++) {
        if (seq === 30) proxy.cut();
        if (seq === 70) proxy.restore();
        await writer.publish({ seq });
      }
      await eventually(() => o.watcher.version === 100, 30_000);
      assertConverged(o, 100);
      t.diagnostic(`client states: ${states.join(' → ')}`);
      await o.watcher.close();
    } finally {
      await proxy.close();
      await writer.close();
    }
  });

  test('after expireSession during updates, a watcher rebuilds on the new session and catches up', async () => {
    const { path, writer } = await newConfig();
    const client = await open();
    const o = await observe(client, path);
    const oldSession = client.sessionId;
    const writing = (async () => {
      for (let seq = 1; seq <= 200; seq++) await writer.publish({ seq });
    })();
    await expireSession(client);
    await writing;
    await eventually(() => o.watcher.version === 200, 30_000);
    assert.notEqual(client.sessionId, oldSession);
    assertConverged(o, 200);
    await o.watcher.close();
    await writer.close();
  });

  test('an invalid publish by another client leaves every watcher on the last good value and fires invalid', async () => {
    const { path, writer } = await newConfig();
    const observed: Observed[] = [];
    for (let i = 0; i < 3; i++) observed.push(await observe(await open(), path));
    const invalid = observed.map(() => 0);
    observed.forEach((o, i) => o.watcher.on('invalid', () => { invalid[i] = invalid[i] + 1; }));
    await writerClient.setData(path, '{"seq": 1,');
    await eventually(() => invalid.every((n) => n === 1));
    for (const o of observed) {
      assert.deepEqual(o.watcher.value, { seq: 0 });
      assert.equal(o.watcher.version, 0);
    }
    // The next good value goes through (the writer's default CAS is based on the bad version it saw).
    await eventually(() => writer.version === 0);
    await writer.publish({ seq: 2 }, { expectedVersion: 1 });
    await eventually(() => observed.every((o) => o.watcher.version === 2));
    for (const o of observed) await o.watcher.close();
    await writer.close();
  });
});
