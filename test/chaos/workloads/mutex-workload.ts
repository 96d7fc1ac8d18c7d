import { LockLostError, Mutex, type Lease } from '../../../src/index.js';
import { pause, recordError, type WorkloadContext } from './workload-context.js';

/** Longest wait for the lock; contention under faults can be long, a timeout is only recorded. */
const ACQUIRE_TIMEOUT_MS = 30_000;

/**
 * One Mutex contender: acquire, hold for a few ms (stopping at once if the
 * lease is lost), release, repeat. Records `mutex.enter` the moment acquire
 * resolves, `mutex.lost` the moment `lease.lost` aborts, and `mutex.exit` when
 * it stops using the lock (before release is called), which is what the
 * mutex checker compares across clients.
 */
export async function runMutexWorkload(ctx: WorkloadContext): Promise<void> {
  const mutex = new Mutex(ctx.client, ctx.paths.mutex, { participantData: ctx.id });
  while (!ctx.stopping.aborted) {
    let lease: Lease;
    try {
      lease = await mutex.acquire({ timeoutMs: ACQUIRE_TIMEOUT_MS, signal: ctx.stopping });
    } catch (e) {
      recordError(ctx, 'mutex.acquire', e);
      await pause(ctx.random.int(20, 200), ctx.stopping);
      continue;
    }
    const token = lease.fencingToken.toString();
    ctx.emit({ kind: 'mutex.enter', token, node: lease.node });
    const onLost = (): void => {
      const reason: unknown = lease.lost.reason;
      ctx.emit({ kind: 'mutex.lost', token, cause: reason instanceof LockLostError ? reason.lossCause : String(reason) });
    };
    if (lease.lost.aborted) onLost();
    else lease.lost.addEventListener('abort', onLost, { once: true });
    // The critical section: a real user stops its work when the lease may be lost.
    await pause(ctx.random.int(2, 40), AbortSignal.any([lease.lost, ctx.stopping]));
    lease.lost.removeEventListener('abort', onLost);
    ctx.emit({ kind: 'mutex.exit', token });
    await lease.release();
    await pause(ctx.random.int(0, 25), ctx.stopping);
  }
}
