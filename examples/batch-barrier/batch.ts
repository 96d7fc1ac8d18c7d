/** What the batch workers share: the barrier path, the group size and the work. */

/** The double barrier of this batch job (Curator members on this path join the same round). */
export const BATCH_PATH = '/jobs/batch-barrier';

/** Workers that must start and finish together. */
export const WORKERS = 4;

/** The numbers summed by the whole batch: 1..N. */
export const N = 2_000_000;

/**
 * Worker `index`'s share of the batch: the sum of squares (mod 1e9+7) of its
 * slice of 1..N, with uneven slices and a pause so that workers finish at
 * different times.
 */
export async function computeShare(index: number, workers: number): Promise<number> {
  const size = Math.ceil(N / workers);
  let sum = 0;
  for (let i = index * size + 1; i <= Math.min(N, (index + 1) * size); i++) sum = (sum + ((i * i) % 1_000_000_007)) % 1_000_000_007;
  await new Promise((resolve) => setTimeout(resolve, 200 + 250 * ((index * 7) % workers)));
  return sum;
}
