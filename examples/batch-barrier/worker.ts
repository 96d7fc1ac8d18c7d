/**
 * One batch worker: joins the double barrier, computes its share once all four
 * workers are there, and leaves when all four are done.
 *
 *   ZK_CONNECT=127.0.0.1:2181 npx tsx examples/batch-barrier/worker.ts <index> [<workers>]
 */
import { DoubleBarrier, ZkClient } from '../../src/index.js';
import { BATCH_PATH, computeShare, WORKERS } from './batch.js';

const index = Number(process.argv[2] ?? 0);
const workers = Number(process.argv[3] ?? WORKERS);
const name = `worker-${index + 1}`;
const say = (text: string): void => console.log(`[${name}] ${text}`);

await using client = new ZkClient({ connect: process.env.ZK_CONNECT ?? '127.0.0.1:2181', sessionTimeoutMs: 10_000 });
await client.connect();
await using barrier = new DoubleBarrier(client, BATCH_PATH, { memberCount: workers, memberId: name });

// Workers come up at different times; the barrier holds the early ones.
await new Promise((resolve) => setTimeout(resolve, 300 * index + Math.random() * 200));
say(`ready, waiting for all ${workers} workers`);
await barrier.enter({ timeoutMs: 60_000 });
say(`all ${workers} are in: computing share ${index + 1}/${workers}`);

const started = Date.now();
const result = await computeShare(index, workers);
say(`share done in ${Date.now() - started} ms (sum ${result}); waiting for the others to finish`);

await barrier.leave({ timeoutMs: 60_000 });
say(`all ${workers} finished: leaving together`);
console.log(`RESULT ${index} ${result}`);
