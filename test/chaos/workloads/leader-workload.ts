import { LeaderLatch, NotLeaderError, type Leadership } from '../../../src/index.js';
import { pause, recordError, type WorkloadContext } from './workload-context.js';

/**
 * One LeaderLatch participant for the whole run. Records `leader.gained` on
 * `isLeader` and `leader.lost` the moment `leadership.lost` aborts (loss,
 * or our own close). Now and then a leader steps down (closes its latch and
 * joins again with a new one), so leadership also changes hands without faults.
 */
export async function runLeaderWorkload(ctx: WorkloadContext, report: (latch: LeaderLatch | undefined) => void): Promise<void> {
  while (!ctx.stopping.aborted) {
    const latch = new LeaderLatch(ctx.client, ctx.paths.leader, { participantId: ctx.id });
    latch.on('isLeader', (leadership) => watchTerm(ctx, leadership));
    try {
      await latch.start({ timeoutMs: 30_000, signal: ctx.stopping });
    } catch (e) {
      recordError(ctx, 'leader.start', e);
      await pause(ctx.random.int(100, 500), ctx.stopping);
      continue;
    }
    report(latch);
    // Stay in the election; a leader steps down now and then.
    while (!ctx.stopping.aborted) {
      await pause(ctx.random.int(2_000, 6_000), ctx.stopping);
      if (latch.hasLeadership && !ctx.quiescing.aborted && ctx.random.chance(0.4)) break;
    }
    report(undefined);
    await latch.close();
  }
}

function watchTerm(ctx: WorkloadContext, leadership: Leadership): void {
  const epoch = leadership.epoch.toString();
  ctx.emit({ kind: 'leader.gained', epoch });
  const onLost = (): void => {
    const reason: unknown = leadership.lost.reason;
    ctx.emit({ kind: 'leader.lost', epoch, cause: reason instanceof NotLeaderError ? reason.lossCause : String(reason) });
  };
  if (leadership.lost.aborted) onLost();
  else leadership.lost.addEventListener('abort', onLost, { once: true });
}
