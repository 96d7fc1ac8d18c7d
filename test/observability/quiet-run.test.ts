import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { describe, test } from 'node:test';
import { zkSuite } from '../support/zk-suite.js';

describe('without a logger or an OpenTelemetry SDK', () => {
  const suite = zkSuite();

  test('a run through the recipes prints nothing and exits by itself', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/observability/fixtures/quiet-recipes.ts', suite.server.connectString], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { out += d.toString(); });
    // A hang detector, not a timing assertion.
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => { child.kill('SIGKILL'); resolve(null); }, 60_000);
      child.on('exit', (c) => { clearTimeout(timer); resolve(c); });
    });
    assert.equal(code, 0, `exit ${code}; output:\n${out}`);
    assert.equal(out, '');
  });
});
