import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ZkClient } from '../../src/index.js';
import { TestingCluster, fourLetterWord } from '../../src/testing/index.js';

describe('a client on a 3-node ensemble', () => {
  let cluster: TestingCluster;
  before(async () => {
    cluster = await TestingCluster.start({ servers: 3, tickTimeMs: 200 });
  });
  after(async () => {
    await cluster?.close();
  });

  test('operations keep working when the server the client talks to is killed', async () => {
    const client = new ZkClient({ connect: cluster.connectString, sessionTimeoutMs: 8000 });
    await client.connect();
    try {
      await client.create('/cluster', 'v0');
      const session = client.sessionId;
      // Find the member that holds our connection (`cons` lists it) and kill it.
      let victim = cluster.members[0];
      for (const m of cluster.members) {
        const cons = await fourLetterWord('127.0.0.1', m.clientPort, 'cons');
        if (cons.includes(`sid=0x${session}`)) victim = m;
      }
      await victim.kill();
      for (let i = 1; i <= 20; i++) {
        await client.setData('/cluster', `v${i}`);
      }
      assert.equal((await client.getData('/cluster')).data.toString(), 'v20');
      assert.equal(client.sessionId, session, 'the session moved to another server');
      await victim.restart();
      await cluster.waitForQuorum();
    } finally {
      await client.close();
    }
  });
});
