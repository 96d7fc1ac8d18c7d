import { describe, test } from 'node:test';
import { Mutex, ReadWriteLock, Semaphore } from '../../src/index.js';
import { zkSuite } from '../support/zk-suite.js';
import { uniquePath } from '../support/zk.js';
import { abortedSignal, BAD_TIMEOUTS, expectFailure, expectFailureLeavingNothing, type Expected } from './support.js';

describe('locks with bad input: typed errors, nothing left', () => {
  const suite = zkSuite();

  test('constructors refuse bad clients, paths and options before sending anything', async () => {
    const client = await suite.open();
    for (const [name, make] of [
      ['Mutex', (c: unknown, p: unknown, o?: unknown) => new Mutex(c as never, p as string, o as never)],
      ['ReadWriteLock', (c: unknown, p: unknown, o?: unknown) => new ReadWriteLock(c as never, p as string, o as never)],
      ['Semaphore', (c: unknown, p: unknown, o?: unknown) => new Semaphore(c as never, p as string, (o ?? { maxLeases: 1 }) as never)],
    ] as const) {
      await expectFailure(`${name} without a client`, 'INVALID_ARGUMENT', () => make({}, '/locks/x'));
      for (const path of ['', 'x', '/', '/a/', '/a//b', 7]) await expectFailure(`${name} path ${JSON.stringify(path)}`, 'INVALID_PATH', () => make(client, path));
      await expectFailure(`${name} lossPolicy "never"`, 'INVALID_ARGUMENT', () => make(client, '/locks/x', { maxLeases: 1, lossPolicy: 'never' }));
      await expectFailure(`${name} participantData {}`, 'INVALID_ARGUMENT', () => make(client, '/locks/x', { maxLeases: 1, participantData: {} }));
      await expectFailure(`${name} options "fast"`, 'INVALID_ARGUMENT', () => make(client, '/locks/x', 'fast'));
    }
    for (const maxLeases of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '2', undefined]) {
      await expectFailure(`Semaphore maxLeases ${String(maxLeases)}`, 'INVALID_ARGUMENT', () => new Semaphore(client, '/locks/s', { maxLeases: maxLeases as number }));
    }
  });

  test('acquire with bad timeouts, an aborted signal, or data too large leaves no node', async () => {
    const client = await suite.open();
    const root = uniquePath('lock-input');
    await client.create(root, null, { createParents: true });
    // The lock paths exist beforehand: what must not be left is a lock or lease node
    // (a container parent made on the way would be the server's to reclaim).
    for (const name of ['mutex', 'rw', 'sem', 'heavy']) await client.create(`${root}/${name}`);
    const left = (what: string, expected: Expected, call: () => unknown): Promise<void> => expectFailureLeavingNothing(client, root, what, expected, call);
    const mutex = new Mutex(client, `${root}/mutex`);
    const rw = new ReadWriteLock(client, `${root}/rw`);
    const semaphore = new Semaphore(client, `${root}/sem`, { maxLeases: 2 });
    for (const timeoutMs of BAD_TIMEOUTS) {
      await left(`Mutex.acquire timeoutMs ${String(timeoutMs)}`, 'INVALID_ARGUMENT', () => mutex.acquire({ timeoutMs: timeoutMs as number }));
      await left(`Mutex.tryAcquire timeoutMs ${String(timeoutMs)}`, 'INVALID_ARGUMENT', () => mutex.tryAcquire({ timeoutMs: timeoutMs as number }));
      await left(`ReadLock.acquire timeoutMs ${String(timeoutMs)}`, 'INVALID_ARGUMENT', () => rw.readLock().acquire({ timeoutMs: timeoutMs as number }));
      await left(`Semaphore.acquire timeoutMs ${String(timeoutMs)}`, 'INVALID_ARGUMENT', () => semaphore.acquire({ timeoutMs: timeoutMs as number }));
    }
    await left('Mutex.acquire with an aborted signal', 'ABORT', () => mutex.acquire({ signal: abortedSignal() }));
    await left('WriteLock.acquire with an aborted signal', 'ABORT', () => rw.writeLock().acquire({ signal: abortedSignal() }));
    await left('Semaphore.acquire with an aborted signal', 'ABORT', () => semaphore.acquire({ signal: abortedSignal() }));
    for (const count of [0, 3, -1, 1.5]) await left(`Semaphore.acquireMany(${count})`, 'INVALID_ARGUMENT', () => semaphore.acquireMany(count));
    await left('Mutex.withLock without a function', 'INVALID_ARGUMENT', () => mutex.withLock('run' as never));
    const heavy = new Mutex(client, `${root}/heavy`, { participantData: Buffer.alloc(1024 * 1024) });
    await left('Mutex.acquire with participantData over 1 MB', 'DATA_TOO_LARGE', () => heavy.acquire({ timeoutMs: 5_000 }));
    const read = await rw.readLock().acquire();
    await left('write lock while holding the read lock (upgrade)', 'LOCK_UPGRADE', () => rw.writeLock().acquire({ timeoutMs: 1_000 }));
    await read.release();
    const held = await mutex.acquire();
    const other = new Mutex(await suite.open(), `${root}/mutex`);
    await left('Mutex.acquire timing out', 'LOCK_TIMEOUT', () => other.acquire({ timeoutMs: 300 }));
    await held.release();
  });

  test('acquire after the client closed fails with CLOSED', async () => {
    const observer = await suite.open();
    const root = uniquePath('lock-closed');
    await observer.create(root, null, { createParents: true });
    const client = await suite.open();
    const mutex = new Mutex(client, `${root}/m`);
    const semaphore = new Semaphore(client, `${root}/s`, { maxLeases: 1 });
    await client.close();
    await expectFailureLeavingNothing(observer, root, 'Mutex.acquire after close', 'CLOSED', () => mutex.acquire({ timeoutMs: 2_000 }));
    await expectFailureLeavingNothing(observer, root, 'Semaphore.acquire after close', 'CLOSED', () => semaphore.acquire({ timeoutMs: 2_000 }));
    await expectFailure('Mutex constructed on a closed client, then acquire', 'CLOSED', () => new Mutex(client, `${root}/n`).acquire());
  });
});
