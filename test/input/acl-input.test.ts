import { describe, test } from 'node:test';
import {
  Barrier, ConfigWatcher, digestAcl, DoubleBarrier, LeaderLatch, Mutex, NodeCache, Perms, ReadWriteLock, Semaphore,
  ServiceDiscovery, TreeCache,
} from '../../src/index.js';
import { zkSuite } from '../support/zk-suite.js';
import { uniquePath } from '../support/zk.js';
import { expectFailureLeavingNothing, type Expected } from './support.js';

/**
 * Another client owns a parent protected by a digest ACL (world may only
 * read); every recipe of a client without the credentials must fail with
 * NO_AUTH, at once, leaving nothing. A second parent cannot even be read.
 */
describe('recipes under a path the session is not allowed to write: NO_AUTH, nothing left', () => {
  const suite = zkSuite();

  test('every write of every recipe is refused with NO_AUTH', async () => {
    const owner = await suite.open();
    await owner.addAuth({ scheme: 'digest', credentials: 'owner:secret' });
    const root = uniquePath('acl');
    await owner.create(root, null, { createParents: true });
    const readOnly = `${root}/read-only`;
    // ACLs are not inherited: every node gets its own.
    const acl = [digestAcl('owner', 'secret'), { perms: Perms.READ, scheme: 'world', id: 'anyone' }];
    await owner.create(readOnly, null, { acl });
    await owner.create(`${readOnly}/config`, '{"port":1}', { acl });
    await owner.create(`${readOnly}/gate`, null, { acl });
    const intruder = await suite.open();
    const left = (what: string, expected: Expected, call: () => unknown): Promise<void> => expectFailureLeavingNothing(owner, root, what, expected, call);

    await left('create', 'NO_AUTH', () => intruder.create(`${readOnly}/x`));
    await left('create with createParents', 'NO_AUTH', () => intruder.create(`${readOnly}/a/b`, null, { createParents: true }));
    await left('protected ephemeral-sequential create', 'NO_AUTH', () => intruder.create(`${readOnly}/p-`, null, { protected: true, mode: 'ephemeral-sequential' }));
    await left('setData', 'NO_AUTH', () => intruder.setData(`${readOnly}/config`, 'x'));
    await left('delete', 'NO_AUTH', () => intruder.delete(`${readOnly}/config`));
    await left('setAcl', 'NO_AUTH', () => intruder.setAcl(readOnly, [{ perms: Perms.ALL, scheme: 'world', id: 'anyone' }]));
    await left('Mutex.acquire', 'NO_AUTH', () => new Mutex(intruder, `${readOnly}/mutex`).acquire({ timeoutMs: 10_000 }));
    await left('Mutex.tryAcquire', 'NO_AUTH', () => new Mutex(intruder, `${readOnly}/mutex`).tryAcquire({ timeoutMs: 10_000 }));
    await left('ReadLock.acquire', 'NO_AUTH', () => new ReadWriteLock(intruder, `${readOnly}/rw`).readLock().acquire({ timeoutMs: 10_000 }));
    await left('Semaphore.acquire', 'NO_AUTH', () => new Semaphore(intruder, `${readOnly}/sem`, { maxLeases: 2 }).acquire({ timeoutMs: 10_000 }));
    await left('LeaderLatch.start', 'NO_AUTH', () => new LeaderLatch(intruder, `${readOnly}/latch`).start({ timeoutMs: 10_000 }));
    await left('DoubleBarrier.enter', 'NO_AUTH', () => new DoubleBarrier(intruder, `${readOnly}/db`, { memberCount: 2 }).enter({ timeoutMs: 10_000 }));
    await left('Barrier.set', 'NO_AUTH', () => new Barrier(intruder, `${readOnly}/b`).set({ timeoutMs: 10_000 }));
    await left('Barrier.remove', 'NO_AUTH', () => new Barrier(intruder, `${readOnly}/gate`).remove({ timeoutMs: 10_000 }));
    const discovery = new ServiceDiscovery(intruder, { basePath: `${readOnly}/services` });
    await discovery.start();
    await left('ServiceDiscovery.register', 'NO_AUTH', () => discovery.register({ name: 'orders', id: 'i1', port: 80 }, { timeoutMs: 10_000 }));
    await discovery.close();
    const config = new ConfigWatcher(intruder, `${readOnly}/config`);
    await config.start({ timeoutMs: 10_000 });
    await left('ConfigWatcher.publish', 'NO_AUTH', () => config.publish({ port: 2 }, { timeoutMs: 10_000 }));
    await left('ConfigWatcher.publish of a new node', 'NO_AUTH', () => new ConfigWatcher(intruder, `${readOnly}/new-config`).publish({ port: 2 }, { expectedVersion: -1, timeoutMs: 10_000 }));
    await config.close();
  });

  test('reads of a node the session may not read are refused with NO_AUTH (no hang, no retry loop)', async () => {
    const owner = await suite.open();
    await owner.addAuth({ scheme: 'digest', credentials: 'owner:secret' });
    const root = uniquePath('acl-read');
    await owner.create(root, null, { createParents: true });
    const secret = `${root}/secret`;
    await owner.create(secret, '{"port":1}', { acl: [digestAcl('owner', 'secret')] });
    const intruder = await suite.open();
    const left = (what: string, expected: Expected, call: () => unknown): Promise<void> => expectFailureLeavingNothing(owner, root, what, expected, call);
    await left('getData', 'NO_AUTH', () => intruder.getData(secret));
    await left('getChildren', 'NO_AUTH', () => intruder.getChildren(secret));
    await left('getAcl', 'NO_AUTH', () => intruder.getAcl(secret));
    await left('NodeCache.start', 'NO_AUTH', () => new NodeCache(intruder, secret).start({ timeoutMs: 10_000 }));
    await left('TreeCache.start', 'NO_AUTH', () => new TreeCache(intruder, secret).start({ timeoutMs: 10_000 }));
    await left('ConfigWatcher.start', 'NO_AUTH', () => new ConfigWatcher(intruder, secret).start({ timeoutMs: 10_000 }));
    await left('ServiceDiscovery.queryForInstances', 'NO_AUTH', () => new ServiceDiscovery(intruder, { basePath: root }).queryForInstances('secret'));
    await left('Mutex.acquire under it', 'NO_AUTH', () => new Mutex(intruder, `${secret}/lock`).acquire({ timeoutMs: 10_000 }));
  });
});
