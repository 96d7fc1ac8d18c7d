import { describe, test } from 'node:test';
import { ZkClient, Perms } from '../../src/index.js';
import { zkSuite } from '../support/zk-suite.js';
import { uniquePath } from '../support/zk.js';
import { abortedSignal, BAD_TIMEOUTS, expectFailure, expectFailureLeavingNothing } from './support.js';

const BAD_PATHS: readonly unknown[] = ['', 'relative', '/trailing/', '/double//slash', '/dot/./x', '/nul\u0000char', 42, null, undefined];

describe('ZkClient with bad input: typed errors, nothing sent, nothing left', () => {
  const suite = zkSuite();

  test('constructor options', async () => {
    for (const connect of ['', '127.0.0.1:notaport', '127.0.0.1:70000', 42, undefined]) {
      await expectFailure(`connect ${JSON.stringify(connect)}`, 'INVALID_ARGUMENT', () => new ZkClient({ connect: connect as string }));
    }
    for (const sessionTimeoutMs of [-1, 0, Number.NaN, 1.5, '1000']) {
      await expectFailure(`sessionTimeoutMs ${String(sessionTimeoutMs)}`, 'INVALID_ARGUMENT', () => new ZkClient({ connect: '127.0.0.1:2', sessionTimeoutMs: sessionTimeoutMs as number }));
    }
    await expectFailure('retry.retries -1', 'INVALID_ARGUMENT', () => new ZkClient({ connect: '127.0.0.1:2', retry: { retries: -1 } }));
    await expectFailure('no options', 'INVALID_ARGUMENT', () => new ZkClient(undefined as never));
  });

  test('create: bad paths, /zookeeper, data over 1 MB, bad data, mode, TTL, ACL, timeouts, aborted signal', async () => {
    const client = await suite.open();
    const parent = uniquePath('create');
    await client.create(parent, null, { createParents: true });
    const left = (what: string, expected: Parameters<typeof expectFailure>[1], call: () => unknown): Promise<void> =>
      expectFailureLeavingNothing(client, parent, what, expected, call);
    for (const path of BAD_PATHS) await left(`create ${JSON.stringify(path)}`, 'INVALID_PATH', () => client.create(path as string));
    await left('create /zookeeper/x', 'INVALID_PATH', () => client.create('/zookeeper/x'));
    await left('create over 1 MB', 'DATA_TOO_LARGE', () => client.create(`${parent}/big`, Buffer.alloc(1024 * 1024)));
    await left('create with an object as data', 'INVALID_ARGUMENT', () => client.create(`${parent}/obj`, {} as never));
    await left('create with an unknown mode', 'INVALID_ARGUMENT', () => client.create(`${parent}/m`, null, { mode: 'forever' as never }));
    await left('create ttl without a ttl mode', 'INVALID_ARGUMENT', () => client.create(`${parent}/t`, null, { ttlMs: 1000 }));
    await left('create ttl mode with ttlMs -1', 'INVALID_ARGUMENT', () => client.create(`${parent}/t`, null, { mode: 'persistent-ttl', ttlMs: -1 }));
    await left('create with a malformed ACL', 'INVALID_ACL', () => client.create(`${parent}/a`, null, { acl: [{ perms: 99, scheme: 'world', id: 'anyone' }] }));
    await left('create with an empty ACL', 'INVALID_ACL', () => client.create(`${parent}/a`, null, { acl: [] }));
    await left('create with createParents "maybe"', 'INVALID_ARGUMENT', () => client.create(`${parent}/p/q`, null, { createParents: 'maybe' as never }));
    await left('create under a missing parent', 'NO_NODE', () => client.create(`${parent}/missing/child`));
    for (const timeoutMs of BAD_TIMEOUTS) {
      await left(`create timeoutMs ${String(timeoutMs)}`, 'INVALID_ARGUMENT', () => client.create(`${parent}/x`, null, { timeoutMs: timeoutMs as number }));
    }
    // That nothing is sent with an aborted signal is checked by aborted-signal.test.ts; here it must fail with the abort.
    await expectFailure('create with an aborted signal', 'ABORT', () => client.create(`${parent}/x`, null, { signal: abortedSignal() }));
    await client.create(`${parent}/eph`, null, { mode: 'ephemeral' });
    await left('create under an ephemeral', 'NO_CHILDREN_FOR_EPHEMERALS', () => client.create(`${parent}/eph/child`));
    await left('create an existing node', 'NODE_EXISTS', () => client.create(`${parent}/eph`));
  });

  test('reads, writes and deletes: bad paths, versions, watches, timeouts, aborted signals', async () => {
    const client = await suite.open();
    const parent = uniquePath('ops');
    await client.create(`${parent}/child`, 'v', { createParents: true });
    const left = (what: string, expected: Parameters<typeof expectFailure>[1], call: () => unknown): Promise<void> =>
      expectFailureLeavingNothing(client, parent, what, expected, call);
    for (const path of BAD_PATHS) {
      await left(`getData ${JSON.stringify(path)}`, 'INVALID_PATH', () => client.getData(path as string));
      await left(`exists ${JSON.stringify(path)}`, 'INVALID_PATH', () => client.exists(path as string));
      await left(`getChildren ${JSON.stringify(path)}`, 'INVALID_PATH', () => client.getChildren(path as string));
      await left(`setData ${JSON.stringify(path)}`, 'INVALID_PATH', () => client.setData(path as string, 'x'));
      await left(`delete ${JSON.stringify(path)}`, 'INVALID_PATH', () => client.delete(path as string));
      await left(`sync ${JSON.stringify(path)}`, 'INVALID_PATH', () => client.sync(path as string));
      await left(`watch ${JSON.stringify(path)}`, 'INVALID_PATH', () => client.watch(path as string));
    }
    await left('getData of a missing node', 'NO_NODE', () => client.getData(`${parent}/missing`));
    await left('getData with a watch that is not a function', 'INVALID_ARGUMENT', () => client.getData(`${parent}/child`, { watch: 'yes' as never }));
    await left('setData at a wrong version', 'BAD_VERSION', () => client.setData(`${parent}/child`, 'w', { version: 7 }));
    await left('setData at version 1.5', 'INVALID_ARGUMENT', () => client.setData(`${parent}/child`, 'w', { version: 1.5 }));
    await left('setData at version -2', 'INVALID_ARGUMENT', () => client.setData(`${parent}/child`, 'w', { version: -2 }));
    await left('setData over 1 MB', 'DATA_TOO_LARGE', () => client.setData(`${parent}/child`, Buffer.alloc(1024 * 1024)));
    await left('setData of /zookeeper/quota', 'INVALID_PATH', () => client.setData('/zookeeper/quota', 'x'));
    await left('delete at a wrong version', 'BAD_VERSION', () => client.delete(`${parent}/child`, { version: 3 }));
    await left('delete a node with children', 'NOT_EMPTY', () => client.delete(parent));
    await left('delete the root', 'INVALID_PATH', () => client.delete('/'));
    await left('delete /zookeeper', 'INVALID_PATH', () => client.delete('/zookeeper'));
    await left('watch of an unknown kind', 'INVALID_ARGUMENT', () => client.watch(`${parent}/child`, { kind: 'acl' as never }));
    await left('getAcl of a missing node', 'NO_NODE', () => client.getAcl(`${parent}/missing`));
    await left('setAcl with a malformed ACL', 'INVALID_ACL', () => client.setAcl(`${parent}/child`, [{ perms: Perms.ALL, scheme: 'digest', id: 'no-colon' }]));
    await left('addAuth without credentials', 'INVALID_ARGUMENT', () => client.addAuth({ scheme: 'digest' } as never));
    for (const timeoutMs of BAD_TIMEOUTS) {
      await left(`getData timeoutMs ${String(timeoutMs)}`, 'INVALID_ARGUMENT', () => client.getData(`${parent}/child`, { timeoutMs: timeoutMs as number }));
      await left(`delete timeoutMs ${String(timeoutMs)}`, 'INVALID_ARGUMENT', () => client.delete(`${parent}/child`, { timeoutMs: timeoutMs as number }));
    }
    await left('getChildren with an aborted signal', 'ABORT', () => client.getChildren(parent, { signal: abortedSignal() }));
    await expectFailure('setData with an aborted signal', 'ABORT', () => client.setData(`${parent}/child`, 'w', { signal: abortedSignal() }));
  });

  test('every call after close() fails with CLOSED, and the process keeps running', async () => {
    const observer = await suite.open();
    const parent = uniquePath('closed');
    await observer.create(parent, null, { createParents: true });
    const client = await suite.open();
    await client.close();
    const calls: [string, () => unknown][] = [
      ['connect', () => client.connect()],
      ['create', () => client.create(`${parent}/x`)],
      ['protected create', () => client.create(`${parent}/x`, null, { protected: true, mode: 'ephemeral-sequential' })],
      ['getData', () => client.getData(parent)],
      ['setData', () => client.setData(parent, 'x')],
      ['exists', () => client.exists(parent)],
      ['getChildren', () => client.getChildren(parent)],
      ['delete', () => client.delete(parent)],
      ['getAcl', () => client.getAcl(parent)],
      ['setAcl', () => client.setAcl(parent, [{ perms: Perms.ALL, scheme: 'world', id: 'anyone' }])],
      ['addAuth', () => client.addAuth({ scheme: 'digest', credentials: 'a:b' })],
      ['sync', () => client.sync(parent)],
      ['watch', () => client.watch(parent)],
    ];
    for (const [what, call] of calls) await expectFailureLeavingNothing(observer, parent, `${what} after close`, 'CLOSED', call);
    await client.close(); // idempotent
  });
});
