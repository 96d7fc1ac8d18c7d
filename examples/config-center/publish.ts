/**
 * Publishes new feature flags (compare-and-set on the version it just read;
 * it retries once if someone else published in between).
 *
 *   ZK_CONNECT=127.0.0.1:2181 npx tsx examples/config-center/publish.ts '{"newCheckout":true,"discountPercent":10}'
 *   ... publish.ts --raw 'not json'     writes raw bytes, bypassing validation (to see instances refuse it)
 */
import { BadVersionError, ConfigWatcher, ZkClient } from '../../src/index.js';
import { DEFAULT_FLAGS, FLAGS_PATH, parseFlags, type FeatureFlags } from './flags.js';

const connect = process.env.ZK_CONNECT;
if (!connect) throw new Error('set ZK_CONNECT');
const raw = process.argv[2] === '--raw';
const text = raw ? process.argv[3] : process.argv[2];
if (text === undefined) throw new Error('usage: publish.ts <flags JSON> | --raw <bytes>');

await using client = new ZkClient({ connect, sessionTimeoutMs: 10_000 });
await client.connect();
if (raw) {
  const stat = await client.setData(FLAGS_PATH, text);
  console.log(`[publish] wrote raw bytes as version ${stat.version}`);
} else {
  await using flags = new ConfigWatcher<FeatureFlags>(client, FLAGS_PATH, { validate: parseFlags, defaultValue: DEFAULT_FLAGS });
  const next = parseFlags(JSON.parse(text));
  await flags.start({ timeoutMs: 10_000 });
  for (let attempt = 1; ; attempt++) {
    try {
      const stat = await flags.publish(next, { timeoutMs: 10_000 });
      console.log(`[publish] flags ${JSON.stringify(next)} are version ${stat.version}`);
      break;
    } catch (e) {
      if (!(e instanceof BadVersionError) || attempt === 2) throw e;
      // The watcher learns the newer version through its watch; the next publish is based on it.
      console.log('[publish] someone published first; retrying on the newer version');
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}
