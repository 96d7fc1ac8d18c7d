import type { MeterProvider, TracerProvider } from '@opentelemetry/api';
import { describeValue, InvalidArgumentError } from '../errors/index.js';
import type { ZkLogger } from '../observability/logger.js';
import type { NativeLogLevel } from '../zk/driver.js';
import { assertValidAcl, type Acl, type AuthInfo } from './acl.js';
import { parseConnectString, type ConnectString } from './connect-string.js';

/** How failed operations are retried. Only connection loss and operation timeouts are retried. */
export interface RetryOptions {
  /** Attempts after the first. @default 5 */
  retries?: number;
  /** First backoff delay. @default 50 */
  minDelayMs?: number;
  /** Largest backoff delay. @default 1000 */
  maxDelayMs?: number;
  /** Give up retrying once this much time has passed since the first attempt. @default sessionTimeoutMs */
  maxElapsedMs?: number;
}

/** Options of `new ZkClient()`. */
export interface ZkClientOptions {
  /** `host:port[,host:port...][/chroot]`. */
  connect: string;
  /** Requested session timeout; the server may negotiate it (`client.sessionTimeoutMs`). @default 30000 */
  sessionTimeoutMs?: number;
  /** How long `connect()`, and an operation waiting for a connection, may wait. @default 15000 */
  connectTimeoutMs?: number;
  retry?: RetryOptions;
  /** Credentials added to every session this client opens (e.g. `{ scheme: 'digest', credentials: 'user:pass' }`). */
  auth?: readonly AuthInfo[];
  /** ACL applied to nodes created without an explicit `acl`. @default open (world:anyone) */
  defaultAcl?: readonly Acl[];
  /** A winston logger (or anything with its methods); the SDK logs through `child({ component: 'zk-recipes' })`. Default: silent. */
  logger?: ZkLogger;
  /** @default the global OpenTelemetry tracer provider */
  tracerProvider?: TracerProvider;
  /** @default the global OpenTelemetry meter provider */
  meterProvider?: MeterProvider;
  /**
   * The server's `jute.maxbuffer`: the largest request it accepts. A write whose
   * data plus path and headers would exceed it is refused before sending with
   * `DataTooLargeError` (the server would drop the connection instead). Raise it
   * only together with the server's setting.
   * @default 1048575
   */
  juteMaxBuffer?: number;
  /**
   * Log level of the C client inside the binding. It writes straight to the
   * process's stdout/stderr, which cannot be routed to a logger, so it is off by
   * default; the client logs the same events (disconnects, expiry) through `logger`.
   * @default 'off'
   */
  nativeLogLevel?: NativeLogLevel;
}

/** Options with defaults applied and validated. */
export interface ResolvedOptions {
  connect: string;
  parsed: ConnectString;
  sessionTimeoutMs: number;
  connectTimeoutMs: number;
  retry: Required<RetryOptions>;
  auth: AuthInfo[];
  defaultAcl: readonly Acl[] | undefined;
  juteMaxBuffer: number;
  nativeLogLevel: NativeLogLevel;
}

function positiveInt(name: string, value: unknown, fallback: number, min = 1): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new InvalidArgumentError(`${name} must be an integer >= ${min}, got ${describeValue(value)}`);
  }
  return value;
}

export function resolveOptions(options: ZkClientOptions): ResolvedOptions {
  if (!options || typeof options !== 'object') throw new InvalidArgumentError('ZkClient needs an options object with `connect`');
  const parsed = parseConnectString(options.connect);
  const sessionTimeoutMs = positiveInt('sessionTimeoutMs', options.sessionTimeoutMs, 30_000, 1);
  const retry = options.retry ?? {};
  if (options.defaultAcl) assertValidAcl(options.defaultAcl);
  for (const a of options.auth ?? []) {
    if (!a || typeof a.scheme !== 'string' || typeof a.credentials !== 'string') {
      throw new InvalidArgumentError('auth entries are { scheme, credentials } strings');
    }
  }
  return {
    connect: options.connect,
    parsed,
    sessionTimeoutMs,
    connectTimeoutMs: positiveInt('connectTimeoutMs', options.connectTimeoutMs, 15_000, 1),
    retry: {
      retries: positiveInt('retry.retries', retry.retries, 5, 0),
      minDelayMs: positiveInt('retry.minDelayMs', retry.minDelayMs, 50, 0),
      maxDelayMs: positiveInt('retry.maxDelayMs', retry.maxDelayMs, 1000, 0),
      maxElapsedMs: positiveInt('retry.maxElapsedMs', retry.maxElapsedMs, sessionTimeoutMs, 0),
    },
    auth: [...(options.auth ?? [])],
    defaultAcl: options.defaultAcl,
    juteMaxBuffer: positiveInt('juteMaxBuffer', options.juteMaxBuffer, 0xfffff, 1024),
    nativeLogLevel: options.nativeLogLevel ?? 'off',
  };
}
