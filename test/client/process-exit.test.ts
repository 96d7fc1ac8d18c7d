import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import type { TestingServer } from '../../src/testing/index.js';
import { startServer } from '../support/zk.js';

describe('a process using the client', () => {
  let server: TestingServer;
  before(async () => { server = await startServer(); });
  after(async () => { await server?.close(); });

  test('exits on its own after close(), printing nothing', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/client/fixtures/connect-and-close.ts', server.connectString], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { out += d.toString(); });
    // A hang detector, not a timing assertion: a leaked handle keeps the process alive forever.
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => { child.kill('SIGKILL'); resolve(null); }, 30_000);
      child.on('exit', (c) => { clearTimeout(timer); resolve(c); });
    });
    assert.equal(code, 0, `did not exit by itself; output:\n${out}`);
    assert.equal(out, '');
  });
});
