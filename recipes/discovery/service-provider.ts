import type { CallOptions } from '../../src/client/index.js';
import { ClosedError, describeValue, InvalidArgumentError, NotStartedError } from '../../src/errors/index.js';
import { DownInstanceTracker, type DownInstancePolicy } from './down-instance-tracker.js';
import { strategyFor, type ProviderStrategy, type ProviderStrategyName } from './provider-strategy.js';
import type { ServiceCache } from './service-cache.js';
import type { InstanceRef, ServiceInstance } from './service-instance.js';

/** Options of `ServiceDiscovery.provider()`. */
export interface ServiceProviderOptions<P> {
  /** How `getInstance()` picks. @default 'round-robin' (Curator's default) */
  strategy?: ProviderStrategyName | ProviderStrategy<P>;
  /** When instances reported with `noteError` are skipped. @default { errorThreshold: 2, timeoutMs: 30000 } */
  downInstancePolicy?: DownInstancePolicy;
  /** Extra filter (Curator's `additionalFilter`): instances it rejects are never picked. */
  filter?: (instance: ServiceInstance<P>) => boolean;
}

/**
 * Hands out instances of one service for single use (Curator's
 * `ServiceProvider`). Backed by a {@link ServiceCache}, so `getInstance()` and
 * `getAllInstances()` never go to ZooKeeper. Instances with `enabled: false`,
 * instances the `filter` rejects, and instances noted down are skipped.
 *
 * @example
 * ```ts
 * const provider = discovery.provider('orders', { strategy: 'round-robin' });
 * await provider.start({ timeoutMs: 5_000 });
 * const instance = provider.getInstance();
 * try { await call(buildUri(instance)); } catch (e) { provider.noteError(instance); }
 * ```
 */
export class ServiceProvider<P = unknown> implements AsyncDisposable {
  private readonly strategy: ProviderStrategy<P>;
  private readonly down: DownInstanceTracker;
  private readonly filter: ((instance: ServiceInstance<P>) => boolean) | undefined;
  private started = false;
  private closed = false;

  /** Made by `ServiceDiscovery.provider()`; not meant to be constructed directly. */
  constructor(readonly cache: ServiceCache<P>, options: ServiceProviderOptions<P> = {}) {
    const strategy = strategyFor(options.strategy ?? 'round-robin');
    if (!strategy) throw new InvalidArgumentError(`strategy must be 'round-robin', 'random', 'sticky' or { pick }, got ${describeValue(options.strategy)}`, { op: 'provider' });
    if (options.filter !== undefined && typeof options.filter !== 'function') throw new InvalidArgumentError('filter must be a function', { op: 'provider' });
    this.strategy = strategy;
    this.down = new DownInstanceTracker(options.downInstancePolicy);
    this.filter = options.filter;
  }

  /** The service name. */
  get name(): string {
    return this.cache.name;
  }

  /** Starts the cache; see `ServiceCache.start` for timeout, abort and failure. */
  async start(options: CallOptions = {}): Promise<void> {
    if (this.closed) throw new ClosedError({ op: 'ServiceProvider.start' });
    await this.cache.start(options);
    this.started = true;
  }

  /**
   * One usable instance, chosen by the strategy, or `undefined` if there is
   * none. Served from memory. Do not keep it: ask again for each use.
   * @throws InvalidArgumentError before `start()` has resolved; ClosedError after `close()`
   */
  getInstance(): ServiceInstance<P> | undefined {
    return this.strategy.pick(this.usable('getInstance'));
  }

  /** Every usable instance (enabled, not down, passing the filter), sorted by id. Served from memory. */
  getAllInstances(): ServiceInstance<P>[] {
    return this.usable('getAllInstances');
  }

  /**
   * Reports that a call to `instance` failed. After `errorThreshold` reports
   * within `timeoutMs` of the first, the instance is skipped until that time
   * has passed. Local to this provider: nothing is written to ZooKeeper.
   */
  noteError(instance: InstanceRef): void {
    if (!instance || typeof instance.id !== 'string') throw new InvalidArgumentError('noteError needs an instance', { op: 'noteError' });
    this.down.noteError(instance.id);
  }

  /** Closes the cache. Idempotent. */
  async close(): Promise<void> {
    this.closed = true;
    await this.cache.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /** @internal Lets the owning ServiceDiscovery forget this provider when it closes. */
  onClose(callback: () => void): void {
    this.cache.onClose(callback);
  }

  private usable(op: string): ServiceInstance<P>[] {
    if (this.closed) throw new ClosedError({ op });
    if (!this.started) throw new NotStartedError(`call ServiceProvider.start() before ${op}()`, { op });
    this.down.purge();
    return this.cache.instances().filter((i) => i.enabled && !this.down.isDown(i.id) && (this.filter?.(i) ?? true));
  }
}
