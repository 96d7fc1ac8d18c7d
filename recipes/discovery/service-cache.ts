import { EventEmitter } from 'node:events';
import type { CallOptions, ZkClient } from '../../src/client/index.js';
import { Deadline, joinPath, nodeName, sleep } from '../../src/client/index.js';
import { ClosedError, NoNodeError, ZkError } from '../../src/errors/index.js';
import { logEvent } from '../../src/observability/index.js';
import { DISCOVERY_CONCURRENCY, mapConcurrently } from './bounded-concurrency.js';
import type { InstanceSerializer } from './instance-serializer.js';
import type { NewSessionSignal } from './new-session-signal.js';
import type { ServiceInstance } from './service-instance.js';
import { ServiceWatches } from './service-watches.js';

/** Events of {@link ServiceCache}. */
export interface ServiceCacheEvents<P> {
  /** An instance node appeared (or became readable). */
  added: [instance: ServiceInstance<P>];
  /** An instance node's data changed, or the node was re-created. */
  updated: [instance: ServiceInstance<P>, previous: ServiceInstance<P>];
  /** An instance node went away (or became unreadable). */
  removed: [instance: ServiceInstance<P>];
}

interface Entry<P> {
  instance: ServiceInstance<P>;
  /** Changes on every write and on re-creation: tells a changed node from a re-read one. */
  mzxid: bigint;
}

const RETRY_FIRST_MS = 100;
const RETRY_MAX_MS = 5_000;

/**
 * An in-memory, watch-based list of one service's instances (Curator's
 * `ServiceCache`): a children watch on `basePath/<name>` and one data watch
 * per instance node, never more than one of each per node. `instances()` is
 * served from memory.
 *
 * - After a reconnect within the session the server replays missed changes to
 *   the watches; nothing is re-read.
 * - After a new session every watch is gone: the cache re-lists and re-reads
 *   everything, and reports only what actually changed.
 * - If the service node does not exist the cache is empty and waits (an
 *   `exists` watch) for it to appear; it never writes to ZooKeeper.
 * - Read failures are retried with backoff; nodes that are not valid instances
 *   are left out and logged.
 */
export class ServiceCache<P = unknown> extends EventEmitter<ServiceCacheEvents<P>> implements AsyncDisposable {
  private readonly entries = new Map<string, Entry<P>>();
  private snapshot: ServiceInstance<P>[] | undefined;
  private readonly watches: ServiceWatches;
  private readonly stop = new AbortController();
  private readonly closeCallbacks: (() => void)[] = [];
  private running: Promise<void> | undefined;
  private loaded = false;
  private initial: { promise: Promise<void>; resolve: () => void; reject: (e: unknown) => void } | undefined;
  private unsubscribe: (() => void) | undefined;

  /** Made by `ServiceDiscovery.cache()`; not meant to be constructed directly. */
  constructor(
    private readonly client: ZkClient,
    readonly servicePath: string,
    private readonly serializer: InstanceSerializer<P>,
    private readonly sessions: NewSessionSignal,
  ) {
    super();
    this.watches = new ServiceWatches(client, servicePath, () => this.kick(), this.stop.signal);
  }

  /** The service name (the last segment of its path). */
  get name(): string {
    return nodeName(this.servicePath);
  }

  /**
   * Loads the instances and sets the watches; resolves once the first full
   * read is done ('added' is emitted for each instance found). On timeout,
   * abort or a read failure it closes the cache and rejects.
   */
  async start(options: CallOptions = {}): Promise<void> {
    if (this.stop.signal.aborted) throw new ClosedError({ op: 'ServiceCache.start' });
    const deadline = new Deadline(options, 'ServiceCache.start');
    if (!this.initial) {
      let resolve!: () => void;
      let reject!: (e: unknown) => void;
      const promise = new Promise<void>((res, rej) => { resolve = res; reject = rej; });
      promise.catch(() => undefined);
      this.initial = { promise, resolve, reject };
      this.unsubscribe = this.sessions.subscribe(() => {
        // Every watch went with the old session: list and read everything again.
        this.watches.markAllDirty(this.entries.keys());
        this.kick();
      });
      this.kick();
    }
    try {
      await deadline.race(this.initial.promise);
    } catch (e) {
      await this.close();
      throw e;
    } finally {
      deadline.dispose();
    }
  }

  /** The cached instances, sorted by id (node name). Do not hold on to it: ask again. */
  instances(): readonly ServiceInstance<P>[] {
    this.snapshot ??= [...this.entries.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, e]) => e.instance);
    return this.snapshot;
  }

  /** The cached instance with this id (node name), if any. */
  get(id: string): ServiceInstance<P> | undefined {
    return this.entries.get(id)?.instance;
  }

  /**
   * Stops following the service. Watches already set on the server fire once
   * more into nothing (the binding cannot remove them). Idempotent.
   */
  async close(): Promise<void> {
    if (this.stop.signal.aborted) return;
    this.stop.abort(new ClosedError({ op: 'ServiceCache.close' }));
    this.unsubscribe?.();
    this.initial?.reject(new ClosedError({ op: 'ServiceCache.start' }));
    await this.running;
    for (const callback of this.closeCallbacks.splice(0)) callback();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /** @internal Lets the owning ServiceDiscovery or ServiceProvider forget this cache when it closes. */
  onClose(callback: () => void): void {
    this.closeCallbacks.push(callback);
  }

  private kick(): void {
    if (this.running || this.stop.signal.aborted || !this.initial) return;
    this.running = this.drain().finally(() => {
      this.running = undefined;
      if (this.watches.hasWork()) this.kick();
    });
  }

  /** Applies pending work until none is left; backs off after failures. */
  private async drain(): Promise<void> {
    let delay = RETRY_FIRST_MS;
    while (!this.stop.signal.aborted && this.client.state !== 'closed' && this.watches.hasWork()) {
      let failure: unknown = await this.refreshChildren();
      const names = this.watches.takeDirtyData();
      const results = await mapConcurrently(names, DISCOVERY_CONCURRENCY, (name) => this.refreshInstance(name));
      failure ??= results.find((r) => r !== undefined);
      if (failure === undefined) {
        delay = RETRY_FIRST_MS;
        if (!this.loaded && !this.watches.hasWork()) {
          this.loaded = true;
          this.initial?.resolve();
        }
        continue;
      }
      if (!this.loaded) {
        this.initial?.reject(failure);
        return;
      }
      logEvent(this.client.log, 'warn', `ServiceCache ${this.servicePath} will retry a failed read`, 'zookeeper.discovery.cache', {
        zookeeper: { path: this.servicePath }, error: failure,
      }, 'failure');
      await this.client.waitUntilConnected(this.stop.signal).catch(() => undefined);
      await sleep(delay, this.stop.signal).catch(() => undefined);
      delay = Math.min(delay * 2, RETRY_MAX_MS);
    }
  }

  /** Re-lists the service's children if needed; returns a transient failure, if any. */
  private async refreshChildren(): Promise<unknown> {
    if (!this.watches.takeChildrenDirty()) return undefined;
    try {
      const children = await this.watches.listChildren();
      if (children === undefined) {
        this.removeAllBut(new Set());
        return undefined;
      }
      const present = new Set(children);
      this.removeAllBut(present);
      for (const name of present) if (!this.entries.has(name)) this.watches.markDataDirty(name);
      return undefined;
    } catch (e) {
      if (this.isFinal(e)) return undefined;
      this.watches.markChildrenDirty();
      return e;
    }
  }

  /** Re-reads one instance node; returns a transient failure, if any. */
  private async refreshInstance(name: string): Promise<unknown> {
    const path = joinPath(this.servicePath, name);
    const previous = this.entries.get(name);
    try {
      const { data, stat } = await this.watches.readInstance(name);
      if (previous && previous.mzxid === stat.mzxid) return undefined;
      let instance: ServiceInstance<P>;
      try {
        instance = this.serializer.decode(data, path, this.name, name);
      } catch (e) {
        logEvent(this.client.log, 'warn', `ServiceCache leaves out ${path}: ${(e as Error).message}`, 'zookeeper.discovery.cache', { zookeeper: { path }, error: e }, 'failure');
        if (previous) this.remove(name, previous);
        return undefined;
      }
      this.entries.set(name, { instance, mzxid: stat.mzxid });
      this.snapshot = undefined;
      if (previous) this.notify('updated', instance, previous.instance);
      else this.notify('added', instance);
      return undefined;
    } catch (e) {
      if (e instanceof NoNodeError) {
        if (previous) this.remove(name, previous);
        return undefined;
      }
      if (this.isFinal(e)) return undefined;
      if (e instanceof ZkError && e.code === 'NO_AUTH') {
        logEvent(this.client.log, 'warn', `ServiceCache cannot read ${path}`, 'zookeeper.discovery.cache', { zookeeper: { path }, error: e }, 'failure');
        return undefined;
      }
      this.watches.markDataDirty(name);
      return e;
    }
  }

  private removeAllBut(present: ReadonlySet<string>): void {
    for (const [name, entry] of [...this.entries]) if (!present.has(name)) this.remove(name, entry);
  }

  private remove(name: string, entry: Entry<P>): void {
    this.entries.delete(name);
    this.snapshot = undefined;
    this.notify('removed', entry.instance);
  }

  /** Emits an event; a listener that throws is logged and does not disturb the cache. */
  private notify<K extends keyof ServiceCacheEvents<P>>(event: K, ...args: ServiceCacheEvents<P>[K]): void {
    try {
      (this.emit as (e: K, ...a: ServiceCacheEvents<P>[K]) => boolean)(event, ...args);
    } catch (e) {
      logEvent(this.client.log, 'error', `A ServiceCache '${event}' listener threw`, 'zookeeper.discovery.cache', { zookeeper: { path: this.servicePath }, error: e }, 'failure');
    }
  }

  /** Errors after which there is nothing to retry: this cache or the client closed. */
  private isFinal(e: unknown): boolean {
    return this.stop.signal.aborted || this.client.state === 'closed' || (e instanceof ZkError && e.code === 'CLOSED');
  }
}

