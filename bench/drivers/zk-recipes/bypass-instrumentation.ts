import {
  INVALID_SPAN_CONTEXT, trace, type Context, type Span, type SpanOptions, type Tracer,
} from '@opentelemetry/api';
import type { ZkClient } from 'zk-recipes';

const NON_RECORDING: Span = trace.wrapSpanContext(INVALID_SPAN_CONTEXT);

/** A tracer that runs the callback straight away: no span is started, no context is switched. */
const bypassTracer: Tracer = {
  startSpan: (_name: string, _options?: SpanOptions, _ctx?: Context) => NON_RECORDING,
  startActiveSpan: ((...args: unknown[]) => {
    const fn = args[args.length - 1] as (span: Span) => unknown;
    return fn(NON_RECORDING);
  }),
};

/**
 * Takes the client's instrumentation out of the call path, for the
 * instrumentation-overhead comparison: every ZooKeeper operation runs without
 * the `operation()` wrapper (no span, no duration histogram), and recipe spans
 * call straight through. Bench-only: it replaces two members of the client's
 * `Instrumentation` object in place (there is no public switch for this).
 */
export function bypassInstrumentation(client: ZkClient): void {
  const telemetry = client.telemetry;
  Object.defineProperty(telemetry, 'tracer', { value: bypassTracer, configurable: true });
  Object.defineProperty(telemetry, 'operation', {
    value: <T>(_op: string, _server: string, _path: string | undefined, fn: (span: Span) => Promise<T>): Promise<T> => fn(NON_RECORDING),
    configurable: true,
  });
}
