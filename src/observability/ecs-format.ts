import { trace } from '@opentelemetry/api';
import winston from 'winston';

/** The ECS version the lines follow. */
export const ECS_VERSION = '8.11.0';

/** Options of {@link ecsFormat}. */
export interface EcsFormatOptions {
  /** Written as `service.name` on every line unless the line has one. */
  serviceName?: string;
}

const MESSAGE = Symbol.for('message');
const LEVEL = Symbol.for('level');

/**
 * A winston format that writes each line as Elastic Common Schema JSON:
 * `@timestamp`, `log.level`, `message`, `ecs.version`, `service.name`, the
 * line's own fields (nested objects such as `zookeeper: { path }` become ECS
 * field sets), and `trace.id`/`span.id` of the active OpenTelemetry span.
 * Elastic's `@elastic/ecs-winston-format` correlates only with its own APM
 * agent; this one reads the OpenTelemetry context.
 *
 * @example
 * ```ts
 * const logger = winston.createLogger({ format: ecsFormat({ serviceName: 'orders' }),
 *   transports: [new winston.transports.Console()] });
 * ```
 */
export const ecsFormat = winston.format((info, rawOpts?: unknown) => {
  const opts = (rawOpts ?? {}) as EcsFormatOptions;
  const { level, message, timestamp, ...rest } = info as Record<string | symbol, unknown>;
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(rest)) fields[key] = value;
  const line: Record<string, unknown> = {
    '@timestamp': typeof timestamp === 'string' ? timestamp : new Date().toISOString(),
    'log.level': String(info[LEVEL] ?? level),
    message: typeof message === 'string' ? message : JSON.stringify(message),
    'ecs.version': ECS_VERSION,
    ...fields,
  };
  if (opts.serviceName && line.service === undefined) line.service = { name: opts.serviceName };
  if (line.trace === undefined) {
    const ctx = trace.getActiveSpan()?.spanContext();
    if (ctx) {
      line.trace = { id: ctx.traceId };
      line.span = { id: ctx.spanId };
    }
  }
  if (line.error instanceof Error) {
    const e = line.error;
    line.error = { type: e.name, message: e.message, stack_trace: e.stack };
  }
  (info as Record<symbol, unknown>)[MESSAGE] = JSON.stringify(line, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  return info;
});

/** Options of {@link createEcsLogger}. */
export interface EcsLoggerOptions {
  serviceName: string;
  /** @default 'info' */
  level?: string;
}

/**
 * A ready winston logger that writes ECS JSON lines to stdout, for services that
 * have no logger yet. Pass it as `logger` to `ZkClient`.
 */
export function createEcsLogger(options: EcsLoggerOptions): winston.Logger {
  return winston.createLogger({
    level: options.level ?? 'info',
    format: ecsFormat({ serviceName: options.serviceName }),
    transports: [new winston.transports.Console()],
  });
}
