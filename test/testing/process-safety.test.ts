import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import { isAlive, sleep } from './helpers.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/abandoned-server.ts', import.meta.url));

interface Outcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  server: { pid: number; tempDir: string };
}

/** Runs the fixture; `signal` is sent once the server is up. */
function runFixture(mode: string, signal?: NodeJS.Signals): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE, mode], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    let server: Outcome['server'] | undefined;
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = stdout.split('\n')[0];
      if (!server && stdout.includes('\n') && line) {
        server = JSON.parse(line) as Outcome['server'];
        if (signal) child.kill(signal);
      }
    });
    child.on('error', reject);
    child.on('close', (code, sig) => {
      if (!server) reject(new Error(`fixture ended before starting a server (code ${code}, signal ${sig})`));
      else resolve({ code, signal: sig, stdout, server });
    });
  });
}

/**
 * The server was a child of the fixture, not of this process, so once killed
 * it may linger as a zombie until init reaps it; isAlive() treats that as dead.
 */
async function assertServerGone(server: Outcome['server']): Promise<void> {
  for (let i = 0; i < 50 && isAlive(server.pid); i += 1) await sleep(100);
  assert.equal(isAlive(server.pid), false, `server pid ${server.pid} outlived its Node process`);
  assert.equal(existsSync(server.tempDir), false, `temp dir ${server.tempDir} left behind`);
}

void describe('servers do not outlive the Node process that started them', () => {
  void test('process.exit() kills the server and removes its files', async () => {
    const outcome = await runFixture('exit');
    assert.equal(outcome.code, 0);
    await assertServerGone(outcome.server);
  });

  void test('a forgotten server does not keep Node alive, and dies with it', async () => {
    const outcome = await runFixture('forget');
    assert.equal(outcome.code, 0);
    await assertServerGone(outcome.server);
  });

  void test('SIGINT kills the server, then ends Node as SIGINT would', async () => {
    const outcome = await runFixture('wait', 'SIGINT');
    assert.equal(outcome.signal, 'SIGINT');
    await assertServerGone(outcome.server);
  });

  void test("SIGTERM kills the server and leaves the program's own handler in charge", async () => {
    const outcome = await runFixture('wait-own-handler', 'SIGTERM');
    assert.equal(outcome.code, 7);
    assert.match(outcome.stdout, /own handler/);
    await assertServerGone(outcome.server);
  });
});
