import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import {
  fourLetterWord,
  locateZooKeeper,
  TestingCluster,
  TestingServer,
  ZooKeeperNotInstalledError,
} from '../../src/testing/index.js';
import { isGoneAndReaped } from './helpers.js';

const INSTALL_COMMAND = 'apt-get update && apt-get install -y zookeeper';

function isNotInstalled(missing: 'zookeeper' | 'java') {
  return (error: unknown): boolean => {
    assert.ok(error instanceof ZooKeeperNotInstalledError);
    assert.equal(error.name, 'ZooKeeperNotInstalledError');
    assert.equal(error.code, 'ZOOKEEPER_NOT_INSTALLED');
    assert.equal(error.missing, missing);
    return true;
  };
}

/** Runs `fn` with process.env.ZOOKEEPER_HOME set to `home`, then puts it back. */
async function withZooKeeperHome<T>(home: string, fn: () => Promise<T>): Promise<T> {
  const saved = process.env.ZOOKEEPER_HOME;
  process.env.ZOOKEEPER_HOME = home;
  try {
    return await fn();
  } finally {
    if (saved === undefined) delete process.env.ZOOKEEPER_HOME;
    else process.env.ZOOKEEPER_HOME = saved;
  }
}


void describe('finding ZooKeeper and Java', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'zk-recipes-test-install-'));
  after(() => rmSync(scratch, { recursive: true, force: true }));

  void test('a ZOOKEEPER_HOME without a server jar is ZooKeeperNotInstalledError naming the fix', () => {
    const empty = join(scratch, 'empty-home');
    mkdirSync(join(empty, 'lib'), { recursive: true });
    assert.throws(() => locateZooKeeper({ ...process.env, ZOOKEEPER_HOME: empty }), (error: unknown) => {
      isNotInstalled('zookeeper')(error);
      const { message } = error as Error;
      assert.ok(message.includes(INSTALL_COMMAND), message);
      assert.ok(message.includes('ZOOKEEPER_HOME'), message);
      assert.ok(message.includes(empty), message);
      return true;
    });
  });

  void test('TestingServer.start and TestingCluster.start reject the same way, leaving no temp dir', async () => {
    const missing = join(scratch, 'does-not-exist');
    // os.tmpdir() follows TMPDIR, so a private one shows exactly what was created.
    const privateTmp = join(scratch, 'tmp');
    mkdirSync(privateTmp);
    const savedTmp = process.env.TMPDIR;
    process.env.TMPDIR = privateTmp;
    try {
      await withZooKeeperHome(missing, async () => {
        await assert.rejects(TestingServer.start(), isNotInstalled('zookeeper'));
        await assert.rejects(TestingCluster.start(), isNotInstalled('zookeeper'));
      });
    } finally {
      if (savedTmp === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = savedTmp;
    }
    assert.deepEqual(readdirSync(privateTmp), []);
  });

  void test('no java on the PATH is ZooKeeperNotInstalledError naming the JRE package', () => {
    const env = { PATH: join(scratch, 'no-bin') };
    assert.throws(() => locateZooKeeper(env), (error: unknown) => {
      isNotInstalled('java')(error);
      assert.match((error as Error).message, /apt-get install -y default-jre-headless/);
      return true;
    });
  });

  void test('the Debian package is found when ZOOKEEPER_HOME is unset', () => {
    const { ZOOKEEPER_HOME: _ignored, ...env } = process.env;
    const install = locateZooKeeper(env);
    assert.equal(install.source, 'debian');
    assert.ok(install.classPath.includes('/usr/share/java/zookeeper.jar'));
    assert.match(install.java, /\/java$/);
  });

  void test('a ZOOKEEPER_HOME laid out like an Apache release starts a server', async () => {
    // lib/zookeeper-3.8.0.jar as in the release tarball; Debian's jar names
    // its dependencies in its manifest, so the one symlink is enough.
    const home = join(scratch, 'apache-home');
    mkdirSync(join(home, 'lib'), { recursive: true });
    mkdirSync(join(home, 'conf'));
    symlinkSync('/usr/share/java/zookeeper.jar', join(home, 'lib', 'zookeeper-3.8.0.jar'));
    const install = locateZooKeeper({ ...process.env, ZOOKEEPER_HOME: home });
    assert.equal(install.source, 'ZOOKEEPER_HOME');
    assert.deepEqual(install.classPath, [join(home, 'conf'), join(home, 'lib', 'zookeeper-3.8.0.jar')]);

    const server = await withZooKeeperHome(home, () => TestingServer.start());
    const pid = server.pid;
    try {
      assert.equal(await fourLetterWord('127.0.0.1', server.port, 'ruok'), 'imok');
    } finally {
      await server.close();
    }
    assert.ok(pid !== undefined && isGoneAndReaped(pid));
  });
});
