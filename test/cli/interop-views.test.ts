import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { after, before, describe, test } from 'node:test';
import type { TestingServer } from '../../src/testing/index.js';
import { compileJava, curatorUnavailable, JavaPeer, kazooUnavailable } from '../interop/java-peer.js';
import { eventually, startServer, uniquePath } from '../support/zk.js';
import { zkrJson } from './zkr-process.js';

const PEER_SOURCE = fileURLToPath(new URL('../interop/java/ZkrRecipePeer.java', import.meta.url));
const KAZOO_SCRIPT = fileURLToPath(new URL('../interop/python/zkr_kazoo_locks.py', import.meta.url));

interface Entry { role: string; participant: string; naming: string; recipe: string; sessionId: string; ephemeral: boolean }

describe('zkr: views of nodes made by Curator 5.4 and kazoo', () => {
  let server: TestingServer;
  let peer: JavaPeer | undefined;
  const curatorMissing = curatorUnavailable();
  const kazooMissing = kazooUnavailable();
  const s = (): string[] => ['-s', server.connectString];

  before(async () => {
    server = await startServer();
    if (!curatorMissing) {
      peer = JavaPeer.start(compileJava([PEER_SOURCE]), 'ZkrRecipePeer', [server.connectString]);
      assert.equal(await peer.nextReply(60_000), 'READY');
    }
  });

  after(async () => {
    if (peer) {
      await peer.request('quit').catch(() => undefined);
      await peer.stop();
    }
    await server?.close();
  });

  test('locks: an InterProcessMutex holder and its waiter', async (t) => {
    if (curatorMissing) { t.skip(curatorMissing); return; }
    const path = uniquePath('cur-mutex');
    assert.equal(await peer!.request(`lock ${path} holder-A`), 'OK');
    await peer!.waitForEvent((e) => e === 'locked holder-A');
    assert.equal(await peer!.request(`lock ${path} waiter-B`), 'OK');
    let view: { holders: number; entries: Entry[] } | undefined;
    await eventually(async () => {
      const v = await zkrJson<{ holders: number; entries: Entry[] }>([...s(), 'locks', path]);
      view = v;
      return v.entries.length === 2;
    }, 20_000, 100);
    assert.deepEqual(view!.entries.map((e) => [e.role, e.participant, e.naming, e.recipe]),
      [['holder', 'holder-A', 'curator', 'lock'], ['waiter', 'waiter-B', 'curator', 'lock']]);
    assert.ok(view!.entries.every((e) => e.ephemeral && e.sessionId !== '0x0'));
    assert.ok(!peer!.events.includes('locked waiter-B'));
  });

  test('locks: an InterProcessReadWriteLock with readers ahead of a writer', async (t) => {
    if (curatorMissing) { t.skip(curatorMissing); return; }
    const path = uniquePath('cur-rw');
    assert.equal(await peer!.request(`read ${path} r1`), 'OK');
    await peer!.waitForEvent((e) => e === 'locked r1');
    assert.equal(await peer!.request(`write ${path} w1`), 'OK');
    await eventually(async () => (await zkrJson<{ entries: Entry[] }>([...s(), 'locks', path])).entries.length === 2, 20_000, 100);
    assert.equal(await peer!.request(`read ${path} r2`), 'OK');
    let view: { kind: string; entries: Entry[] } | undefined;
    await eventually(async () => {
      const v = await zkrJson<{ kind: string; entries: Entry[] }>([...s(), 'locks', path]);
      view = v;
      return v.entries.length === 3;
    }, 20_000, 100);
    assert.equal(view!.kind, 'read-write lock');
    // Curator queues a reader behind an earlier writer: r2 waits although only readers hold.
    assert.deepEqual(view!.entries.map((e) => [e.participant, e.role, e.recipe]),
      [['r1', 'holder', 'read lock (Curator)'], ['w1', 'waiter', 'write lock (Curator)'], ['r2', 'waiter', 'read lock (Curator)']]);
    assert.ok(!peer!.events.includes('locked r2'));
  });

  test('leader: a LeaderLatch group, leader as Curator reports it', async (t) => {
    if (curatorMissing) { t.skip(curatorMissing); return; }
    const path = uniquePath('cur-latch');
    assert.equal(await peer!.request(`latch ${path} latch-A`), 'OK');
    await peer!.waitForEvent((e) => e === 'leader latch-A');
    assert.equal(await peer!.request(`latch ${path} latch-B`), 'OK');
    let view: { leader: Entry | null; candidates: Entry[] } | undefined;
    await eventually(async () => {
      const v = await zkrJson<{ leader: Entry | null; candidates: Entry[] }>([...s(), 'leader', path]);
      view = v;
      return v.candidates.length === 2;
    }, 20_000, 100);
    assert.equal(view!.leader!.participant, 'latch-A');
    assert.deepEqual(view!.candidates.map((c) => [c.participant, c.role, c.recipe]), [['latch-A', 'leader', 'leader latch'], ['latch-B', 'candidate', 'leader latch']]);
  });

  test('services: an instance registered with curator-x-discovery', async (t) => {
    if (curatorMissing) { t.skip(curatorMissing); return; }
    const base = uniquePath('cur-services');
    assert.equal(await peer!.request(`register ${base} orders inst-7 10.1.2.3 8081`), 'OK');
    const view = await zkrJson<{ services: { name: string; instances: { id: string; address: string; port: number; registrationTimeUTC: number; serviceType: string; payload: Record<string, unknown>; problem: string | null }[] }[] }>([...s(), 'services', '-b', base]);
    const instance = view.services[0].instances[0];
    assert.deepEqual([view.services[0].name, instance.id, instance.address, instance.port, instance.serviceType, instance.problem], ['orders', 'inst-7', '10.1.2.3', 8081, 'DYNAMIC', null]);
    assert.ok(instance.registrationTimeUTC > Date.now() - 600_000);
    assert.equal(instance.payload.zone, 'eu-1');
  });

  test('locks: kazoo Lock and ReadLock/WriteLock holders and waiters', async (t) => {
    if (kazooMissing) { t.skip(kazooMissing); return; }
    const lockPath = uniquePath('kz-lock');
    const rwPath = uniquePath('kz-rw');
    const child = spawn('/usr/bin/python3', [KAZOO_SCRIPT, server.connectString, lockPath, rwPath], { stdio: 'pipe' });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const exited = new Promise((resolve) => child.on('close', resolve));
    try {
      const lines = createInterface({ input: child.stdout });
      const ready = await new Promise<string>((resolve, reject) => {
        lines.once('line', resolve);
        child.once('close', () => reject(new Error(`kazoo script exited: ${stderr}`)));
      });
      assert.equal(ready, 'READY');
      const lock = await zkrJson<{ entries: Entry[]; warnings: string[] }>([...s(), 'locks', lockPath]);
      assert.deepEqual(lock.entries.map((e) => [e.participant, e.role, e.naming, e.recipe]),
        [['kz-A', 'holder', 'kazoo', 'lock (kazoo)'], ['kz-B', 'waiter', 'kazoo', 'lock (kazoo)']]);
      assert.deepEqual(lock.warnings, []);
      const rw = await zkrJson<{ kind: string; entries: Entry[] }>([...s(), 'locks', rwPath]);
      assert.equal(rw.kind, 'read-write lock');
      assert.deepEqual(rw.entries.map((e) => [e.participant, e.role, e.recipe]),
        [['kz-R', 'holder', 'read lock (kazoo)'], ['kz-W', 'waiter', 'lock (kazoo)']]);
    } finally {
      child.stdin.end();
      await exited;
    }
  });
});
