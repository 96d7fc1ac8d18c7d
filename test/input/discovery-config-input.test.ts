import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigWatcher, InvalidConfigError, NodeCache, ServiceDiscovery, TreeCache } from '../../src/index.js';
import { zkSuite } from '../support/zk-suite.js';
import { uniquePath } from '../support/zk.js';
import { abortedSignal, BAD_TIMEOUTS, expectFailure, expectFailureLeavingNothing, type Expected } from './support.js';

const circular: Record<string, unknown> = {};
circular.self = circular;

describe('discovery, config and caches with bad input: typed errors, nothing left', () => {
  const suite = zkSuite();

  test('ServiceDiscovery: bad options, names, ids, ports, types, payloads; undecodable instances', async () => {
    const client = await suite.open();
    const root = uniquePath('discovery-input');
    await client.create(`${root}/services/orders`, null, { createParents: true });
    const left = (what: string, expected: Expected, call: () => unknown): Promise<void> => expectFailureLeavingNothing(client, root, what, expected, call);
    await expectFailure('ServiceDiscovery without a client', 'INVALID_ARGUMENT', () => new ServiceDiscovery(undefined as never, { basePath: '/s' }));
    await expectFailure('ServiceDiscovery without options', 'INVALID_ARGUMENT', () => new ServiceDiscovery(client, undefined as never));
    for (const basePath of ['', 's', '/s/', '/s//t', 5]) {
      await expectFailure(`ServiceDiscovery basePath ${JSON.stringify(basePath)}`, 'INVALID_PATH', () => new ServiceDiscovery(client, { basePath: basePath as string }));
    }
    await expectFailure('ServiceDiscovery payload codec without decode', 'INVALID_ARGUMENT', () => new ServiceDiscovery(client, { basePath: '/s', payload: { encode: JSON.stringify } as never }));
    const discovery = new ServiceDiscovery(client, { basePath: `${root}/services` });
    await left('register before start()', 'INVALID_ARGUMENT', () => discovery.register({ name: 'orders', port: 1 }));
    await discovery.start();
    const bad: [string, Record<string, unknown>][] = [
      ['empty name', { name: '' }],
      ['name with a slash', { name: 'a/b' }],
      ['name ".."', { name: '..' }],
      ['name not a string', { name: 42 }],
      ['id with a slash', { name: 'orders', id: 'x/y' }],
      ['empty id', { name: 'orders', id: '' }],
      ['port -1', { name: 'orders', port: -1 }],
      ['port 70000', { name: 'orders', port: 70_000 }],
      ['port 80.5', { name: 'orders', port: 80.5 }],
      ['port "80"', { name: 'orders', port: '80' }],
      ['sslPort 65536', { name: 'orders', sslPort: 65_536 }],
      ['serviceType DYNAMIC_SEQUENTIAL', { name: 'orders', serviceType: 'DYNAMIC_SEQUENTIAL' }],
      ['serviceType "forever"', { name: 'orders', serviceType: 'forever' }],
      ['uriSpec with an unclosed variable', { name: 'orders', uriSpec: '{scheme://x' }],
      ['uriSpec object without parts', { name: 'orders', uriSpec: { parts: 'x' } }],
      ['enabled "yes"', { name: 'orders', enabled: 'yes' }],
      ['payload with a BigInt', { name: 'orders', payload: { n: 1n } }],
      ['circular payload', { name: 'orders', payload: circular }],
      ['payload that is a function', { name: 'orders', payload: () => 1 }],
    ];
    for (const [what, registration] of bad) await left(`register: ${what}`, 'INVALID_ARGUMENT', () => discovery.register(registration as never));
    for (const timeoutMs of BAD_TIMEOUTS) {
      await left(`register timeoutMs ${String(timeoutMs)}`, 'INVALID_ARGUMENT', () => discovery.register({ name: 'orders', id: 'i1' }, { timeoutMs: timeoutMs as number }));
    }
    await left('register with an aborted signal', 'ABORT', () => discovery.register({ name: 'orders', id: 'i2' }, { signal: abortedSignal() }));
    assert.deepEqual(discovery.registered(), [], 'no failed registration counts as registered');
    await left('update of an instance not registered here', 'INVALID_ARGUMENT', () => discovery.update({ name: 'orders', id: 'ghost' } as never));
    await left('queryForInstances("")', 'INVALID_ARGUMENT', () => discovery.queryForInstances(''));
    await left('queryForInstance("orders", "a/b")', 'INVALID_ARGUMENT', () => discovery.queryForInstance('orders', 'a/b'));
    await left('cache("a/b")', 'INVALID_ARGUMENT', () => discovery.cache('a/b'));
    await left('provider("")', 'INVALID_ARGUMENT', () => discovery.provider(''));
    await client.create(`${root}/services/orders/garbage`, '{not json');
    await client.create(`${root}/services/orders/wrong`, JSON.stringify({ name: 'orders', id: 'wrong', port: 'eighty' }));
    await left('queryForInstance of a node that is not JSON', 'BAD_DATA', () => discovery.queryForInstance('orders', 'garbage'));
    await left('queryForInstance of a node with a field of the wrong type', 'BAD_DATA', () => discovery.queryForInstance('orders', 'wrong'));
    assert.deepEqual(await discovery.queryForInstances('orders'), [], 'list queries leave undecodable instances out');
    await discovery.close();
    await left('register after close()', 'CLOSED', () => discovery.register({ name: 'orders' }));
  });

  test('ConfigWatcher and caches: bad options, publish of values that cannot be encoded or validated, undecodable config', async () => {
    const client = await suite.open();
    const root = uniquePath('config-input');
    await client.create(root, null, { createParents: true });
    const left = (what: string, expected: Expected, call: () => unknown): Promise<void> => expectFailureLeavingNothing(client, root, what, expected, call);
    for (const path of ['', 'c', '/c/', null]) {
      await expectFailure(`ConfigWatcher path ${JSON.stringify(path)}`, 'INVALID_PATH', () => new ConfigWatcher(client, path as string));
      await expectFailure(`NodeCache path ${JSON.stringify(path)}`, 'INVALID_PATH', () => new NodeCache(client, path as string));
      await expectFailure(`TreeCache path ${JSON.stringify(path)}`, 'INVALID_PATH', () => new TreeCache(client, path as string));
    }
    await expectFailure('ConfigWatcher decode "json"', 'INVALID_ARGUMENT', () => new ConfigWatcher(client, `${root}/c`, { decode: 'json' as never }));
    await expectFailure('ConfigWatcher validate 5', 'INVALID_ARGUMENT', () => new ConfigWatcher(client, `${root}/c`, { validate: 5 as never }));
    for (const maxDepth of [-1, 1.5, Number.NaN, '2']) {
      await expectFailure(`TreeCache maxDepth ${String(maxDepth)}`, 'INVALID_ARGUMENT', () => new TreeCache(client, root, { maxDepth: maxDepth as number }));
    }
    const validate = (v: unknown): { port: number } => {
      const port = (v as { port?: unknown } | null)?.port;
      if (typeof port !== 'number') throw new TypeError('port must be a number');
      return { port };
    };
    const watcher = new ConfigWatcher(client, `${root}/c`, { validate, defaultValue: { port: 1 } });
    await left('publish before start() without expectedVersion', 'NOT_STARTED', () => watcher.publish({ port: 2 }));
    for (const timeoutMs of BAD_TIMEOUTS) await left(`start timeoutMs ${String(timeoutMs)}`, 'INVALID_ARGUMENT', () => new ConfigWatcher(client, `${root}/c`).start({ timeoutMs: timeoutMs as number }));
    await left('start with an aborted signal', 'ABORT', () => new ConfigWatcher(client, `${root}/c`).start({ signal: abortedSignal() }));
    await watcher.start();
    await left('start() twice', 'INVALID_ARGUMENT', () => watcher.start());
    await left('publish of a value validate refuses', 'INVALID_CONFIG', () => watcher.publish({ port: 'eighty' } as never));
    await left('publish of undefined (no JSON)', 'INVALID_CONFIG', () => watcher.publish(undefined as never));
    await left('publish of a BigInt', 'INVALID_CONFIG', () => watcher.publish({ port: 1n } as never));
    await left('publish with expectedVersion -2', 'INVALID_ARGUMENT', () => watcher.publish({ port: 2 }, { expectedVersion: -2 }));
    await left('publish with expectedVersion 1.5', 'INVALID_ARGUMENT', () => watcher.publish({ port: 2 }, { expectedVersion: 1.5 }));
    await left('publish over 1 MB', 'DATA_TOO_LARGE', () => new ConfigWatcher(client, `${root}/c`).publish({ port: 3, pad: 'x'.repeat(1024 * 1024) }, { expectedVersion: -1 }));
    await watcher.publish({ port: 2 });
    await left('publish at a stale version', 'BAD_VERSION', () => watcher.publish({ port: 3 }, { expectedVersion: 5 }));
    assert.deepEqual(watcher.value, { port: 2 });

    // Config that cannot be decoded: never served, reported as INVALID_CONFIG.
    const invalid = new Promise<unknown>((resolve) => watcher.once('invalid', resolve));
    await client.setData(`${root}/c`, '{"port": "not a number"');
    const reported = await invalid;
    assert.ok(reported instanceof InvalidConfigError && reported.code === 'INVALID_CONFIG', 'an undecodable value is reported as INVALID_CONFIG');
    assert.deepEqual(watcher.value, { port: 2 }, 'the last good value is still served');
    await left('start without a default on undecodable config (times out)', 'TIMEOUT', () => new ConfigWatcher(client, `${root}/c`, { validate }).start({ timeoutMs: 500 }));
    await watcher.close();
    await left('publish after close()', 'CLOSED', () => watcher.publish({ port: 4 }));
    await left('start after close()', 'CLOSED', () => watcher.start());

    const cache = new NodeCache(client, `${root}/c`);
    await left('NodeCache.start timeoutMs NaN', 'INVALID_ARGUMENT', () => cache.start({ timeoutMs: Number.NaN }));
    const tree = new TreeCache(client, root);
    await left('TreeCache.start with an aborted signal', 'ABORT', () => tree.start({ signal: abortedSignal() }));

    const closing = await suite.open();
    const orphan = new ConfigWatcher(closing, `${root}/c`, { defaultValue: { port: 0 } });
    await closing.close();
    await left('ConfigWatcher.start on a closed client', 'CLOSED', () => orphan.start({ timeoutMs: 2_000 }));
  });
});
