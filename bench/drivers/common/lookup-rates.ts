import { nowMs, round } from './latencies.js';
import type { WorkloadOutcome } from './run-driver.js';
import { ServerStats } from './server-counters.js';

/** How one driver looks up the 100 instances of the discovery workload. */
export interface LookupWays {
  /** List and read every instance (no cache); resolves with how many it found. */
  uncached(): Promise<number>;
  /** Starts the driver's cache and resolves once it holds all 100 instances. */
  startCache(): Promise<void>;
  /** One pick from the started cache; falsy when it had nothing. */
  pick(): unknown;
}

/**
 * The discovery protocol, the same for every TypeScript driver: 5 warm-up
 * lookups, `n / 10` uncached lookups counted on the server, then `100 × n`
 * picks from the cache after a tenth as many warm-up picks.
 */
export async function measureLookups(connect: string, n: number, ways: LookupWays): Promise<WorkloadOutcome> {
  const uncachedCount = Math.max(10, Math.round(n / 10));
  for (let i = 0; i < 5; i++) await ways.uncached(); // warm-up
  const stats = new ServerStats(connect);
  await stats.begin();
  let started = nowMs();
  for (let i = 0; i < uncachedCount; i++) {
    if ((await ways.uncached()) !== 100) throw new Error('uncached lookup did not see 100 instances');
  }
  const uncachedMs = nowMs() - started;
  const server = await stats.end();
  await ways.startCache();
  const picks = n * 100;
  for (let i = 0; i < picks / 10; i++) ways.pick(); // warm-up
  started = nowMs();
  for (let i = 0; i < picks; i++) if (!ways.pick()) throw new Error('the cache returned no instance');
  const cachedMs = nowMs() - started;
  return {
    metrics: {
      uncached_per_s: round((uncachedCount * 1000) / uncachedMs),
      cached_per_s: round((picks * 1000) / cachedMs),
      uncached_lookups: uncachedCount,
      cached_picks: picks,
    },
    ops: uncachedCount,
    server,
  };
}
