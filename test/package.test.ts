import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, test } from 'node:test';
import { SDK_VERSION } from '../src/index.js';

const repo = resolve(import.meta.dirname, '..');
const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { version: string; dependencies: Record<string, string> };

describe('the published package', () => {
  const work = mkdtempSync(join(tmpdir(), 'zk-recipes-pack-'));
  after(() => rmSync(work, { recursive: true, force: true }));

  test('SDK_VERSION (the instrumentation scope version) matches package.json', () => {
    assert.equal(SDK_VERSION, pkg.version);
  });

  test('npm pack gives a package whose "." and "./testing" imports work from another project', () => {
    const out = execFileSync('npm', ['pack', '--silent', '--pack-destination', work], { cwd: repo, encoding: 'utf8' });
    const tarball = join(work, out.trim().split('\n').at(-1)!);
    const project = join(work, 'consumer');
    const installed = join(project, 'node_modules', 'zk-recipes');
    mkdirSync(installed, { recursive: true });
    execFileSync('tar', ['-xzf', tarball, '-C', installed, '--strip-components=1']);
    // The runtime dependencies come from this checkout (the native addon is built once).
    for (const dep of Object.keys(pkg.dependencies)) {
      const target = join(project, 'node_modules', dep);
      mkdirSync(join(target, '..'), { recursive: true });
      symlinkSync(join(repo, 'node_modules', dep), target);
    }
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', type: 'module', private: true }));
    writeFileSync(join(project, 'main.mjs'), `
      import { ZkClient, Mutex } from 'zk-recipes';
      import { TestingServer } from 'zk-recipes/testing';
      const server = await TestingServer.start();
      const client = new ZkClient({ connect: server.connectString });
      await client.connect();
      const lease = await new Mutex(client, '/pack/lock').acquire({ timeoutMs: 10000 });
      console.log('token', typeof lease.fencingToken);
      await lease.release();
      await client.close();
      await server.close();
    `);
    const run = spawnSync(process.execPath, ['main.mjs'], { cwd: project, encoding: 'utf8', timeout: 120_000 });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout.trim(), 'token bigint');
    const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' });
    assert.match(files, /package\/dist\/src\/index\.d\.ts/);
    assert.match(files, /package\/dist\/src\/testing\/index\.js/);
    assert.doesNotMatch(files, /package\/(test|scratch|bench)\//);
    const bin = readFileSync(join(installed, 'dist/src/cli/zkr.js'), 'utf8');
    assert.ok(bin.startsWith('#!/usr/bin/env node'));
  });
});
