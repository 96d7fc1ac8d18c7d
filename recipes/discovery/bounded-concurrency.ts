/**
 * How many ZooKeeper requests the discovery recipe keeps in flight at once when
 * it reads or writes many instances: enough to pipeline on one connection (the
 * server answers a session's requests in order), few enough not to queue
 * thousands of requests behind a slow server.
 */
export const DISCOVERY_CONCURRENCY = 64;

/**
 * Calls `fn` on every item with at most `limit` calls pending, and resolves
 * with the results in input order once all have settled. Rejects with the
 * first error after the others have settled (so nothing is left running).
 */
export async function mapConcurrently<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let firstError: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      try {
        results[index] = await fn(items[index], index);
      } catch (e) {
        firstError ??= { error: e };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (firstError) throw firstError.error;
  return results;
}
