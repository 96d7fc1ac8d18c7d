import { ZkError } from '../../src/errors/index.js';

/** The barrier step that ran out of time. */
export type BarrierStep = 'wait' | 'enter' | 'leave';

const WHAT: Record<BarrierStep, (path: string, ms: number) => string> = {
  wait: (path, ms) => `Barrier ${path} was not removed within ${ms} ms`,
  enter: (path, ms) => `Not all members entered double barrier ${path} within ${ms} ms; our member node was deleted`,
  leave: (path, ms) =>
    `Not all members left double barrier ${path} within ${ms} ms; our member node was deleted, `
    + 'but the other members may still be waiting in leave()',
};

/**
 * A barrier call did not finish within its `timeoutMs` (code `BARRIER_TIMEOUT`).
 *
 * - `wait` (Barrier): the barrier node still exists; nothing was written.
 * - `enter` (DoubleBarrier): fewer than `memberCount` members arrived; our
 *   member node was deleted before the call rejected, so the others do not
 *   count us.
 * - `leave` (DoubleBarrier): some members had not left; our member node was
 *   deleted (to the others we have left), but they may still be waiting for the
 *   rest.
 */
export class BarrierTimeoutError extends ZkError {
  /** Which call timed out. */
  readonly step: BarrierStep;

  constructor(path: string, step: BarrierStep, timeoutMs: number) {
    super('BARRIER_TIMEOUT', WHAT[step](path, timeoutMs), { op: step, path });
    this.step = step;
  }
}

/** `close()` was called on the barrier object while this call was waiting (code `CLOSED`). */
export class BarrierClosedError extends ZkError {
  constructor(path: string, op: string) {
    super('CLOSED', `Barrier object for ${path} was closed`, { op, path });
  }
}
