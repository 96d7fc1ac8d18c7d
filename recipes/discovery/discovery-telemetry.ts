import { SpanKind, SpanStatusCode, type Attributes } from '@opentelemetry/api';
import type { ZkClient } from '../../src/client/index.js';
import { Attr } from '../../src/observability/index.js';

/** Span and log attribute names of the discovery recipe (docs/discovery.md). */
export const DiscoveryAttr = {
  /** The service name. */
  SERVICE: 'zookeeper.discovery.service',
  /** The instance id. */
  INSTANCE_ID: 'zookeeper.discovery.instance_id',
  /** What a query asked for: `names`, `instances` or `instance`. */
  QUERY: 'zookeeper.discovery.query',
  /** Why an instance is (re)registered: `register` or `new_session`. */
  REASON: 'zookeeper.discovery.reason',
  /** Number of instances a query returned. */
  RESULT_COUNT: 'zookeeper.discovery.result_count',
} as const;

/** Span names: one per recipe step a person looks for in a trace. */
export type DiscoverySpanName = 'zk.discovery.register' | 'zk.discovery.update' | 'zk.discovery.unregister' | 'zk.discovery.query';

/**
 * Runs `fn` inside an INTERNAL span of the client's tracer, so the ZooKeeper
 * operations it makes are children of it; records an error with status ERROR
 * and `error.type` set to its code.
 */
export async function inDiscoverySpan<T>(client: ZkClient, name: DiscoverySpanName, attributes: Attributes, fn: (setAttributes: (a: Attributes) => void) => Promise<T>): Promise<T> {
  return client.telemetry.tracer.startActiveSpan(name, { kind: SpanKind.INTERNAL, attributes: { [Attr.DB_SYSTEM]: 'zookeeper', ...attributes } }, async (span) => {
    try {
      return await fn((a) => span.setAttributes(a));
    } catch (e) {
      const code = (e as { code?: unknown })?.code;
      span.setAttribute(Attr.ERROR_TYPE, typeof code === 'string' ? code : (e as Error)?.name ?? '_OTHER');
      span.setStatus({ code: SpanStatusCode.ERROR, message: e instanceof Error ? e.message : String(e) });
      if (e instanceof Error) span.recordException(e);
      throw e;
    } finally {
      span.end();
    }
  });
}
