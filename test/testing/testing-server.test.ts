import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { FaultProxy, fourLetterWord, TestingServer, ZooKeeperStartError } from '../../src/testing/index.js';
import { isGoneAndReaped } from './helpers.js';

/** `ruok` over a plain socket, without the helper under test. */
function rawRuok(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let reply = '';
    const socket = connect({ host: '127.0.0.1', port }, () => socket.end('ruok'));
    socket.on('data', (chunk: Buffer) => (reply += chunk.toString()));
    socket.on('end', () => resolve(reply));
    socket.on('error', reject);
  });
}

function snapshotFiles(dataDir: string): string[] {
  return readdirSync(join(dataDir, 'version-2')).filter((name) => name.startsWith('snapshot.') || name.startsWith('log.'));
}

void describe('TestingServer', () => {
  let server: TestingServer;
  /** Every pid this suite saw; all must be gone once the servers are closed. */
  const pids = new Set<number>();
  const record = (pid: number | undefined): void => {
    if (pid !== undefined) pids.add(pid);
  };

  before(async () => {
    server = await TestingServer.start();
    record(server.pid);
  });

  after(async () => {
    await server.close();
    for (const pid of pids) assert.ok(isGoneAndReaped(pid), `server pid ${pid} still exists`);
  });

  void test('answers ruok with imok on a raw socket, on 127.0.0.1', async () => {
    assert.match(server.connectString, /^127\.0\.0\.1:\d+$/);
    assert.equal(server.connectString, `127.0.0.1:${server.port}`);
    assert.notEqual(server.port, 2181);
    assert.equal(await rawRuok(server.port), 'imok');
  });

  void test('srvr, mntr and cons answer through fourLetterWord', async () => {
    assert.match(await fourLetterWord('127.0.0.1', server.port, 'srvr'), /^Mode: standalone$/m);
    assert.match(await fourLetterWord('127.0.0.1', server.port, 'mntr'), /^zk_server_state\tstandalone$/m);
    assert.match(await fourLetterWord('127.0.0.1', server.port, 'cons'), /127\.0\.0\.1/);
    await assert.rejects(fourLetterWord('127.0.0.1', server.port, 'RUOK'), TypeError);
  });

  void test('its log goes to a file in its temp dir', () => {
    assert.ok(server.tempDir.startsWith(join(tmpdir(), 'zk-recipes-')));
    assert.ok(server.logFile.startsWith(server.tempDir));
    assert.match(readFileSync(server.logFile, 'utf8'), /binding to port/);
  });

  void test('a FaultProxy in front of the server passes, cuts and blackholes its traffic', async () => {
    await using proxy = await FaultProxy.start({ target: server.connectString });
    assert.equal(await fourLetterWord('127.0.0.1', proxy.port, 'ruok'), 'imok');
    proxy.cut();
    await assert.rejects(fourLetterWord('127.0.0.1', proxy.port, 'ruok', { timeoutMs: 2_000 }));
    proxy.blackhole();
    await assert.rejects(fourLetterWord('127.0.0.1', proxy.port, 'ruok', { timeoutMs: 300 }), /timed out/);
    proxy.restore();
    assert.equal(await fourLetterWord('127.0.0.1', proxy.port, 'ruok'), 'imok');
  });

  void test('restart keeps the port and the data', async () => {
    const before = snapshotFiles(server.dataDir);
    assert.ok(before.length > 0, 'a snapshot exists after start');
    const { port, dataDir } = server;
    const oldPid = server.pid;
    await server.restart();
    record(server.pid);
    assert.notEqual(server.pid, oldPid);
    assert.equal(server.port, port);
    assert.equal(server.dataDir, dataDir);
    const afterRestart = snapshotFiles(server.dataDir);
    for (const file of before) assert.ok(afterRestart.includes(file), `${file} survived the restart`);
    assert.equal(await rawRuok(port), 'imok');
  });

  void test('stop leaves the port closed until restart', async () => {
    await server.stop();
    assert.equal(server.pid, undefined);
    assert.equal(server.running, false);
    await assert.rejects(rawRuok(server.port), { code: 'ECONNREFUSED' });
    await server.restart();
    record(server.pid);
    assert.equal(await rawRuok(server.port), 'imok');
  });

  void test('kill (a crash) then restart recovers', async () => {
    const killed = server.pid;
    await server.kill();
    assert.ok(killed !== undefined && isGoneAndReaped(killed));
    await server.restart();
    record(server.pid);
    assert.equal(await rawRuok(server.port), 'imok');
  });

  void test('close removes the temp dir but not a dataDir passed in; options reach the JVM', async () => {
    const ownDataDir = mkdtempSync(join(tmpdir(), 'zk-recipes-test-data-'));
    try {
      const other = await TestingServer.start({ dataDir: ownDataDir, tickTimeMs: 200, extendedTypes: true, forceSync: true, jvmArgs: ['-Dzk.recipes.test=1'] });
      record(other.pid);
      const cmdline = readFileSync(`/proc/${other.pid}/cmdline`, 'utf8').split('\0');
      assert.ok(cmdline.includes('-Dzookeeper.extendedTypesEnabled=true'));
      assert.ok(cmdline.includes('-Dzk.recipes.test=1'));
      assert.match(readFileSync(join(other.tempDir, 'zoo.cfg'), 'utf8'), /^tickTime=200$/m);
      assert.match(readFileSync(join(other.tempDir, 'zoo.cfg'), 'utf8'), /^forceSync=yes$/m);
      assert.match(readFileSync(join(server.tempDir, 'zoo.cfg'), 'utf8'), /^forceSync=no$/m, 'no fsync by default');
      assert.equal(await rawRuok(other.port), 'imok');
      await other.close();
      await other.close(); // idempotent
      assert.equal(existsSync(other.tempDir), false);
      assert.ok(snapshotFiles(ownDataDir).length > 0, 'the given dataDir keeps its data');
    } finally {
      rmSync(ownDataDir, { recursive: true, force: true });
    }
  });

  void test('a port that is taken fails the start with the log tail', async () => {
    // Close whatever connects (our own ruok polls): an accepted socket left
    // unread would keep blocker.close() waiting forever.
    const blocker = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => blocker.listen({ host: '127.0.0.1', port: 0 }, resolve));
    const { port } = blocker.address() as { port: number };
    try {
      await assert.rejects(TestingServer.start({ port }), (error: unknown) => {
        assert.ok(error instanceof ZooKeeperStartError);
        assert.equal(error.code, 'ZOOKEEPER_START_FAILED');
        assert.match(error.logTail, /Address already in use/);
        return true;
      });
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });
});
