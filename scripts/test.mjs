// Runs the whole suite: typecheck, lint, then every test/**/*.test.ts through
// node's test runner (tsx for TypeScript). Node 20's --test takes no globs, so
// the files are listed here.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function findTests(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      if (name !== 'fixtures' && name !== 'node_modules') out.push(...findTests(p));
    } else if (name.endsWith('.test.ts')) {
      out.push(p);
    }
  }
  return out;
}

function run(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const only = process.argv.slice(2);
if (only.length === 0) {
  run('npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']);
  run('npx', ['eslint', '.']);
}
const files = only.length ? only : findTests('test');
const concurrency = process.env.TEST_CONCURRENCY ?? '2';
run(process.execPath, [
  '--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec',
  '--test-timeout=300000', ...files,
]);
