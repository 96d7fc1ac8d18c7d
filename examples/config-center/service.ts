/**
 * One instance of the "orders" service: it serves with the feature flags from
 * ZooKeeper and reloads them live, with one log line per reload.
 *
 *   ZK_CONNECT=127.0.0.1:2181 npx tsx examples/config-center/service.ts orders-1
 */
import { ConfigWatcher, ZkClient } from '../../src/index.js';
import { DEFAULT_FLAGS, FLAGS_PATH, parseFlags, type FeatureFlags } from './flags.js';

const name = process.argv[2] ?? `orders-${process.pid}`;
const connect = process.env.ZK_CONNECT;
if (!connect) throw new Error('set ZK_CONNECT (main.ts does it for you)');

const log = (message: string): void => console.log(`[${name}] ${message}`);

const client = new ZkClient({ connect, sessionTimeoutMs: 10_000 });
await client.connect();
const flags = new ConfigWatcher<FeatureFlags>(client, FLAGS_PATH, { validate: parseFlags, defaultValue: DEFAULT_FLAGS });
flags.on('change', (now) => log(`feature flags reloaded (version ${flags.version}): ${JSON.stringify(now)}`));
flags.on('invalid', (error) => log(`ignored an invalid flags update (${error.stage}): ${error.message}; still serving version ${flags.version}`));
const initial = await flags.start({ timeoutMs: 10_000 });
log(`started with ${flags.version === undefined ? 'the default flags' : `version ${flags.version}`}: ${JSON.stringify(initial)}`);
console.log('READY');

async function shutdown(): Promise<void> {
  await flags.close();
  await client.close();
  log('stopped');
}
process.once('SIGTERM', () => void shutdown());
process.once('SIGINT', () => void shutdown());
