import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { digestId, type ZkClient } from '../../src/index.js';
import type { TestingServer } from '../../src/testing/index.js';
import { connectClient, startServer, uniquePath } from '../support/zk.js';
import { zkr, ZkrSession } from './zkr-process.js';

/** zkCli's prompt, which the shell prints before every command. */
const PROMPT = /\[zk: [^\]]+\((CONNECTED|[A-Z ]+)\) \d+\] /g;

describe('zkr: interactive shell', () => {
  let server: TestingServer;
  let client: ZkClient;

  before(async () => {
    server = await startServer();
    client = await connectClient(server.connectString);
  });

  after(async () => {
    await client?.close();
    await server?.close();
  });

  test('ls, create, get, a failing command, history and quit over one session', async () => {
    const path = uniquePath('shell');
    await client.create('/t', null).catch(() => undefined);
    const input = [
      'ls /',
      `create ${path} "hello world"`,
      `get ${path}`,
      'get /t/missing',
      '',
      `create -e ${path}/eph`,
      `stat ${path}/eph`,
      'history',
      'quit',
      'ls /never-run',
    ].join('\n');
    const r = await zkr(['-s', server.connectString], { input: `${input}\n` });
    assert.equal(r.code, 0, r.stderr);
    const out = r.stdout.replace(PROMPT, '').split('\n');
    assert.match(out[0], /^\[.*\bt\b.*\]$/);
    assert.equal(out[1], `Created ${path}`);
    assert.equal(out[2], 'hello world');
    assert.equal(out[3], `Created ${path}/eph`);
    // The ephemeral belongs to the shell's one session.
    const owner = out.find((l) => l.startsWith('ephemeralOwner = '));
    assert.match(owner!, /^ephemeralOwner = 0x[0-9a-f]+$/);
    assert.notEqual(owner, 'ephemeralOwner = 0x0');
    assert.ok(out.includes(`1 - create ${path} "hello world"`));
    assert.ok(out.includes('6 - history'));
    assert.ok(!r.stdout.includes('never-run'));
    assert.match(r.stdout, /^\[zk: 127\.0\.0\.1:\d+\(CONNECTED\) 0\] /);
    assert.equal(r.stderr, 'zkr: Node does not exist: /t/missing\n');
    // The session ended with the shell, and its ephemeral with it.
    assert.equal(await client.exists(`${path}/eph`), null);
  });

  test('addauth applies to the following commands; help and bad input keep the shell going', async () => {
    const path = uniquePath('shell-auth');
    await client.create(path, 'secret');
    await client.setAcl(path, [{ perms: 31, scheme: 'digest', id: digestId('bob', 'pw') }]);
    const input = [`get ${path}`, 'addauth digest bob:pw', `get ${path}`, 'help', 'frob', 'create "unterminated', 'ls -q /'].join('\n');
    const r = await zkr(['-s', server.connectString], { input: `${input}\n` });
    assert.equal(r.code, 0);
    const out = r.stdout.replace(PROMPT, '');
    assert.match(out, /^secret$/m);
    assert.match(out, /^ZooKeeper \(as in zkCli\):$/m);
    assert.deepEqual(r.stderr.trim().split('\n'), [
      `zkr: Not authorized: ${path}`,
      'zkr: unknown command "frob" (zkr help lists them)',
      'zkr: unterminated " quote',
      "zkr: ls: Unknown option '-q'",
    ]);
  });

  test('Ctrl-C stops a running watch and the shell goes on', async () => {
    const path = uniquePath('shell-watch');
    await client.create(path, 'v1');
    const shell = new ZkrSession(['-s', server.connectString]);
    try {
      shell.write(`config watch ${path}\n`);
      await shell.waitForLine((l) => l.endsWith('v1'));
      shell.interrupt();
      shell.write(`get ${path}\n`);
      const at = shell.lines.length;
      await shell.waitForLine((l) => l.endsWith('v1'), at);
      shell.write('quit\n');
      assert.equal(await shell.exited, 0);
    } finally {
      shell.kill();
    }
  });
});
