import type { CallOptions, ZkClient } from '../../src/client/index.js';
import { assertValidPath, joinPath } from '../../src/client/index.js';
import { ClosedError, InvalidArgumentError, NoNodeError } from '../../src/errors/index.js';
import { logEvent } from '../../src/observability/index.js';
import { DISCOVERY_CONCURRENCY, mapConcurrently } from './bounded-concurrency.js';
import { inRecipeSpan } from '../internal/index.js';
import { DiscoveryAttr, type DiscoverySpanName } from './discovery-telemetry.js';
import { assertNodeName, buildInstance } from './instance-builder.js';
import { InstanceFormatError } from './instance-format-error.js';
import { InstanceRegistry } from './instance-registry.js';
import { InstanceSerializer } from './instance-serializer.js';
import { NewSessionSignal } from './new-session-signal.js';
import { jsonPayload, type PayloadCodec } from './payload-codec.js';
import type { InstanceRef, ServiceInstance, ServiceRegistration } from './service-instance.js';
import { ServiceCache } from './service-cache.js';
import { ServiceProvider, type ServiceProviderOptions } from './service-provider.js';

/** Options of {@link ServiceDiscovery}. */
export interface ServiceDiscoveryOptions<P> {
  /** Where services live: instances are `basePath/<name>/<id>`. Curator's and Spring Cloud Zookeeper's usual value is `/services`. */
  basePath: string;
  /** How payloads are written and read. @default jsonPayload() (plain JSON; Java `@class` information stripped on read) */
  payload?: PayloadCodec<P>;
}

/**
 * A service registry on ZooKeeper that speaks curator-x-discovery's layout and
 * JSON, so Node and Java (Curator, Spring Cloud Zookeeper) services find each
 * other (docs/discovery.md).
 *
 * - `register` writes `basePath/<name>/<id>` (ephemeral for `DYNAMIC`), deleting
 *   an existing node first so that watchers fire.
 * - Self-healing: after a new session (the old one expired, and its ephemeral
 *   nodes with it) every instance registered here is created again with the
 *   same id and data. A reconnect within the same session changes nothing.
 * - `cache(name)` and `provider(name)` give watch-based, in-memory views.
 *
 * Every call takes `{ timeoutMs, signal }`: on timeout it throws `TimeoutError`,
 * on abort the standard `AbortError`; if the session ends while a write is in
 * flight it throws `SessionExpiredError` (a registered instance is then created
 * again under the next session).
 *
 * @example
 * ```ts
 * await using discovery = new ServiceDiscovery(client, { basePath: '/services' });
 * await discovery.start();
 * await discovery.register({ name: 'orders', port: 8080, uriSpec: '{scheme}://{address}:{port}' });
 * await using provider = discovery.provider('orders', { strategy: 'round-robin' });
 * await provider.start();
 * const instance = provider.getInstance();
 * ```
 */
export class ServiceDiscovery<P = unknown> implements AsyncDisposable {
  /** The base path all services live under. */
  readonly basePath: string;
  private readonly serializer: InstanceSerializer<P>;
  private readonly registry: InstanceRegistry<P>;
  private readonly closing = new AbortController();
  private readonly views = new Set<ServiceCache<P> | ServiceProvider<P>>();
  private readonly reRegistrations = new Set<Promise<void>>();
  private readonly sessions: NewSessionSignal;
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly client: ZkClient, options: ServiceDiscoveryOptions<P>) {
    if (!client || typeof client.create !== 'function') throw new InvalidArgumentError('ServiceDiscovery needs a ZkClient', { op: 'ServiceDiscovery' });
    if (!options || typeof options !== 'object') throw new InvalidArgumentError('ServiceDiscovery needs { basePath }', { op: 'ServiceDiscovery' });
    assertValidPath(options.basePath, 'ServiceDiscovery');
    const codec = options.payload ?? jsonPayload<P>();
    if (typeof codec.encode !== 'function' || typeof codec.decode !== 'function') {
      throw new InvalidArgumentError('payload must be { encode, decode }', { op: 'ServiceDiscovery' });
    }
    this.basePath = options.basePath;
    this.sessions = new NewSessionSignal(client);
    this.serializer = new InstanceSerializer(codec);
    this.registry = new InstanceRegistry(client, this.serializer, this.basePath, this.closing.signal);
  }

  /**
   * Starts following the client's sessions (for self-healing). Needed before
   * `register`; queries, caches and providers work without it. Idempotent.
   */
  start(): Promise<void> {
    this.assertOpen('start');
    this.unsubscribe ??= this.sessions.subscribe((sessionId) => {
      const job = this.registry.onNewSession(sessionId).catch(() => undefined);
      this.reRegistrations.add(job);
      void job.finally(() => this.reRegistrations.delete(job));
    });
    return Promise.resolve();
  }

  /** Instances registered through this object and not unregistered. */
  registered(): ServiceInstance<P>[] {
    return this.registry.list();
  }

  /**
   * Registers an instance (replacing one with the same name and id) and
   * resolves with it, defaults filled in. Validates everything first: a bad
   * name or id (empty, containing `/`), port outside 0–65535, or a payload the
   * codec cannot encode throws `InvalidArgumentError` and nothing is written.
   * If the write fails the instance is not registered; if the create may have
   * reached the server anyway (timeout, abort, connection loss), its node is
   * deleted in the background (Curator's guaranteed delete).
   */
  async register(registration: ServiceRegistration<P>, options: CallOptions = {}): Promise<ServiceInstance<P>> {
    this.assertStarted('register');
    const instance = buildInstance(registration, this.basePath, 'register');
    await this.registry.register(instance, options);
    return instance;
  }

  /**
   * Replaces the data of an instance registered here (same name and id; e.g.
   * `{ ...instance, payload }`). If its node is missing it is created.
   * @throws InvalidArgumentError if the instance is not registered here, or invalid
   */
  async update(instance: ServiceInstance<P>, options: CallOptions = {}): Promise<ServiceInstance<P>> {
    this.assertStarted('update');
    const checked = buildInstance(instance, this.basePath, 'update');
    return inRecipeSpan(this.client, 'zk.discovery.update' satisfies DiscoverySpanName, { [DiscoveryAttr.SERVICE]: checked.name, [DiscoveryAttr.INSTANCE_ID]: checked.id }, async () => {
      await this.registry.update(checked, options);
      return checked;
    });
  }

  /**
   * Deletes an instance's node and stops re-registering it. Unregistering an
   * instance that is not registered (here or at all) is not an error. If the
   * delete fails (e.g. timeout while disconnected) the error is thrown and the
   * delete goes on in the background until the node is gone or the client
   * closes (Curator's guaranteed delete).
   */
  async unregister(instance: InstanceRef, options: CallOptions = {}): Promise<void> {
    this.assertOpen('unregister');
    assertNodeName(instance?.name, 'name', 'unregister');
    assertNodeName(instance.id, 'id', 'unregister');
    await inRecipeSpan(this.client, 'zk.discovery.unregister' satisfies DiscoverySpanName, { [DiscoveryAttr.SERVICE]: instance.name, [DiscoveryAttr.INSTANCE_ID]: instance.id }, async () => {
      await this.registry.unregister(instance, options);
      logEvent(this.client.log, 'info', `Unregistered service instance ${instance.name}/${instance.id}`, 'zookeeper.discovery.unregister', {
        zookeeper: { path: this.registry.pathOf(instance) },
      }, 'success');
    });
  }

  /** Names of all services under the base path, sorted (none if the base path does not exist). */
  async queryForNames(options: CallOptions = {}): Promise<string[]> {
    return inRecipeSpan(this.client, 'zk.discovery.query' satisfies DiscoverySpanName, { [DiscoveryAttr.QUERY]: 'names' }, async (span) => {
      const names = await this.childrenOf(this.basePath, options);
      span.setAttributes({ [DiscoveryAttr.RESULT_COUNT]: names.length });
      return names;
    });
  }

  /**
   * All instances of a service, sorted by id, read straight from ZooKeeper.
   * Nodes that are not valid instances are left out (and logged).
   */
  async queryForInstances(name: string, options: CallOptions = {}): Promise<ServiceInstance<P>[]> {
    assertNodeName(name, 'name', 'queryForInstances');
    return inRecipeSpan(this.client, 'zk.discovery.query' satisfies DiscoverySpanName, { [DiscoveryAttr.QUERY]: 'instances', [DiscoveryAttr.SERVICE]: name }, async (span) => {
      const ids = await this.childrenOf(joinPath(this.basePath, name), options);
      const found = await mapConcurrently(ids, DISCOVERY_CONCURRENCY, async (id) => {
        try {
          return await this.readInstance(name, id, options);
        } catch (e) {
          if (!(e instanceof InstanceFormatError)) throw e;
          logEvent(this.client.log, 'warn', e.message, 'zookeeper.discovery.query', { zookeeper: { path: e.path }, error: e }, 'failure');
          return undefined;
        }
      });
      const instances = found.filter((i): i is ServiceInstance<P> => i !== undefined);
      span.setAttributes({ [DiscoveryAttr.RESULT_COUNT]: instances.length });
      return instances;
    });
  }

  /**
   * One instance, or `undefined` if its node does not exist.
   * @throws InstanceFormatError if the node holds something else
   */
  async queryForInstance(name: string, id: string, options: CallOptions = {}): Promise<ServiceInstance<P> | undefined> {
    assertNodeName(name, 'name', 'queryForInstance');
    assertNodeName(id, 'id', 'queryForInstance');
    return inRecipeSpan(this.client, 'zk.discovery.query' satisfies DiscoverySpanName, {
      [DiscoveryAttr.QUERY]: 'instance', [DiscoveryAttr.SERVICE]: name, [DiscoveryAttr.INSTANCE_ID]: id,
    }, () => this.readInstance(name, id, options));
  }

  /** A watch-based cache of one service's instances; call `start()` on it. Closed with this discovery. */
  cache(name: string): ServiceCache<P> {
    this.assertOpen('cache');
    assertNodeName(name, 'name', 'cache');
    return this.track(this.newCache(name));
  }

  /** A provider that picks instances of one service from memory; call `start()` on it. Closed with this discovery. */
  provider(name: string, options: ServiceProviderOptions<P> = {}): ServiceProvider<P> {
    this.assertOpen('provider');
    assertNodeName(name, 'name', 'provider');
    return this.track(new ServiceProvider(this.newCache(name), options));
  }

  /**
   * Closes the caches and providers made here, unregisters every instance
   * registered here (failures are logged; ephemeral nodes go with the session
   * anyway), and stops following the client. Idempotent; never throws.
   */
  async close(): Promise<void> {
    if (this.closing.signal.aborted) return;
    this.closing.abort(new ClosedError({ op: 'ServiceDiscovery.close' }));
    this.unsubscribe?.();
    await Promise.allSettled([...this.views].map((v) => v.close()));
    this.views.clear();
    await Promise.allSettled([...this.reRegistrations]);
    await this.registry.unregisterAll();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  private newCache(name: string): ServiceCache<P> {
    return new ServiceCache(this.client, joinPath(this.basePath, name), this.serializer, this.sessions);
  }

  private track<V extends ServiceCache<P> | ServiceProvider<P>>(view: V): V {
    this.views.add(view);
    view.onClose(() => this.views.delete(view));
    return view;
  }

  private async childrenOf(path: string, options: CallOptions): Promise<string[]> {
    try {
      return (await this.client.getChildren(path, options)).children.sort();
    } catch (e) {
      if (e instanceof NoNodeError) return [];
      throw e;
    }
  }

  private async readInstance(name: string, id: string, options: CallOptions): Promise<ServiceInstance<P> | undefined> {
    const path = this.registry.pathOf({ name, id });
    try {
      const { data } = await this.client.getData(path, options);
      return this.serializer.decode(data, path, name, id);
    } catch (e) {
      if (e instanceof NoNodeError) return undefined;
      throw e;
    }
  }

  private assertOpen(op: string): void {
    if (this.closing.signal.aborted) throw new ClosedError({ op });
  }

  private assertStarted(op: string): void {
    this.assertOpen(op);
    if (!this.unsubscribe) throw new InvalidArgumentError('call ServiceDiscovery.start() first', { op });
  }
}
