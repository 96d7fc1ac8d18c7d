import { trace } from '@opentelemetry/api';

/** Structured log fields; nested objects map to ECS field sets (`zookeeper.path`, ...). */
export type LogFields = Record<string, unknown>;

/**
 * The part of a winston `Logger` the SDK uses. Any winston logger fits; so does
 * anything else with these methods.
 */
export interface ZkLogger {
  error(message: string, fields?: LogFields): unknown;
  warn(message: string, fields?: LogFields): unknown;
  info(message: string, fields?: LogFields): unknown;
  debug(message: string, fields?: LogFields): unknown;
  child(fields: LogFields): ZkLogger;
}

/** The default: says nothing, costs nothing, and needs no winston transport. */
export class SilentLogger implements ZkLogger {
  error(): void {}
  warn(): void {}
  info(): void {}
  debug(): void {}
  child(): ZkLogger { return this; }
}

export type LogLevel = 'error' | 'warn' | 'info' | 'debug';

/**
 * Writes one ECS-ready log line: `event.action`, optional `event.outcome`, the
 * caller's `zookeeper.*` fields, and `trace.id`/`span.id` of the active span so
 * that Kibana can jump from the line to its trace.
 */
export function logEvent(logger: ZkLogger, level: LogLevel, message: string, action: string, fields: LogFields = {}, outcome?: 'success' | 'failure' | 'unknown'): void {
  if (logger instanceof SilentLogger) return;
  const line: LogFields = { ...fields, event: { action, ...(outcome ? { outcome } : {}) } };
  const ctx = trace.getActiveSpan()?.spanContext();
  if (ctx && ctx.traceId !== '00000000000000000000000000000000') {
    line.trace = { id: ctx.traceId };
    line.span = { id: ctx.spanId };
  }
  logger[level](message, line);
}
