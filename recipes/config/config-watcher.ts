import { EventEmitter } from 'node:events';
import { SpanKind, SpanStatusCode, type Span } from '@opentelemetry/api';
import { assertValidPath, Deadline, type CallOptions, type Stat, type ZkClient } from '../../src/client/index.js';
import { ClosedError, describeValue, InvalidArgumentError, NotStartedError } from '../../src/errors/index.js';
import { Attr, logEvent, RecipeMetricAttr } from '../../src/observability/index.js';
import { LatestValueFeed } from '../cache/latest-value-feed.js';
import { NodeCache } from '../cache/node-cache.js';
import type { NodeSnapshot } from '../cache/types.js';
import { ConfigAttr, ConfigSpan } from './config-attributes.js';
import { ConfigCodec, type ConfigFunctions } from './config-codec.js';
import { writeConfig, type ExpectedVersion } from './config-write.js';
import { InvalidConfigError } from './invalid-config-error.js';

/** Options of {@link ConfigWatcher}. */
export interface ConfigWatcherOptions<T> extends ConfigFunctions<T> {
  /** Served while the node is missing or has not yet held a valid value; `start()` then does not wait. */
  defaultValue?: T;
}

/** Options of {@link ConfigWatcher.publish}. */
export interface PublishOptions extends CallOptions {
  /**
   * The znode version the write is based on: it fails with `BadVersionError` if
   * the node has moved on (or was deleted). `-1` writes whatever is there
   * (creating the node if missing). @default the latest version this watcher has
   * seen (valid or not), or "must not exist" when it has seen no node
   */
  expectedVersion?: number;
}

/** Typed events of {@link ConfigWatcher}. */
export interface ConfigWatcherEvents<T> {
  /** A new valid value replaced the served one (also after this watcher's own publish). */
  change: [value: T, previous: T];
  /** The node holds a value that failed to decode or validate; the last good value is still served. */
  invalid: [error: InvalidConfigError, raw: Buffer];
  /** Watching failed in a way retrying cannot fix (e.g. NO_AUTH); the last good value is still served. */
  error: [error: unknown];
}

/**
 * A typed, validated configuration value kept in one znode and reloaded live
 * when it changes (the config-center recipe: disconf, diamond).
 *
 * - Built on {@link NodeCache}: reloads follow the node's changes in order,
 *   never go back to an older version, may skip versions that were overwritten
 *   before they could be read, and always end on the latest one.
 * - A value that fails `decode` or `validate` never replaces the last good one:
 *   it is reported (`'invalid'`, a warn log, an invalid `zk.config.reload` span).
 * - Deleting the node keeps the last good value (logged); re-creating it reloads.
 * - Connection loss and new sessions are handled by the NodeCache: after a new
 *   session the node is re-read, and a change is reported only if there is one.
 *
 * @example
 * ```ts
 * const flags = new ConfigWatcher(client, '/config/flags', { validate: (v) => FlagsSchema.parse(v), defaultValue: {} });
 * await flags.start({ timeoutMs: 5_000 });
 * flags.on('change', (now) => log.info('flags reloaded', now));
 * await flags.publish({ ...flags.value, newCheckout: true });   // compare-and-set on flags' version
 * ```
 */
export class ConfigWatcher<T> extends EventEmitter<ConfigWatcherEvents<T>> implements AsyncDisposable {
  private readonly cache: NodeCache;
  private readonly codec: ConfigCodec<T>;
  private readonly fallback: { value: T } | undefined;
  private readonly feed = new LatestValueFeed<T>();
  private good: { value: T; version: number } | undefined;
  /** Version of the node as last seen (valid or not); undefined while it does not exist. */
  private seenVersion: number | undefined;
  private highestMzxid = -1n;
  private starting = false;
  private loaded = false;
  private closed = false;
  private firstGood: (() => void) | undefined;

  constructor(private readonly client: ZkClient, readonly path: string, options: ConfigWatcherOptions<T> = {}) {
    super();
    assertValidPath(path, 'ConfigWatcher');
    this.codec = new ConfigCodec(path, options);
    this.fallback = options.defaultValue === undefined ? undefined : { value: options.defaultValue };
    this.cache = new NodeCache(client, path);
    this.cache.on('changed', (now) => this.apply(now, 'watch'));
    this.cache.on('error', (e) => { if (this.listenerCount('error') > 0) this.emit('error', e); });
  }

  /** True once `start()` has resolved and until `close()`. */
  get started(): boolean {
    return this.loaded && !this.closed;
  }

  /**
   * The last good value (or `defaultValue` while there is none).
   * @throws InvalidArgumentError before `start()` has resolved, without a `defaultValue`
   */
  get value(): T {
    if (this.good) return this.good.value;
    if (this.fallback) return this.fallback.value;
    throw new NotStartedError('ConfigWatcher has no value yet: await start() first', { op: 'ConfigWatcher.value', path: this.path });
  }

  /** The znode version of `value`; `undefined` while `defaultValue` is served. */
  get version(): number | undefined {
    return this.good?.version;
  }

  /**
   * Loads the node and starts watching. Resolves with the value to serve: the
   * node's if it is valid, else `defaultValue`; without a `defaultValue` it waits
   * for a valid value to appear. On `timeoutMs`/`signal` (TimeoutError/AbortError),
   * or a read that cannot succeed, the watcher is closed and the call rejects.
   */
  async start(options: CallOptions = {}): Promise<T> {
    if (this.closed) throw new ClosedError({ op: 'ConfigWatcher.start', path: this.path });
    if (this.starting) throw new InvalidArgumentError('ConfigWatcher.start() was already called', { op: 'ConfigWatcher.start', path: this.path });
    this.starting = true;
    const deadline = new Deadline(options, 'ConfigWatcher.start');
    try {
      const first = await this.cache.start({ signal: deadline.signal });
      this.apply(first, 'load');
      if (!this.good && !this.fallback) {
        await deadline.race(new Promise<void>((resolve) => { this.firstGood = resolve; }));
      }
      this.loaded = true;
      return this.value;
    } catch (e) {
      await this.close();
      throw e;
    } finally {
      this.firstGood = undefined;
      deadline.dispose();
    }
  }

  /**
   * The current value (once there is one), then each new valid value, until
   * `close()` or `signal`. A slow consumer skips to the newest value.
   */
  changes(options: { signal?: AbortSignal } = {}): AsyncGenerator<T, void, undefined> {
    const current = this.good ?? this.fallback;
    return this.feed.subscribe(current ? { value: current.value } : undefined, options.signal);
  }

  /**
   * Encodes and checks `value` (it must decode and validate as watchers will),
   * then writes it with compare-and-set (see `PublishOptions.expectedVersion`).
   * The watcher serves the written value as soon as this resolves. Resolves with
   * the node's stat after the write.
   *
   * @throws InvalidConfigError (nothing written), BadVersionError (lost race),
   * InvalidArgumentError (no `expectedVersion` before `start()`), TimeoutError,
   * AbortError, and the client's errors (NoAuthError, DataTooLargeError, ...)
   */
  async publish(value: T, options: PublishOptions = {}): Promise<Stat> {
    if (this.closed) throw new ClosedError({ op: 'ConfigWatcher.publish', path: this.path });
    const expected = this.expectedFor(options.expectedVersion);
    const raw = this.codec.encode(value);
    const deadline = new Deadline(options, 'ConfigWatcher.publish');
    const attributes = { [Attr.PATH]: this.path, [ConfigAttr.EXPECTED_VERSION]: expected === 'absent' ? 'absent' : String(expected) };
    try {
      return await this.client.telemetry.tracer.startActiveSpan(ConfigSpan.PUBLISH, { kind: SpanKind.INTERNAL, attributes }, async (span) => {
        try {
          const written = await writeConfig(this.client, this.path, raw, expected, deadline.signal);
          span.setAttribute(ConfigAttr.VERSION, written.stat.version);
          if (this.loaded && !this.closed) this.apply({ path: this.path, ...written }, 'publish');
          return written.stat;
        } catch (e) {
          recordError(span, e);
          throw e;
        } finally {
          span.end();
        }
      });
    } finally {
      deadline.dispose();
    }
  }

  /** Stops watching and ends `changes()` iterators; `value` stays readable. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.cache.close();
    this.feed.end();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  private expectedFor(option: number | undefined): ExpectedVersion {
    if (option !== undefined) {
      if (!Number.isInteger(option) || option < -1) {
        throw new InvalidArgumentError(`expectedVersion must be an integer >= -1, got ${describeValue(option)}`, { op: 'ConfigWatcher.publish', path: this.path });
      }
      return option;
    }
    if (!this.loaded) {
      throw new NotStartedError('publish() without expectedVersion needs start() first (or pass expectedVersion: -1)', { op: 'ConfigWatcher.publish', path: this.path });
    }
    return this.seenVersion ?? 'absent';
  }

  /** Takes a snapshot in (once per node modification, oldest never after newest). */
  private apply(snapshot: NodeSnapshot | null, cause: 'load' | 'watch' | 'publish'): void {
    if (this.closed) return;
    if (!snapshot) {
      if (this.seenVersion !== undefined || cause === 'load') {
        logEvent(this.client.log, cause === 'load' ? 'info' : 'warn', 'Config node does not exist; serving the last good value', 'zookeeper.config.reload', { zookeeper: { path: this.path } }, 'unknown');
      }
      this.seenVersion = undefined;
      return;
    }
    if (snapshot.stat.mzxid <= this.highestMzxid) return;
    this.highestMzxid = snapshot.stat.mzxid;
    this.seenVersion = snapshot.stat.version;
    const span = this.client.telemetry.tracer.startSpan(ConfigSpan.RELOAD, {
      kind: SpanKind.INTERNAL,
      attributes: { [Attr.PATH]: this.path, [ConfigAttr.VERSION]: snapshot.stat.version, [ConfigAttr.CAUSE]: cause },
    });
    try {
      this.reload(snapshot, cause, span);
    } finally {
      span.end();
    }
  }

  private reload(snapshot: NodeSnapshot, cause: 'load' | 'watch' | 'publish', span: Span): void {
    const version = snapshot.stat.version;
    const fields = { zookeeper: { path: this.path, session_id: this.client.sessionId, config: { version, cause } } };
    let value: T;
    try {
      value = this.codec.check(snapshot.data, version);
    } catch (e) {
      const error = e as InvalidConfigError;
      span.setAttribute(ConfigAttr.OUTCOME, 'invalid');
      this.client.telemetry.recipes.configReloads.add(1, { [RecipeMetricAttr.OUTCOME]: 'invalid' });
      recordError(span, error);
      logEvent(this.client.log, 'warn', `Config version ${version} is invalid (${error.stage}); keeping the last good value`, 'zookeeper.config.reload', { ...fields, error }, 'failure');
      this.safeEmit('invalid', error, snapshot.data);
      return;
    }
    span.setAttribute(ConfigAttr.OUTCOME, 'valid');
    this.client.telemetry.recipes.configReloads.add(1, { [RecipeMetricAttr.OUTCOME]: 'valid' });
    const previous = this.good ?? this.fallback;
    this.good = { value, version };
    logEvent(this.client.log, 'info', `Config version ${version} loaded`, 'zookeeper.config.reload', fields, 'success');
    this.feed.publish(value);
    this.firstGood?.();
    if (previous && cause !== 'load') this.safeEmit('change', value, previous.value);
  }

  private safeEmit<K extends 'change' | 'invalid'>(event: K, ...args: ConfigWatcherEvents<T>[K]): void {
    try {
      (this.emit as (e: K, ...a: ConfigWatcherEvents<T>[K]) => boolean)(event, ...args);
    } catch (e) {
      logEvent(this.client.log, 'error', `A ConfigWatcher ${event} listener threw`, 'zookeeper.config.listener', { zookeeper: { path: this.path }, error: e }, 'failure');
    }
  }
}

function recordError(span: Span, e: unknown): void {
  span.setStatus({ code: SpanStatusCode.ERROR, message: e instanceof Error ? e.message : String(e) });
  span.setAttribute(Attr.ERROR_TYPE, e instanceof InvalidConfigError ? `INVALID_${e.stage.toUpperCase()}` : (e as { code?: string })?.code ?? 'UNKNOWN');
  if (e instanceof Error) span.recordException(e);
}
