import { DoubleBarrier } from '../../../src/index.js';
import { codeOf, pause, type WorkloadContext } from './workload-context.js';

/** Every member of a round calls enter within this (far longer than any fault), so a normal round must complete. */
export const ROUND_TIMEOUT_MS = 30_000;
/** A sit-out round: one member stays away and the others must all time out after this. */
export const SIT_OUT_TIMEOUT_MS = 2_500;
/** Every this many rounds, member 0 sits out. */
export const SIT_OUT_EVERY = 6;

/** Where a member stands in the barrier group. */
export interface BarrierSeat {
  /** memberCount of the barrier: every participant of the run. */
  members: number;
  /** This member's index; member 0 sits out every {@link SIT_OUT_EVERY} rounds. */
  index: number;
  /**
   * Resolves once every other member has finished round `round - 1` (the
   * runner watches the history; see round-gate.ts), so that the members'
   * round numbers stay aligned and a member's next node is never counted in
   * a round it has finished or sat out.
   */
  roundGate?: (round: number, signal: AbortSignal) => Promise<void>;
}

export function isSitOutRound(round: number): boolean {
  return round % SIT_OUT_EVERY === 0;
}

/**
 * One DoubleBarrier member, round after round: enter, work a little, leave.
 * Records each call, pass and failure with its round number. In sit-out
 * rounds member 0 does not come, and every other member must time out.
 */
export async function runBarrierWorkload(ctx: WorkloadContext, seat: BarrierSeat): Promise<void> {
  const barrier = new DoubleBarrier(ctx.client, ctx.paths.barrier, { memberCount: seat.members, memberId: ctx.id });
  try {
    for (let round = 1; !ctx.stopping.aborted; round++) {
      await seat.roundGate?.(round, ctx.stopping);
      const sitOut = isSitOutRound(round);
      if (sitOut && seat.index === 0) {
        ctx.emit({ kind: 'barrier.sit-out', round });
        continue;
      }
      await pause(ctx.random.int(0, 20), ctx.stopping);
      if (ctx.stopping.aborted) break;
      ctx.emit({ kind: 'barrier.call', step: 'enter', round });
      try {
        await barrier.enter({ timeoutMs: sitOut ? SIT_OUT_TIMEOUT_MS : ROUND_TIMEOUT_MS, signal: ctx.stopping });
        ctx.emit({ kind: 'barrier.pass', step: 'enter', round });
      } catch (e) {
        ctx.emit({ kind: 'barrier.fail', step: 'enter', round, code: codeOf(e) });
        continue;
      }
      await pause(ctx.random.int(0, 30), ctx.stopping);
      ctx.emit({ kind: 'barrier.call', step: 'leave', round });
      try {
        await barrier.leave({ timeoutMs: ROUND_TIMEOUT_MS, signal: ctx.stopping });
        ctx.emit({ kind: 'barrier.pass', step: 'leave', round });
      } catch (e) {
        ctx.emit({ kind: 'barrier.fail', step: 'leave', round, code: codeOf(e) });
      }
    }
  } finally {
    await barrier.close();
  }
}
