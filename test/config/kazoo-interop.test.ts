import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ConfigWatcher } from '../../recipes/config/index.js';
import { eventually, uniquePath } from '../support/zk.js';
import { zkSuite } from '../support/zk-suite.js';

const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), '../interop/python/config_datawatch.py');

function kazooUnavailable(): string | undefined {
  const r = spawnSync('/usr/bin/python3', ['-c', 'import kazoo'], { encoding: 'utf8' });
  return r.status === 0 ? undefined : 'kazoo not installed (apt-get install python3-kazoo)';
}

describe('ConfigWatcher with kazoo 2.x DataWatch on the same node', () => {
  const suite = zkSuite();

  test('kazoo sees what ConfigWatcher publishes, ConfigWatcher reloads what kazoo sets', async (t) => {
    const reason = kazooUnavailable();
    if (reason) { t.skip(reason); return; }
    const path = uniquePath('kz-cfg');
    const child = spawn('/usr/bin/python3', [SCRIPT, suite.server.connectString, path], { stdio: 'pipe' });
    const lines: string[] = [];
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    createInterface({ input: child.stdout }).on('line', (line) => lines.push(line));
    const exited = new Promise((resolve) => child.on('close', resolve));
    try {
      await eventually(() => lines.includes('VALUE -1 -'), 20_000).catch((e: Error) => { throw new Error(`${e.message}\n${stderr}`); });
      await using config = new ConfigWatcher<{ limit: number }>(await suite.open(), path, { defaultValue: { limit: 0 } });
      await config.start({ timeoutMs: 10_000 });
      let invalid = 0;
      config.on('invalid', () => { invalid += 1; });

      await config.publish({ limit: 1 });
      await eventually(() => lines.includes('VALUE 0 {"limit":1}'));

      child.stdin.write('SET {"limit": 2}\n');
      await eventually(() => config.version === 1);
      assert.deepEqual(config.value, { limit: 2 });

      child.stdin.write('SET not json\n');
      await eventually(() => invalid === 1 && lines.includes('VALUE 2 not json'));
      assert.deepEqual(config.value, { limit: 2 });
      // kazoo's DataWatch reported every version here, ours included.
      assert.deepEqual(lines.filter((l) => l.startsWith('VALUE')), ['VALUE -1 -', 'VALUE 0 {"limit":1}', 'VALUE 1 {"limit": 2}', 'VALUE 2 not json']);
    } finally {
      child.stdin.end();
      await exited;
    }
  });
});
