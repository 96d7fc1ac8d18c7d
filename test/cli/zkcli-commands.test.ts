import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { digestId, type ZkClient } from '../../src/index.js';
import type { TestingServer } from '../../src/testing/index.js';
import { freePorts } from '../../src/testing/free-port.js';
import { connectClient, eventually, startServer, uniquePath } from '../support/zk.js';
import { zkr, zkrJson, type ZkrResult } from './zkr-process.js';

/** One line on stderr, no stack trace. */
function assertOneLineError(r: ZkrResult, code: number, pattern: RegExp): void {
  assert.equal(r.code, code, `exit code; stderr: ${r.stderr}`);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, `one line on stderr: ${r.stderr}`);
  assert.match(lines[0], pattern);
  assert.doesNotMatch(r.stderr, /^\s+at /m);
}

describe('zkr: zkCli commands', () => {
  let server: TestingServer;
  let client: ZkClient;
  const zk = (...args: string[]): Promise<ZkrResult> => zkr(['-s', server.connectString, ...args]);

  before(async () => {
    server = await startServer();
    client = await connectClient(server.connectString);
    await client.create('/t', null);
  });

  after(async () => {
    await client?.close();
    await server?.close();
  });

  test('create, ls, get, stat, set and delete round trip with zkCli output', async () => {
    const path = uniquePath('rt');
    assert.equal((await zk('create', path, 'hello')).stdout, `Created ${path}\n`);
    const ls = await zk('ls', '/t');
    assert.match(ls.stdout, /^\[.*\]\n$/);
    assert.ok(ls.stdout.slice(1, -2).split(', ').includes(path.slice(3)));

    const get = await zk('get', '-s', path);
    const lines = get.stdout.trim().split('\n');
    assert.equal(lines[0], 'hello');
    assert.match(lines[1], /^cZxid = 0x[0-9a-f]+$/);
    assert.match(lines[2], /^ctime = \w{3} \w{3} \d{2} \d{2}:\d{2}:\d{2} \S+ \d{4}$/);
    assert.ok(lines.includes('dataVersion = 0'));
    assert.ok(lines.includes('ephemeralOwner = 0x0'));
    assert.ok(lines.includes('dataLength = 5'));

    const stat = await zk('stat', path);
    assert.deepEqual(stat.stdout.trim().split('\n').map((l) => l.split(' = ')[0]),
      ['cZxid', 'ctime', 'mZxid', 'mtime', 'pZxid', 'cversion', 'dataVersion', 'aclVersion', 'ephemeralOwner', 'dataLength', 'numChildren']);
    assert.equal((await zk('ls2', path)).stdout, stat.stdout);

    assert.equal((await zk('set', '-v', '0', path, 'world')).code, 0);
    assert.equal((await client.getData(path)).data.toString(), 'world');
    assertOneLineError(await zk('set', '-v', '0', path, 'again'), 1, /^zkr: Version does not match: /);
    const setStat = await zk('set', '-s', path, 'third');
    assert.match(setStat.stdout, /^dataVersion = 2$/m);

    assertOneLineError(await zk('delete', '-v', '0', path), 1, /Version does not match/);
    assert.equal((await zk('delete', '-v', '2', path)).code, 0);
    assert.equal(await client.exists(path), null);
    assertOneLineError(await zk('get', path), 1, new RegExp(`^zkr: Node does not exist: ${path}$`));
  });

  test('sequential, ephemeral, container and TTL creates', async () => {
    const base = uniquePath('modes');
    await client.create(base, null);
    const seq = await zkrJson<{ path: string; mode: string }>(['-s', server.connectString, 'create', '-s', `${base}/q-`, 'x']);
    assert.equal(seq.mode, 'persistent-sequential');
    assert.equal(seq.path, `${base}/q-0000000000`);
    assert.match((await zk('create', '-s', `${base}/q-`)).stdout, new RegExp(`^Created ${base}/q-0000000001$`, 'm'));

    // An ephemeral lives as long as the zkr session: gone once zkr has exited.
    const eph = await zkrJson<{ path: string; mode: string }>(['-s', server.connectString, 'create', '-e', '-s', `${base}/e-`]);
    assert.equal(eph.mode, 'ephemeral-sequential');
    await eventually(async () => (await client.exists(eph.path)) === null);

    const container = await zkrJson<{ mode: string }>(['-s', server.connectString, 'create', '-c', `${base}/c`]);
    assert.equal(container.mode, 'container');
    assert.ok(await client.exists(`${base}/c`));

    const ttl = await zkrJson<{ mode: string; ttlMs: number }>(['-s', server.connectString, 'create', '-t', '60000', `${base}/ttl`, 'v']);
    assert.deepEqual([ttl.mode, ttl.ttlMs], ['persistent-ttl', 60000]);
    const ttlSeq = await zkrJson<{ mode: string; path: string }>(['-s', server.connectString, 'create', '-s', '-t', '60000', `${base}/ttl-`]);
    assert.equal(ttlSeq.mode, 'persistent-sequential-ttl');
    assert.ok(await client.exists(ttlSeq.path));

    assertOneLineError(await zk('create', '-e', '-t', '1000', `${base}/bad`), 2, /TTLs cannot be used with ephemeral/);
    assertOneLineError(await zk('create', '-c', '-s', `${base}/bad`), 2, /-c cannot be combined/);
    assertOneLineError(await zk('create', `${base}/q-0000000000`), 1, /^zkr: Node already exists: /);
    assertOneLineError(await zk('create', `${base}/no/parent`), 1, /^zkr: Node does not exist: /);
    assert.equal((await zk('create', '-p', `${base}/with/parents`, 'p')).code, 0);
  });

  test('ls -s, ls -R, deleteall and rmr', async () => {
    const base = uniquePath('tree');
    await client.create(`${base}/a/x`, 'x', { createParents: true });
    await client.create(`${base}/b`, null);
    const lsS = await zk('ls', '-s', base);
    assert.equal(lsS.stdout.split('\n')[0], '[a, b]');
    assert.match(lsS.stdout, /^numChildren = 2$/m);
    assert.deepEqual((await zk('ls', '-R', base)).stdout.trim().split('\n'), [base, `${base}/a`, `${base}/a/x`, `${base}/b`]);

    assertOneLineError(await zk('delete', base), 1, /^zkr: Node not empty: /);
    assert.equal((await zk('rmr', `${base}/a`)).code, 0);
    assert.equal(await client.exists(`${base}/a`), null);
    assert.equal((await zk('deleteall', base)).code, 0);
    assert.equal(await client.exists(base), null);
    assertOneLineError(await zk('deleteall', base), 1, /Node does not exist/);
  });

  test('getAcl, setAcl, addauth, --auth and sync', async () => {
    const path = uniquePath('acl');
    await client.create(path, 'secret');
    assert.equal((await zk('getAcl', path)).stdout, "'world,'anyone\n: cdrwa\n");
    const id = digestId('alice', 'pw');
    assert.equal((await zk('setAcl', path, `digest:${id}:cdrwa,world:anyone:r`)).code, 0);
    assertOneLineError(await zk('set', path, 'x'), 1, new RegExp(`^zkr: Not authorized: ${path}$`));
    assert.equal((await zk('--auth', 'digest:alice:pw', 'set', path, 'x')).code, 0);
    // ZooKeeper 3.6+ masks digests for sessions without ADMIN on the node (ZOOKEEPER-1392).
    assert.equal((await zk('getAcl', path)).stdout, "'digest,'alice:x\n: cdrwa\n'world,'anyone\n: r\n");
    const acl = await zk('--auth', 'digest:alice:pw', 'getAcl', path);
    assert.equal(acl.stdout, `'digest,'${id}\n: cdrwa\n'world,'anyone\n: r\n`);
    assert.equal((await zk('addauth', 'digest', 'alice:pw')).code, 0);
    assertOneLineError(await zk('setAcl', path, 'world:anyone:xyz'), 2, /unknown permission "x"/);
    assert.equal((await zk('sync', path)).stdout, 'Sync is OK\n');
  });

  test('--json output parses for every command', async () => {
    const path = uniquePath('json');
    const s = ['-s', server.connectString];
    const created = await zkrJson<{ path: string }>([...s, 'create', path, 'v1']);
    assert.equal(created.path, path);
    const listed = await zkrJson<{ children: string[]; stat: { numChildren: number } }>([...s, 'ls', '-s', '/t']);
    assert.ok(listed.children.includes(path.slice(3)));
    const got = await zkrJson<{ data: string; stat: { dataVersion: number; cZxid: string } }>([...s, 'get', path]);
    assert.equal(got.data, 'v1');
    assert.equal(got.stat.cZxid, `0x${(await client.getData(path)).stat.czxid.toString(16)}`);
    const stat = await zkrJson<{ stat: { ephemeralOwner: string } }>([...s, 'stat', path]);
    assert.equal(stat.stat.ephemeralOwner, '0x0');
    assert.equal((await zkrJson<{ stat: { dataVersion: number } }>([...s, 'set', path, 'v2'])).stat.dataVersion, 1);
    assert.deepEqual((await zkrJson<{ acl: unknown[] }>([...s, 'getAcl', path])).acl, [{ scheme: 'world', id: 'anyone', perms: 'cdrwa' }]);
    assert.equal((await zkrJson<{ updated: number }>([...s, 'setAcl', path, 'world:anyone:cdrwa'])).updated, 1);
    assert.equal((await zkrJson<{ added: boolean }>([...s, 'addauth', 'digest', 'a:b'])).added, true);
    assert.equal((await zkrJson<{ synced: boolean }>([...s, 'sync', path])).synced, true);
    assert.deepEqual((await zkrJson<{ paths: string[] }>([...s, 'ls', '-R', path])).paths, [path]);
    assert.equal((await zkrJson<{ nodes: number }>([...s, 'tree', path])).nodes, 1);
    assert.equal((await zkrJson<{ value: string }>([...s, 'config', 'get', path])).value, 'v2');
    assert.equal((await zkrJson<{ deleted: boolean }>([...s, 'delete', path])).deleted, true);
    await client.create(`${path}/x`, null, { createParents: true });
    assert.equal((await zkrJson<{ deleted: boolean }>([...s, 'deleteall', path])).deleted, true);
    assert.ok((await zkrJson<{ commands: unknown[] }>(['help'])).commands.length > 20);
    // --json before the command works as well as after it.
    assert.equal((JSON.parse((await zkr(['--json', ...s, 'ls', '/t'])).stdout) as { path: string }).path, '/t');
  });

  test('bad input exits non-zero with one line and no stack', async () => {
    assertOneLineError(await zk('get', 'no-slash'), 1, /^zkr: Invalid path: path must start with \/: no-slash$/);
    assertOneLineError(await zk('frobnicate'), 2, /^zkr: unknown command "frobnicate"/);
    assertOneLineError(await zk('ls', '-x', '/'), 2, /^zkr: ls: Unknown option '-x'$/);
    assertOneLineError(await zk('get'), 2, /^zkr: get: missing argument \(usage: get \[-s\] path\)$/);
    assertOneLineError(await zk('set', '-v', 'one', '/t', 'x'), 2, /--version must be an integer/);
    assertOneLineError(await zkr(['--timeout', 'soon', 'ls', '/']), 2, /--timeout must be a positive integer/);
    const [port] = await freePorts(1);
    assertOneLineError(await zkr(['-s', `127.0.0.1:${port}`, '--timeout', '1000', 'ls', '/']), 1,
      new RegExp(`^zkr: Cannot connect to 127.0.0.1:${port} within 1000 ms$`));
    const json = await zk('get', '/t/missing', '--json');
    assert.equal(json.code, 1);
    assert.deepEqual(JSON.parse(json.stderr), { error: { code: 'NO_NODE', message: 'Node does not exist: /t/missing' } });
    const debug = await zk('--debug', 'get', '/t/missing');
    assert.equal(debug.code, 1);
    assert.match(debug.stderr, /^zkr: Node does not exist: \/t\/missing$/m);
    assert.match(debug.stderr, /^\s+at /m);
  });

  test('ZK_CONNECT and zkCli\'s -server give the connect string', async () => {
    assert.equal((await zkr(['ls', '/t'], { env: { ZK_CONNECT: server.connectString } })).code, 0);
    assert.equal((await zkr(['-server', server.connectString, 'ls', '/t'])).code, 0);
  });
});
