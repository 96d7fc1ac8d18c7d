/**
 * Every example under examples/ runs as its README says, to the end, and prints
 * what it is about in plain words. Each runs as a user would run it
 * (`npx tsx examples/<name>/main.ts`), against this suite's ZooKeeper through
 * ZK_CONNECT, except the demo, which starts its own embedded server as
 * `npm run demo` does. Assertions are about what is printed and the exit code,
 * never about how long it took: the timeout only catches a hang.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { TestingServer } from '../../src/testing/index.js';
import { startServer } from '../support/zk.js';

const REPO = resolve(import.meta.dirname, '../..');
/** A hang detector, not a timing claim (each example takes seconds; the slowest about 15 s on 2 busy cores). */
const HANG_MS = 240_000;

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** stdout alone (an example may print machine-readable lines there). */
  stdout: string;
  /** stdout and stderr interleaved as they arrived, for the plain-words checks and failure messages. */
  output: string;
}

/** Signals the example's process group; a group that is already gone is fine. */
function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ESRCH') throw e;
  }
}

/**
 * Runs `examples/<name>/main.ts` with tsx in its own process group, so that a
 * hang is ended for the example, its worker processes and its JVMs together
 * (SIGTERM first: the testing module stops its servers on it; SIGKILL after).
 */
function runExample(name: string, args: readonly string[], env: Record<string, string | undefined>): Promise<Run> {
  const child = spawn(process.execPath, ['--import', 'tsx', join('examples', name, 'main.ts'), ...args], {
    cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true,
  });
  let stdout = '';
  let output = '';
  child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); output += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { output += d.toString(); });
  return new Promise((resolvePromise, reject) => {
    let kill: NodeJS.Timeout | undefined;
    const hang = setTimeout(() => {
      output += `\n[smoke test] no exit within ${HANG_MS} ms: stopping the process group\n`;
      signalGroup(child.pid!, 'SIGTERM');
      kill = setTimeout(() => signalGroup(child.pid!, 'SIGKILL'), 10_000);
    }, HANG_MS);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(hang);
      clearTimeout(kill);
      resolvePromise({ code, signal, stdout, output });
    });
  });
}

/**
 * The environment of a user's shell, without the machine's ZK_CONNECT or an
 * OpenTelemetry endpoint (the elk example exports only when one is set).
 */
function envWith(connect: string | undefined): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...process.env, ZK_CONNECT: connect };
  if (connect === undefined) delete env.ZK_CONNECT;
  delete env.OTEL_EXPORTER_OTLP_ENDPOINT;
  return env;
}

function assertRan(name: string, run: Run): Run {
  assert.equal(run.code, 0, `examples/${name} exited with ${run.code ?? run.signal}; it printed:\n${run.output}`);
  return run;
}

function count(output: string, pattern: RegExp): number {
  return output.split('\n').filter((line) => pattern.test(line)).length;
}

/** The ECS JSON lines an example wrote on stdout; every line must be one. */
function ecsLines(stdout: string): Record<string, unknown>[] {
  return stdout.split('\n').filter((line) => line.trim() !== '').map((line) => {
    const parsed = JSON.parse(line) as Record<string, unknown>;
    for (const field of ['@timestamp', 'log.level', 'message', 'ecs.version']) assert.ok(field in parsed, `${field} missing in ${line}`);
    return parsed;
  });
}

const actionOf = (line: Record<string, unknown>): unknown => (line.event as { action?: unknown } | undefined)?.action;
const serviceOf = (line: Record<string, unknown>): unknown => (line.service as { name?: unknown } | undefined)?.name;

interface ExampleCheck {
  /** Let the example start its own embedded ZooKeeper instead of using the suite's. */
  ownServer?: boolean;
  /** Arguments that bound a run (its README's options). */
  args?: readonly string[];
  check(run: Run): void;
}

/** What each example must print; an example without an entry fails the coverage test below. */
const EXPECTED: Record<string, ExampleCheck> = {
  demo: {
    ownServer: true,
    check({ output: out }) {
      assert.match(out, /Starting an embedded ZooKeeper 3\.8/);
      assert.match(out, /client B got it after A released, fencing token \d+ \(larger\)/);
      assert.match(out, /watcher on client B reloaded: \{"featureX":true\}/);
      assert.match(out, /round-robin picks from client B: orders-1, orders-2, orders-1/);
      assert.match(out, /lost -> connected \(new session [0-9a-f]+\)/);
      assert.match(out, /instances after the new session: orders-1, orders-2/);
      assert.match(out, /Done: every handle closed/);
    },
  },
  'lock-critical-section': {
    check({ output: out }) {
      assert.match(out, /\[main\] 4 workers reserve 10 items each under the Mutex \/locks\/inventory/);
      assert.match(out, /\[main\] froze worker-4 for \d+ ms while it holds the lock/);
      assert.match(out, /\[main\] waking worker-4 up/);
      assert.match(out, /\[main\] inventory: 60 \(expected 60\)/);
      assert.match(out, /\[main\] every reservation counted exactly once/);
      for (let w = 1; w <= 4; w++) assert.match(out, new RegExp(`\\[worker-${w}\\] done`));
    },
  },
  'config-center': {
    check({ output: out }) {
      for (const name of ['orders-1', 'orders-2']) {
        assert.match(out, new RegExp(`\\[${name}\\] started with the default flags`));
        assert.match(out, new RegExp(`\\[${name}\\] feature flags reloaded \\(version 1\\): \\{"newCheckout":true,"discountPercent":15\\}`));
        assert.match(out, new RegExp(`\\[${name}\\] ignored an invalid flags update \\(decode\\).*still serving version 1`));
        assert.match(out, new RegExp(`\\[${name}\\] feature flags reloaded \\(version 3\\): \\{"newCheckout":false,"discountPercent":15\\}`));
        assert.match(out, new RegExp(`\\[${name}\\] stopped`));
      }
      assert.match(out, /\[main\] done/);
    },
  },
  'service-registry': {
    check({ output: out }) {
      assert.match(out, /orders: registered orders-a and orders-b/);
      assert.match(out, /gateway: discovered orders\/orders-a at http:\/\/127\.0\.0\.1:\d+/);
      assert.match(out, /gateway: discovered orders\/orders-b at http:\/\/127\.0\.0\.1:\d+/);
      // Round-robin over two instances meets the broken one twice in the first
      // four requests; with the default threshold of 2 it is skipped afterwards.
      assert.equal(count(out, /-> orders\/orders-b failed \(HTTP 503\)/), 2, out);
      assert.match(out, /usable now: \[orders-a\]/);
      for (let n = 5; n <= 8; n++) assert.match(out, new RegExp(`/orders/${n} -> orders/orders-a: `));
      assert.match(out, /gateway: orders\/orders-b is gone from the registry/);
    },
  },
  'batch-barrier': {
    check({ output: out }) {
      assert.equal(count(out, /ready, waiting for all 4 workers/), 4, out);
      assert.equal(count(out, /all 4 are in: computing share/), 4, out);
      assert.equal(count(out, /share done in \d+ ms/), 4, out);
      assert.equal(count(out, /all 4 finished: leaving together/), 4, out);
      assert.match(out, /\[main\] all 4 workers left together; batch result 319464/);
    },
  },
  'leader-cron': {
    check({ output: out }) {
      assert.equal(count(out, /\[cron-\d\] started; following the leader/), 3, out);
      assert.ok(count(out, /\[cron-\d\] LEADER now \(epoch \d+\)/) >= 3, out);
      assert.match(out, /\[main\] cron-\d took over \d+ ms after the crash/);
      assert.match(out, /\[main\] cron-\d took over \d+ ms after the graceful stop/);
      assert.match(out, /\[main\] \d+ job runs in \d+ terms by cron-\d -> cron-\d -> cron-\d/);
      assert.match(out, /\[main\] one instance per term, epochs only grew/);
    },
  },
  elk: {
    // Without OTEL_EXPORTER_OTLP_ENDPOINT it exports nothing and writes ECS logs only.
    args: ['--seconds', '3'],
    check({ stdout, output }) {
      assert.match(output, /OTEL_EXPORTER_OTLP_ENDPOINT is not set: logs only/);
      const lines = ecsLines(stdout);
      for (const service of ['orders-a', 'orders-b']) {
        const own = lines.filter((line) => serviceOf(line) === service);
        assert.ok(own.some((line) => actionOf(line) === 'zookeeper.state_change'), `${service}: no state change logged`);
        assert.ok(own.some((line) => actionOf(line) === 'example.done'), `${service}: did not finish`);
      }
      assert.ok(lines.some((line) => actionOf(line) === 'zk.leader.elected'), 'nobody was elected');
    },
  },
};

const present = readdirSync(join(REPO, 'examples'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(REPO, 'examples', entry.name, 'main.ts')))
  .map((entry) => entry.name)
  .sort();

describe('examples (smoke)', () => {
  let server: TestingServer;
  before(async () => { server = await startServer(); });
  after(async () => { await server?.close(); });

  test('every example folder with a main.ts has a smoke check here', () => {
    const unchecked = present.filter((name) => !(name in EXPECTED));
    assert.deepEqual(unchecked, [], `add an entry to EXPECTED in test/examples/examples-smoke.test.ts for: ${unchecked.join(', ')}`);
  });

  for (const name of present.filter((n) => n in EXPECTED)) {
    test(`examples/${name} runs to the end and says what happened`, { timeout: HANG_MS + 30_000 }, async () => {
      const spec = EXPECTED[name];
      const run = await runExample(name, spec.args ?? [], envWith(spec.ownServer ? undefined : server.connectString));
      spec.check(assertRan(name, run));
    });
  }
});
