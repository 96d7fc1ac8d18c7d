import type { CallOptions, ZkClient } from '../../src/client/index.js';
import { joinPath, sleep } from '../../src/client/index.js';
import { InvalidArgumentError, NoNodeError, ZkError } from '../../src/errors/index.js';
import { logEvent } from '../../src/observability/index.js';
import { DISCOVERY_CONCURRENCY, mapConcurrently } from './bounded-concurrency.js';
import { inRecipeSpan } from '../internal/index.js';
import { DiscoveryAttr, type DiscoverySpanName } from './discovery-telemetry.js';
import { GuaranteedDeletes } from './guaranteed-delete.js';
import type { InstanceSerializer } from './instance-serializer.js';
import { KeyedQueue } from './keyed-queue.js';
import type { InstanceRef, ServiceInstance } from './service-instance.js';

/** One instance this process registered, and what it last wrote. */
interface Registration<P> {
  instance: ServiceInstance<P>;
  data: Buffer;
  path: string;
  /** Session the node was last created under (`null` until created). */
  session: string | null;
}

type Reason = 'register' | 'new_session';

const RETRY_FIRST_MS = 100;
const RETRY_MAX_MS = 5_000;

/** Create failures after which the node was certainly not made by that create. */
const NOT_CREATED = new Set(['NO_NODE', 'NO_AUTH', 'INVALID_PATH', 'INVALID_ARGUMENT', 'DATA_TOO_LARGE', 'INVALID_ACL', 'CLOSED', 'NO_CHILDREN_FOR_EPHEMERALS']);

/**
 * The instances one `ServiceDiscovery` registered, and the writes that keep
 * their nodes in ZooKeeper: create (delete first when the node exists, so that
 * watchers fire, as Curator does), set data on update, delete on unregister,
 * and create again after a new session. Writes of one instance are serialised.
 *
 * Nothing is left behind by a failure: a register that fails after its create
 * may have reached the server (timeout, abort, connection loss), and an
 * unregister whose delete fails, leave a background delete of the node
 * (Curator's guaranteed delete) that runs until the node is gone or the
 * client closes; a later register of the same instance waits for it.
 */
export class InstanceRegistry<P> {
  private readonly entries = new Map<string, Registration<P>>();
  private readonly queue = new KeyedQueue();
  private readonly deletes: GuaranteedDeletes;

  constructor(
    private readonly client: ZkClient,
    private readonly serializer: InstanceSerializer<P>,
    private readonly basePath: string,
    private readonly closing: AbortSignal,
  ) {
    this.deletes = new GuaranteedDeletes(client);
  }

  /** Keeps the `zookeeper.discovery.registered_instances` metric in step with `entries`. */
  private countRegistered(delta: number): void {
    this.client.telemetry.recipes.registeredInstances.add(delta);
  }

  /** The path of an instance node. */
  pathOf(ref: InstanceRef): string {
    return joinPath(joinPath(this.basePath, ref.name), ref.id);
  }

  /** Instances registered here now. */
  list(): ServiceInstance<P>[] {
    return [...this.entries.values()].map((r) => r.instance);
  }

  /** Registers (or replaces) `instance`; on failure it is not registered. */
  async register(instance: ServiceInstance<P>, call: CallOptions): Promise<void> {
    const data = this.serializer.encode(instance);
    const path = this.pathOf(instance);
    const entry: Registration<P> = { instance, data, path, session: null };
    if (!this.entries.has(path)) this.countRegistered(1);
    this.entries.set(path, entry);
    try {
      await this.queue.run(path, async () => {
        await this.deletes.settled(path);
        await this.write(entry, 'register', call);
      });
    } catch (e) {
      if (this.entries.get(path) === entry) {
        this.entries.delete(path);
        this.countRegistered(-1);
        // Not registered: if our create reached the server after all, its node must go.
        if (!(e instanceof ZkError && NOT_CREATED.has(e.code))) this.deletes.schedule(path, 'register failed');
      }
      throw e;
    }
  }

  /** Replaces the data of an instance registered here. */
  async update(instance: ServiceInstance<P>, call: CallOptions): Promise<void> {
    const path = this.pathOf(instance);
    const entry = this.entries.get(path);
    if (!entry) throw new InvalidArgumentError(`instance ${instance.name}/${instance.id} is not registered by this ServiceDiscovery`, { op: 'update', path });
    const data = this.serializer.encode(instance);
    // Kept even if the write fails: a re-registration after a new session uses it.
    entry.instance = instance;
    entry.data = data;
    await this.queue.run(path, async () => {
      if (this.entries.get(path) !== entry) throw new InvalidArgumentError(`instance ${instance.name}/${instance.id} was unregistered`, { op: 'update', path });
      try {
        await this.client.setData(path, data, call);
      } catch (e) {
        // The node went (its session ended, or someone deleted it): put it back.
        if (!(e instanceof NoNodeError)) throw e;
        await this.createNode(entry, call);
      }
    });
  }

  /**
   * Forgets an instance and deletes its node (a missing node is fine). If the
   * delete fails, the error is thrown and the delete goes on in the background.
   */
  async unregister(ref: InstanceRef, call: CallOptions): Promise<void> {
    const path = this.pathOf(ref);
    if (this.entries.delete(path)) this.countRegistered(-1);
    await this.queue.run(path, async () => {
      try {
        await this.client.delete(path, call);
      } catch (e) {
        if (e instanceof NoNodeError) return;
        this.deletes.schedule(path, 'unregister failed');
        throw e;
      }
    });
  }

  /** Unregisters everything (for `close()`); failures are logged, not thrown. */
  async unregisterAll(): Promise<void> {
    const refs = this.list();
    await mapConcurrently(refs, DISCOVERY_CONCURRENCY, async (ref) => {
      if (this.client.state === 'closed') return;
      await this.unregister(ref, {}).catch((e: unknown) => {
        logEvent(this.client.log, 'warn', 'Could not unregister a service instance on close', 'zookeeper.discovery.unregister', {
          zookeeper: { path: this.pathOf(ref) }, error: e,
        }, 'failure');
      });
    });
    await this.queue.drain();
  }

  /**
   * A new session started: every instance not yet created under it is created
   * again, retrying until it succeeds, the instance is unregistered, or the
   * discovery closes. Resolves when all are done.
   */
  async onNewSession(sessionId: string): Promise<void> {
    const stale = [...this.entries.values()].filter((e) => e.session !== sessionId);
    await mapConcurrently(stale, DISCOVERY_CONCURRENCY, (entry) => this.queue.run(entry.path, () => this.reRegister(entry)));
  }

  private async reRegister(entry: Registration<P>): Promise<void> {
    for (let delay = RETRY_FIRST_MS; ; delay = Math.min(delay * 2, RETRY_MAX_MS)) {
      if (this.closing.aborted || this.entries.get(entry.path) !== entry || this.client.state === 'closed') return;
      if (entry.session !== null && entry.session === this.client.sessionId) return;
      try {
        await this.write(entry, 'new_session', { signal: this.closing });
        return;
      } catch (e) {
        if (this.closing.aborted || this.isClientClosed()) return;
        // The next new session queues another re-registration.
        if (e instanceof ZkError && e.code === 'SESSION_EXPIRED') return;
        await sleep(delay, this.closing).catch(() => undefined);
      }
    }
  }

  private isClientClosed(): boolean {
    return this.client.state === 'closed';
  }

  private async write(entry: Registration<P>, reason: Reason, call: CallOptions): Promise<void> {
    const { instance, path } = entry;
    await inRecipeSpan(this.client, 'zk.discovery.register' satisfies DiscoverySpanName, {
      [DiscoveryAttr.SERVICE]: instance.name, [DiscoveryAttr.INSTANCE_ID]: instance.id, [DiscoveryAttr.REASON]: reason,
    }, async () => {
      try {
        await this.createNode(entry, call);
      } catch (e) {
        logEvent(this.client.log, 'warn', `Could not register service instance ${instance.name}/${instance.id}`, 'zookeeper.discovery.register', {
          zookeeper: { path, session_id: this.client.sessionId, discovery: { reason } }, error: e,
        }, 'failure');
        throw e;
      }
      logEvent(this.client.log, 'info', `Registered service instance ${instance.name}/${instance.id}`, 'zookeeper.discovery.register', {
        zookeeper: { path, session_id: entry.session, discovery: { reason } },
      }, 'success');
    });
  }

  /** Curator's `internalRegisterService`: create; if the node exists, delete it and create once more. */
  private async createNode(entry: Registration<P>, call: CallOptions): Promise<void> {
    const mode = entry.instance.serviceType === 'DYNAMIC' ? 'ephemeral' : 'persistent';
    for (let attempt = 1; ; attempt++) {
      try {
        await this.client.create(entry.path, entry.data, { ...call, mode, createParents: 'container' });
        entry.session = this.client.sessionId;
        return;
      } catch (e) {
        if (!(e instanceof ZkError && e.code === 'NODE_EXISTS') || attempt === 2) throw e;
      }
      // Delete then create, so that watchers of the old node see it go and come back.
      await this.client.delete(entry.path, call).catch((e: unknown) => {
        if (!(e instanceof NoNodeError)) throw e;
      });
    }
  }
}
