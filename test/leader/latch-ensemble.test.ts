import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { LeaderLatch, ZkClient } from '../../src/index.js';
import { TestingCluster } from '../../src/testing/index.js';
import { eventually, uniquePath } from '../support/zk.js';
import { LeaderSampler, TransitionLog } from './support.js';

describe('LeaderLatch on a 3-server ensemble', () => {
  let cluster: TestingCluster;
  const clients: ZkClient[] = [];
  const latches: LeaderLatch[] = [];

  before(async () => {
    cluster = await TestingCluster.start({ servers: 3, tickTimeMs: 200 });
  });
  after(async () => {
    await Promise.all(latches.map((l) => l.close()));
    await Promise.all(clients.map((c) => c.close()));
    await cluster.close();
  });

  test('killing the ensemble leader while a latch leads leaves exactly one latch leader', async () => {
    const path = uniquePath('ensemble');
    const log = new TransitionLog();
    for (let i = 0; i < 3; i++) {
      const client = new ZkClient({ connect: cluster.connectString, sessionTimeoutMs: 10_000, connectTimeoutMs: 20_000 });
      clients.push(client);
      await client.connect();
      const latch = log.add(`n${i}`, new LeaderLatch(client, path, { participantId: `n${i}` }));
      latches.push(latch);
      await latch.start();
    }
    const leaders = (): string[] => latches.filter((l) => l.hasLeadership).map((l) => l.participantId);
    assert.deepEqual(leaders(), ['n0']);
    const sampler = new LeaderSampler(leaders);
    try {
      const zkLeader = await cluster.leader();
      await zkLeader.kill();
      await cluster.waitForQuorum({ timeoutMs: 60_000 });
      await eventually(async () => {
        const now = leaders();
        if (now.length !== 1) return false;
        const named = await latches[1].getLeader({ timeoutMs: 5_000 }).catch(() => undefined);
        return named?.id === now[0];
      }, 60_000, 50);
    } finally {
      sampler.stop();
    }
    assert.deepEqual(sampler.overlaps, [], 'never two latch leaders at one sampled instant');
    // Without a quorum the servers drop every client: the latch leader had to step down.
    assert.equal(log.of('n0').find((t) => !t.isLeader)?.cause, 'suspended');
    const epochs = log.transitions.filter((t) => t.isLeader).map((t) => t.epoch);
    assert.deepEqual([...epochs].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)), epochs, 'epochs never go back');
  });
});
