import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fourLetterWord, TestingCluster } from '../../src/testing/index.js';
import { isGoneAndReaped } from './helpers.js';

/** Pids of every member that runs now; callers add them to their suite's record. */
function pidsOf(cluster: TestingCluster): number[] {
  return cluster.members.flatMap((member) => (member.pid === undefined ? [] : [member.pid]));
}

void describe('TestingCluster of 3', () => {
  let cluster: TestingCluster;
  const pids = new Set<number>();
  const record = (): void => pidsOf(cluster).forEach((pid) => pids.add(pid));

  before(async () => {
    cluster = await TestingCluster.start({ servers: 3 });
    record();
  });

  after(async () => {
    await cluster.close();
    assert.equal(existsSync(cluster.tempDir), false, 'temp dir removed');
    for (const pid of pids) assert.ok(isGoneAndReaped(pid), `member pid ${pid} still exists`);
  });

  void test('has exactly one leader and two followers, on loopback ports', async () => {
    const roles = await cluster.roles();
    assert.deepEqual([...roles].sort(), ['follower', 'follower', 'leader']);
    assert.deepEqual(
      cluster.members.map((member) => member.id),
      [1, 2, 3],
    );
    assert.equal(cluster.connectString, cluster.members.map((member) => `127.0.0.1:${member.clientPort}`).join(','));
    for (const member of cluster.members) {
      assert.equal(readFileSync(join(member.dataDir, 'myid'), 'utf8').trim(), String(member.id));
      assert.match(await fourLetterWord('127.0.0.1', member.clientPort, 'ruok'), /^imok$/);
    }
    const leader = await cluster.leader();
    assert.equal(await leader.role(), 'leader');
  });

  void test('killing the leader elects a different one', async () => {
    const old = await cluster.leader();
    await old.kill();
    assert.equal(await old.role(), 'down');
    await cluster.waitForQuorum({ timeoutMs: 20_000 });
    const next = await cluster.leader();
    assert.notEqual(next.id, old.id);
    const roles = await cluster.roles();
    assert.equal(roles.filter((role) => role === 'leader').length, 1);

    // The old leader comes back (same ports and data) as a follower.
    await old.restart();
    record();
    await cluster.waitForQuorum({ timeoutMs: 20_000 });
    assert.equal(await old.role(), 'follower');
    assert.equal((await cluster.leader()).id, next.id);
  });

  void test('a stopped follower is down and does not block waitForQuorum', async () => {
    const leader = await cluster.leader();
    const follower = cluster.members.find((member) => member !== leader)!;
    await follower.stop();
    assert.equal(follower.running, false);
    assert.equal(await follower.role(), 'down');
    await cluster.waitForQuorum({ timeoutMs: 20_000 });
    await follower.restart();
    record();
    await cluster.waitForQuorum({ timeoutMs: 20_000 });
    assert.notEqual(await follower.role(), 'down');
  });
});

void describe('TestingCluster of 3 + 1 observer', () => {
  let cluster: TestingCluster;
  const pids = new Set<number>();

  before(async () => {
    cluster = await TestingCluster.start({ servers: 3, observers: 1 });
    pidsOf(cluster).forEach((pid) => pids.add(pid));
  });

  after(async () => {
    await cluster.close();
    for (const pid of pids) assert.ok(isGoneAndReaped(pid), `member pid ${pid} still exists`);
  });

  void test('the observer reports observer, the others one leader and followers', async () => {
    assert.equal(cluster.members.length, 4);
    const observer = cluster.member(4);
    assert.equal(observer.observer, true);
    assert.equal(await observer.role(), 'observer');
    const voters = await Promise.all(cluster.members.filter((member) => !member.observer).map((member) => member.role()));
    assert.deepEqual(voters.sort(), ['follower', 'follower', 'leader']);
    assert.match(readFileSync(join(observer.dataDir, '..', 'zoo.cfg'), 'utf8'), /^peerType=observer$/m);
    assert.equal(cluster.connectString.split(',').length, 4);
  });
});
