import { SpanKind, SpanStatusCode, type Attributes, type Span } from '@opentelemetry/api';
import type { ZkClient } from '../../src/client/index.js';
import { Attr } from '../../src/observability/index.js';

/**
 * Runs one recipe step (`zk.mutex.acquire`, `zk.leader.start`, ...) in an
 * INTERNAL span on the client's tracer, so that the ZooKeeper operations it
 * makes become its children and a long wait shows as the span's duration.
 * Errors are recorded on the span (status ERROR, `error.type` = the error's
 * code or name) and rethrown.
 */
export function inRecipeSpan<T>(client: ZkClient, name: string, attributes: Attributes, fn: (span: Span) => Promise<T>): Promise<T> {
  return client.telemetry.tracer.startActiveSpan(name, { kind: SpanKind.INTERNAL, attributes }, async (span) => {
    try {
      return await fn(span);
    } catch (e) {
      const code = e && typeof e === 'object' ? ((e as { code?: unknown }).code ?? (e as { name?: unknown }).name) : undefined;
      span.setAttribute(Attr.ERROR_TYPE, typeof code === 'string' ? code : '_OTHER');
      span.setStatus({ code: SpanStatusCode.ERROR, message: e instanceof Error ? e.message : String(e) });
      if (e instanceof Error) span.recordException(e);
      throw e;
    } finally {
      span.end();
    }
  });
}
