import type { Attributes, Span } from '@opentelemetry/api';
import { Deadline, type CallOptions, type ZkClient } from '../../src/client/index.js';
import { inRecipeSpan } from '../internal/index.js';
import { LockAttr } from './attributes.js';
import { LockTimeoutError } from './errors.js';

/**
 * Runs one acquisition in its `<prefix>.acquire` span, within one deadline
 * built from the caller's `{ timeoutMs, signal }` (time running out is a
 * `LockTimeoutError`). Records the wait time, and the outcome of a failure
 * (`timeout`, `aborted`, `error`); `fn` records the outcome of a success.
 */
export async function inAcquireSpan<T>(
  client: ZkClient, spanName: string, path: string, call: CallOptions, op: string, attributes: Attributes,
  fn: (deadline: Deadline, span: Span) => Promise<T>,
): Promise<T> {
  const deadline = new Deadline(call, op, (ms) => new LockTimeoutError(path, ms));
  const started = performance.now();
  try {
    return await inRecipeSpan(client, spanName, { [LockAttr.PATH]: path, ...attributes }, async (span) => {
      try {
        return await fn(deadline, span);
      } catch (e) {
        span.setAttribute(LockAttr.OUTCOME, e instanceof LockTimeoutError ? 'timeout' : deadline.aborted ? 'aborted' : 'error');
        throw e;
      } finally {
        span.setAttribute(LockAttr.WAIT_MS, performance.now() - started);
      }
    });
  } finally {
    deadline.dispose();
  }
}
