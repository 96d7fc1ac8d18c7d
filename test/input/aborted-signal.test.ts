/** A call whose signal is already aborted sends nothing (found by the bad-input suite, fixed in src/client). */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { zkSuite } from '../support/zk-suite.js';
import { uniquePath } from '../support/zk.js';
import { abortedSignal, expectFailure } from './support.js';

describe('a call whose signal is already aborted sends nothing', () => {
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
