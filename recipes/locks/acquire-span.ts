import type { Attributes, Span } from '@opentelemetry/api';
import { Deadline, type CallOptions, type ZkClient } from '../../src/client/index.js';
import { RecipeMetricAttr } from '../../src/observability/attributes.js';
import { inRecipeSpan } from '../internal/index.js';
import { LockAttr } from './attributes.js';
import { LockTimeoutError } from './errors.js';
import { recipeKind } from './recipe-kind.js';

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
      let outcome = 'acquired';
      try {
        const result = await fn(deadline, span);
        if (result === null) outcome = 'busy';
        return result;
      } catch (e) {
        outcome = e instanceof LockTimeoutError ? 'timeout' : deadline.aborted ? 'aborted' : 'error';
        span.setAttribute(LockAttr.OUTCOME, outcome);
        throw e;
      } finally {
        const waited = performance.now() - started;
        span.setAttribute(LockAttr.WAIT_MS, waited);
        const metricAttributes = { [RecipeMetricAttr.RECIPE]: recipeKind(spanName), [RecipeMetricAttr.OUTCOME]: outcome };
        client.telemetry.recipes.lockWait.record(waited / 1000, metricAttributes);
        client.telemetry.recipes.lockAcquisitions.add(1, metricAttributes);
      }
    });
  } finally {
    deadline.dispose();
  }
}
