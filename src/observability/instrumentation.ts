import {
  metrics, SpanKind, SpanStatusCode, trace, type Attributes, type Counter, type Histogram,
  type MeterProvider, type Span, type Tracer, type TracerProvider,
} from '@opentelemetry/api';
import { Attr, DB_SYSTEM_ZOOKEEPER, MetricName } from './attributes.js';
import { RecipeInstruments } from './recipe-instruments.js';
import { SDK_NAME, SDK_VERSION } from './sdk-version.js';

/** Where spans and metrics go; both default to the global OpenTelemetry providers. */
export interface InstrumentationOptions {
  tracerProvider?: TracerProvider;
  meterProvider?: MeterProvider;
}

/** An error's stable code, for `error.type`. */
function errorType(e: unknown): string {
  if (e && typeof e === 'object') {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    const name = (e as { name?: unknown }).name;
    if (typeof name === 'string') return name;
  }
  return '_OTHER';
}

/**
 * The client's tracer, meter and instruments. The library depends on
 * `@opentelemetry/api` only: with no SDK registered every call here is a no-op.
 */
export class Instrumentation {
  readonly tracer: Tracer;
  /** The recipes' metrics (lock wait and hold, leadership, registrations, reloads, watch events). */
  readonly recipes: RecipeInstruments;
  private readonly duration: Histogram;
  private readonly retries: Counter;
  private readonly transitions: Counter;
  private readonly expirations: Counter;
  private readonly successAttributes = new Map<string, Attributes>();

  constructor(options: InstrumentationOptions = {}) {
    this.tracer = (options.tracerProvider ?? trace.getTracerProvider()).getTracer(SDK_NAME, SDK_VERSION);
    const meter = (options.meterProvider ?? metrics.getMeterProvider()).getMeter(SDK_NAME, SDK_VERSION);
    this.recipes = new RecipeInstruments(meter);
    this.duration = meter.createHistogram(MetricName.OPERATION_DURATION, {
      unit: 's',
      description: 'Duration of ZooKeeper operations, retries included',
      advice: { explicitBucketBoundaries: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] },
    });
    this.retries = meter.createCounter(MetricName.RETRIES, { description: 'Retried ZooKeeper operation attempts' });
    this.transitions = meter.createCounter(MetricName.STATE_TRANSITIONS, { description: 'Connection state transitions' });
    this.expirations = meter.createCounter(MetricName.SESSION_EXPIRATIONS, { description: 'Sessions lost (expired by the server or declared lost)' });
  }

  /**
   * Runs one ZooKeeper operation in a CLIENT span `zookeeper <op>` and records its
   * duration. The span is not made active: an operation starts no spans of its
   * own, and activating one costs a context switch per request.
   */
  async operation<T>(op: string, serverAddress: string, path: string | undefined, fn: (span: Span) => Promise<T>): Promise<T> {
    const start = performance.now();
    const attributes: Attributes = { [Attr.DB_SYSTEM]: DB_SYSTEM_ZOOKEEPER, [Attr.DB_OPERATION]: op, [Attr.SERVER_ADDRESS]: serverAddress };
    if (path !== undefined) attributes[Attr.PATH] = path;
    const span = this.tracer.startSpan(`zookeeper ${op}`, { kind: SpanKind.CLIENT, attributes });
    try {
      const result = await fn(span);
      this.duration.record((performance.now() - start) / 1000, this.operationAttributes(op));
      return result;
    } catch (e) {
      const type = errorType(e);
      if (span.isRecording()) {
        span.setStatus({ code: SpanStatusCode.ERROR, message: e instanceof Error ? e.message : String(e) });
        span.setAttribute(Attr.ERROR_TYPE, type);
        if (e instanceof Error) span.recordException(e);
      }
      this.duration.record((performance.now() - start) / 1000, {
        [Attr.DB_SYSTEM]: DB_SYSTEM_ZOOKEEPER, [Attr.DB_OPERATION]: op, [Attr.ERROR_TYPE]: type,
      });
      throw e;
    } finally {
      span.end();
    }
  }

  /** The metric attributes of a successful `op`, built once per operation name. */
  private operationAttributes(op: string): Attributes {
    let attributes = this.successAttributes.get(op);
    if (!attributes) {
      attributes = Object.freeze({ [Attr.DB_SYSTEM]: DB_SYSTEM_ZOOKEEPER, [Attr.DB_OPERATION]: op });
      this.successAttributes.set(op, attributes);
    }
    return attributes;
  }

  retried(op: string): void {
    this.retries.add(1, { [Attr.DB_SYSTEM]: DB_SYSTEM_ZOOKEEPER, [Attr.DB_OPERATION]: op });
  }

  stateChanged(state: string): void {
    this.transitions.add(1, { [Attr.STATE]: state });
  }

  sessionLost(): void {
    this.expirations.add(1);
  }
}
