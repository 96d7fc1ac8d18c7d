import { nowMs } from './latencies.js';

/** One contender: takes the lock and resolves with the function that releases it. */
export type Contender = () => Promise<() => Promise<void>>;

/**
 * The lock_contended protocol, the same for every TypeScript driver: all
 * contenders take the lock in turns until `total` acquisitions. Each holds it
 * for one turn of the event loop; the hand-off is the time from the holder
 * starting its release to the next holder's acquire resolving. Two holders at
 * once (seen in this process) count as a violation.
 */
export async function contend(contenders: readonly Contender[], total: number): Promise<{ handoffs: number[]; violations: number }> {
  let acquired = 0;
  let holders = 0;
  let violations = 0;
  let releaseStarted: number | undefined;
  const handoffs: number[] = [];
  await Promise.all(contenders.map(async (take) => {
    while (acquired < total) {
      const release = await take();
      const at = nowMs();
      if (++holders > 1) violations++;
      const counted = acquired++ < total;
      if (counted && releaseStarted !== undefined) handoffs.push(at - releaseStarted);
      await new Promise<void>((resolve) => setImmediate(resolve)); // the critical section
      holders--;
      releaseStarted = nowMs();
      await release();
    }
  }));
  return { handoffs, violations };
}
