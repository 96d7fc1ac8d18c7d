import type { Attributes, Span } from '@opentelemetry/api';
import { Deadline, type CallOptions, type ZkClient } from '../../src/client/index.js';
import { ZkError } from '../../src/errors/index.js';
import { inRecipeSpan } from '../internal/index.js';
import { BarrierAttr } from './attributes.js';
import { BarrierTimeoutError, type BarrierStep } from './errors.js';

/** One blocking barrier call: where it runs and what it reports. */
export interface BarrierCall {
  client: ZkClient;
  path: string;
  step: BarrierStep;
  /** `zk.barrier.wait`, `zk.double_barrier.enter`, ... */
  spanName: string;
  attributes: Attributes;
  /** Aborted (with a `BarrierClosedError`) when the barrier object is closed. */
  closing: AbortSignal;
  /** Span outcome when `fn` resolves. */
  success: string;
}

/**
 * Runs a blocking barrier call in its INTERNAL span, under one Deadline that
 * folds the caller's `timeoutMs` (as `BarrierTimeoutError`), the caller's
 * `signal` and the object's `close()`. Sets the outcome and duration
 * attributes and always disposes the deadline (no timer left).
 */
export async function runBarrierCall<T>(call: BarrierCall, options: CallOptions | undefined, fn: (deadline: Deadline, span: Span) => Promise<T>): Promise<T> {
  const signal = options?.signal ? AbortSignal.any([options.signal, call.closing]) : call.closing;
  const deadline = new Deadline(
    { ...(options?.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }), signal },
    call.step,
    (ms) => new BarrierTimeoutError(call.path, call.step, ms),
  );
  const started = performance.now();
  try {
    return await inRecipeSpan(call.client, call.spanName, { [BarrierAttr.PATH]: call.path, ...call.attributes }, async (span) => {
      try {
        const result = await fn(deadline, span);
        span.setAttribute(BarrierAttr.OUTCOME, call.success);
        return result;
      } catch (e) {
        span.setAttribute(BarrierAttr.OUTCOME, outcomeOf(e, deadline));
        throw e;
      } finally {
        span.setAttribute(BarrierAttr.WAIT_MS, performance.now() - started);
      }
    });
  } finally {
    deadline.dispose();
  }
}

function outcomeOf(e: unknown, deadline: Deadline): string {
  if (e instanceof BarrierTimeoutError) return 'timeout';
  if (e instanceof ZkError && e.code === 'CLOSED') return 'closed';
  return deadline.aborted ? 'aborted' : 'error';
}
