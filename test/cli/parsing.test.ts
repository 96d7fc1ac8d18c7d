import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { planPorts } from '../../src/cli/ensemble/port-plan.js';
import { parseSrvr } from '../../src/cli/ensemble/server-probe.js';
import { aclLines, parseAcl, permString } from '../../src/cli/format/acl-format.js';
import { javaDate } from '../../src/cli/format/stat-format.js';
import { formatAge } from '../../src/cli/format/table.js';
import { parseGlobalOptions } from '../../src/cli/global-options.js';
import { lockQueue } from '../../src/cli/recipes/lock-queue.js';
import type { Participant } from '../../src/cli/recipes/participants.js';
import { compareRecipeNodes, parseRecipeNodeName } from '../../src/cli/recipes/recipe-node-name.js';
import { tokenize } from '../../src/cli/shell/tokenize.js';

const UUID = 'eaf0f21f-9dfa-45cb-83d8-70af3b0c182e';

describe('zkr: parsing without a server', () => {
  test('recipe node names of Curator and kazoo', () => {
    const mutex = parseRecipeNodeName(`_c_${UUID}-lock-0000000007`);
    assert.deepEqual([mutex.marker, mutex.sortKey, mutex.sequence, mutex.protectedId, mutex.naming, mutex.mode], ['lock-', '0000000007', 7, UUID, 'curator', 'exclusive']);
    assert.equal(parseRecipeNodeName(`_c_${UUID}-latch-0000000001`).recipe, 'leader latch');
    assert.equal(parseRecipeNodeName(`_c_${UUID}-__READ__0000000003`).mode, 'shared');
    assert.equal(parseRecipeNodeName(`_c_${UUID}-__WRIT__0000000002`).recipe, 'write lock (Curator)');
    const kazoo = parseRecipeNodeName('3750a2510f2c4e5bb1b7a5c1f9d7e0aa__lock__0000000000');
    assert.deepEqual([kazoo.marker, kazoo.naming, kazoo.sortKey], ['__lock__', 'kazoo', '0000000000']);
    assert.equal(parseRecipeNodeName('3750a2510f2c4e5bb1b7a5c1f9d7e0aa__rlock__0000000004').mode, 'shared');
    // kazoo's Curator-compatible subclass writes `<hex>-lock-<seq>`.
    assert.deepEqual([parseRecipeNodeName('3750a2510f2c4e5bb1b7a5c1f9d7e0aa-lock-0000000009').marker, parseRecipeNodeName('3750a2510f2c4e5bb1b7a5c1f9d7e0aa-lock-0000000009').naming], ['lock-', 'kazoo']);
    // A participant id may contain a recipe name; the one nearest the end counts.
    assert.equal(parseRecipeNodeName('my-lock-holder-latch-0000000001').marker, 'latch-');
    const unknown = parseRecipeNodeName('ready');
    assert.deepEqual([unknown.marker, unknown.sortKey, unknown.sequence], [undefined, 'ready', undefined]);
  });

  test('Curator order: by the text after the recipe name, not by the UUID', () => {
    const names = [`_c_ffff0000-0000-4000-8000-000000000000-lock-0000000000`, `_c_00000000-0000-4000-8000-000000000000-lock-0000000002`, `_c_8888aaaa-0000-4000-8000-000000000000-lock-0000000001`];
    const sorted = names.map(parseRecipeNodeName).sort(compareRecipeNodes).map((n) => n.sequence);
    assert.deepEqual(sorted, [0, 1, 2]);
  });

  test('who holds: exclusive at the head only, shared until the first exclusive', () => {
    const p = (name: string): Participant => ({ ...parseRecipeNodeName(name), path: `/x/${name}`, participant: '', sessionId: '0x1', ephemeral: true, ctime: 0, czxid: 1n, stat: undefined as never });
    const queue = lockQueue([p('a__READ__0000000000'), p('b__READ__0000000001'), p('c__WRIT__0000000002'), p('d__READ__0000000003')]);
    assert.deepEqual(queue.map((e) => e.role), ['holder', 'holder', 'waiter', 'waiter']);
    assert.deepEqual(lockQueue([p('a__WRIT__0000000000'), p('b__READ__0000000001')]).map((e) => e.role), ['holder', 'waiter']);
    assert.deepEqual(lockQueue([p('x-lock-0000000000'), p('y-lock-0000000001')]).map((e) => e.role), ['holder', 'waiter']);
  });

  test('shell words: quotes and escapes as in a POSIX shell', () => {
    assert.deepEqual(tokenize(`create /a "hello world"`), ['create', '/a', 'hello world']);
    assert.deepEqual(tokenize(`set /a '{"k": "v w"}'`), ['set', '/a', '{"k": "v w"}']);
    assert.deepEqual(tokenize(String.raw`set /a "say \"hi\"" x\ y ""`), ['set', '/a', 'say "hi"', 'x y', '']);
    assert.deepEqual(tokenize('   '), []);
    assert.throws(() => tokenize('get "/a'), /unterminated " quote/);
  });

  test('ACLs in zkCli syntax', () => {
    assert.deepEqual(parseAcl('world:anyone:cdrwa'), [{ scheme: 'world', id: 'anyone', perms: 31 }]);
    assert.deepEqual(parseAcl('digest:u:abc=:rw, ip:10.0.0.0/8:r,auth::a'), [
      { scheme: 'digest', id: 'u:abc=', perms: 3 }, { scheme: 'ip', id: '10.0.0.0/8', perms: 1 }, { scheme: 'auth', id: '', perms: 16 },
    ]);
    assert.equal(permString(31), 'cdrwa');
    assert.equal(permString(1 | 16), 'ra');
    assert.deepEqual(aclLines([{ scheme: 'world', id: 'anyone', perms: 31 }]), ["'world,'anyone", ': cdrwa']);
    assert.throws(() => parseAcl('world:anyone'), /not an ACL entry/);
    assert.throws(() => parseAcl('world:anyone:q'), /unknown permission/);
  });

  test('srvr replies, dates, ages and the classic port layout', async () => {
    const srvr = parseSrvr('Zookeeper version: 3.8.0-debian, built on 2023-01-01\nLatency min/avg/max: 0/0.5/3\nReceived: 10\nSent: 9\nConnections: 2\nOutstanding: 0\nZxid: 0x100000004\nMode: leader\nNode count: 6\n');
    assert.deepEqual(srvr, { role: 'leader', zxid: '0x100000004', connections: 2, latency: { min: 0, avg: 0.5, max: 3 }, nodeCount: 6, version: '3.8.0-debian' });
    assert.equal(parseSrvr('This ZooKeeper instance is not currently serving requests\n').role, 'not serving');
    assert.match(javaDate(0), /^\w{3} \w{3} \d{2} \d{2}:\d{2}:\d{2} \S+ 19(69|70)$/);
    assert.deepEqual([formatAge(850), formatAge(12_000), formatAge(184_000), formatAge(7_500_000), formatAge(3 * 86_400_000 + 4 * 3_600_000)], ['850ms', '12s', '3m04s', '2h05m', '3d04h']);
    assert.deepEqual(await planPorts(3, 2181), [
      { clientPort: 2181, peerPort: 2888, electionPort: 3888 },
      { clientPort: 2182, peerPort: 2889, electionPort: 3889 },
      { clientPort: 2183, peerPort: 2890, electionPort: 3890 },
    ]);
    await assert.rejects(planPorts(3, 65000), /leaves no room/);
  });

  test('global options come before the command; the command keeps its own -s', () => {
    const o = parseGlobalOptions(['-s', 'h:1/app', '--json', 'ls', '-s', '/'], {});
    assert.deepEqual([o.connect, o.json, o.command], ['h:1/app', true, ['ls', '-s', '/']]);
    assert.equal(parseGlobalOptions(['ls'], { ZK_CONNECT: 'env:2' }).connect, 'env:2');
    assert.equal(parseGlobalOptions(['-server', 'z:3', 'ls'], {}).connect, 'z:3');
    assert.deepEqual(parseGlobalOptions(['--auth', 'digest:u:p', 'get', '/a'], {}).auth, [{ scheme: 'digest', credentials: 'u:p' }]);
    assert.deepEqual(parseGlobalOptions([], {}).command, []);
    assert.throws(() => parseGlobalOptions(['--bogus', 'ls'], {}), /Unknown option '--bogus'/);
  });
});
