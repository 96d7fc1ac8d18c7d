/**
 * The config center in one command: two instances of a service reload their
 * feature flags live when a publish script changes them.
 *
 *   npx tsx examples/config-center/main.ts              (starts its own ZooKeeper)
 *   ZK_CONNECT=127.0.0.1:2181 npx tsx examples/config-center/main.ts
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { TestingServer } from '../../src/testing/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const server = process.env.ZK_CONNECT ? undefined : await TestingServer.start();
const connect = process.env.ZK_CONNECT ?? server!.connectString;
console.log(server ? `[main] started a ZooKeeper for the demo at ${connect}` : `[main] using ZooKeeper at ${connect}`);

/** Runs one of this folder's scripts with tsx; its lines go to our stdout, and `onLine` sees them. */
function run(script: string, args: string[], onLine: (line: string) => void = () => {}): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', join(here, script), ...args], {
    env: { ...process.env, ZK_CONNECT: connect },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (line !== 'READY') console.log(line);
    onLine(line);
  });
  return child;
}

/** Resolves once `predicate` has matched as many lines as asked. */
function linesMatching(predicate: (line: string) => boolean, count: number): { seen: (line: string) => void; done: Promise<void> } {
  let left = count;
  let resolve!: () => void;
  const done = new Promise<void>((r) => { resolve = r; });
  return { seen: (line) => { if (predicate(line) && --left === 0) resolve(); }, done };
}

async function publish(...args: string[]): Promise<void> {
  const child = run('publish.ts', args);
  const [code] = await once(child, 'exit') as [number | null];
  if (code !== 0) throw new Error(`publish.ts exited with ${code}`);
}

/** What the instances' lines are checked against: the current step's expectation. */
let watch = linesMatching(() => false, 1);
const onLine = (line: string): void => watch.seen(line);
const ready = linesMatching((l) => l === 'READY', 2);
const instances = ['orders-1', 'orders-2'].map((name) => run('service.ts', [name], (line) => { ready.seen(line); onLine(line); }));
await ready.done;

/** Publishes and waits until both instances have logged their reaction. */
async function step(title: string, ...args: string[]): Promise<void> {
  console.log(`\n[main] ${title}`);
  watch = linesMatching((l) => l.includes('reloaded') || l.includes('ignored'), 2);
  await publish(...args);
  await watch.done;
}

try {
  await step('turning the new checkout on', '{"newCheckout":true,"discountPercent":0}');
  await step('starting a 15% discount', '{"newCheckout":true,"discountPercent":15}');
  await step('someone writes a broken value by hand', '--raw', '{"newCheckout": tru');
  await step('fixing it', '{"newCheckout":false,"discountPercent":15}');
} finally {
  for (const child of instances) child.kill('SIGTERM');
  await Promise.all(instances.filter((child) => child.exitCode === null).map((child) => once(child, 'exit')));
  await server?.close();
}
console.log('\n[main] done');
