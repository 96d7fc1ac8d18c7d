/**
 * Failures found by the bad-input and chaos suites in code this suite's
 * author may not change (src/). Each test states the expected behaviour; it
 * fails until the fix lands. See the assertion messages for what is wrong.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { TestingCluster } from '../../src/testing/index.js';
import { zkSuite } from '../support/zk-suite.js';
import { uniquePath } from '../support/zk.js';
import { abortedSignal, expectFailure } from './support.js';

describe('pending fix (src/client): a call whose signal is already aborted sends nothing', () => {
  const suite = zkSuite();

  test('create, setData and delete with an aborted signal reject with AbortError and change nothing', async () => {
    const client = await suite.open();
    const parent = uniquePath('aborted');
    await client.create(`${parent}/child`, 'v0', { createParents: true });
    await expectFailure('create with an aborted signal', 'ABORT', () => client.create(`${parent}/new`, 'x', { signal: abortedSignal() }));
    await expectFailure('setData with an aborted signal', 'ABORT', () => client.setData(`${parent}/child`, 'v1', { signal: abortedSignal() }));
    await expectFailure('delete with an aborted signal', 'ABORT', () => client.delete(`${parent}/child`, { signal: abortedSignal() }));
    await client.sync(parent);
    const { children } = await client.getChildren(parent);
    assert.deepEqual(children.sort(), ['child'],
      'src/client/operation-runner.ts: with an already-aborted signal, waitForConnected returns at once when connected and the '
      + 'attempt is sent before Deadline.race rejects: the create/delete was applied although the call rejected with AbortError');
    assert.equal((await client.getData(`${parent}/child`)).data.toString(), 'v0', 'setData with an aborted signal was applied');
  });
});

describe('pending fix (src/zk, the zookeeper binding): several clients in one process survive an ensemble leader failover', () => {
  let cluster: TestingCluster;
  before(async () => { cluster = await TestingCluster.start({ servers: 3 }); });
  after(async () => { await cluster?.close(); });

  test('six clients in one process keep working after the leader is killed and restarted', async () => {
    const fixture = fileURLToPath(new URL('./fixtures/clients-through-failover.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', fixture, cluster.connectString, '6'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => { stderr = (stderr + chunk.toString()).slice(-2000); });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    const lines = createInterface({ input: child.stdout });
    const next = (): Promise<string> => new Promise((resolve) => {
      const onLine = (line: string): void => { lines.off('line', onLine); resolve(line); };
      lines.on('line', onLine);
      void exited.then(() => resolve('EXITED'));
    });
    try {
      assert.equal(await next(), 'READY', `the fixture did not start: ${stderr}`);
      const leader = await cluster.leader();
      await leader.kill();
      await new Promise((r) => setTimeout(r, 1_500));
      await leader.restart();
      await cluster.waitForQuorum({ timeoutMs: 60_000 });
      const answer = next();
      child.stdin.write('check\n');
      const result = await answer;
      const { code, signal } = await exited;
      assert.equal(result, 'OK',
        `the process with six ZkClients ${result === 'EXITED' ? `died (exit ${code}, signal ${signal})` : `answered ${result}`}: `
        + 'node_modules/zookeeper/src/node-zk.cpp yield() reuses a uv_poll handle across fds and ignores uv_poll_init errors, '
        + `so reconnecting handles abort the process (uv_poll_start: Assertion '!uv__is_closing(handle)') or stay connecting forever. ${stderr.trim()}`);
      assert.equal(code, 0);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
