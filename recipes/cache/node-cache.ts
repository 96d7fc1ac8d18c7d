import { EventEmitter } from 'node:events';
import {
  assertValidPath, Deadline, type CallOptions, type ConnectionState, type StateChange, type WatchEvent, type ZkClient,
} from '../../src/client/index.js';
import { ClosedError, InvalidArgumentError } from '../../src/errors/index.js';
import { logEvent } from '../../src/observability/index.js';
import { CoalescingRefresh } from './coalescing-refresh.js';
import { LatestValueFeed } from './latest-value-feed.js';
import { olderSnapshot, readNodeArmingCreation, sameSnapshot } from './node-read.js';
import type { NodeSnapshot } from './types.js';
import { WatchArm } from './watch-arm.js';

/** Typed events of {@link NodeCache}. */
export interface NodeCacheEvents {
  /** The node changed: created (`previous` null), modified, or deleted (`current` null). */
  changed: [current: NodeSnapshot | null, previous: NodeSnapshot | null];
  /** A read failed in a way retrying cannot fix (e.g. NO_AUTH); the cache keeps its last value. */
  error: [error: unknown];
}

/**
 * Keeps one znode's data and stat in memory and reports its changes (Curator's
 * NodeCache, kazoo's DataWatch). The node need not exist.
 *
 * - One data watch at a time (`getData`, or `exists` while the node is missing).
 *   Changes made while a re-read is on its way are seen together: values in
 *   between may be skipped, the latest always arrives.
 * - No event when `stat.mzxid` did not change, and never an older snapshot than
 *   one already delivered (a lagging server after a new session is ignored).
 * - Connection loss: the watch survives within the session. A new session: the
 *   node is synced and re-read, and an event follows only if it differs from
 *   what was last delivered.
 * - `close()` stops re-arming. ZooKeeper 3.8 clients cannot remove a watch, so
 *   the last one stays on the server until the node next changes or the session
 *   ends; when it fires, it is dropped (see docs/config.md).
 *
 * @example
 * ```ts
 * await using cache = new NodeCache(client, '/config/orders');
 * await cache.start();
 * cache.on('changed', (now) => console.log(now?.data.toString()));
 * ```
 */
export class NodeCache extends EventEmitter<NodeCacheEvents> implements AsyncDisposable {
  private snapshot: NodeSnapshot | null = null;
  private loaded = false;
  private closed = false;
  private arm: WatchArm | undefined;
  private syncFirst = false;
  private readonly stop = new AbortController();
  private readonly feed = new LatestValueFeed<NodeSnapshot | null>();
  private readonly refresh: CoalescingRefresh;
  private firstLoad: { resolve: () => void; reject: (e: unknown) => void } | undefined;

  constructor(private readonly client: ZkClient, readonly path: string) {
    super();
    assertValidPath(path, 'NodeCache');
    this.refresh = new CoalescingRefresh(client, this.stop.signal, (signal) => this.read(signal), {
      onError: (e) => this.fail(e),
    });
  }

  /**
   * A new session: normally the armed watch has already fired `sessionLost` and a
   * re-read is on its way; this also covers a cache whose last read had failed
   * for good (no watch armed), which gets its next chance here.
   */
  private readonly onState = (_state: ConnectionState, _previous: ConnectionState, change: StateChange): void => {
    if (this.closed || !this.loaded || change.state !== 'connected' || !change.newSession || this.arm?.outstanding) return;
    this.syncFirst = true;
    this.refresh.request();
  };

  /** The node as last delivered: `null` while it does not exist (or before `start()`). */
  get current(): NodeSnapshot | null {
    return this.snapshot;
  }

  /** True once `start()` has loaded the node and until `close()`. */
  get started(): boolean {
    return this.loaded && !this.closed;
  }

  /**
   * Loads the node (or learns it does not exist) and arms the watch. Resolves with
   * the loaded snapshot. While not connected it waits; on `timeoutMs`, `signal`
   * or a read that cannot succeed (e.g. NO_AUTH) the cache is closed and the call
   * rejects (`TimeoutError`, `AbortError`, the read's error).
   */
  async start(options: CallOptions = {}): Promise<NodeSnapshot | null> {
    if (this.closed) throw new ClosedError({ op: 'NodeCache.start', path: this.path });
    if (this.firstLoad || this.loaded) throw new InvalidArgumentError('NodeCache.start() was already called', { op: 'NodeCache.start', path: this.path });
    const deadline = new Deadline(options, 'NodeCache.start');
    const loaded = new Promise<void>((resolve, reject) => { this.firstLoad = { resolve, reject }; });
    try {
      this.client.on('state', this.onState);
      this.refresh.request();
      await deadline.race(loaded);
      return this.snapshot;
    } catch (e) {
      await this.close();
      throw e;
    } finally {
      deadline.dispose();
    }
  }

  /**
   * The current snapshot (once loaded), then each newer one, until `close()` or
   * `signal`. A slow consumer skips to the newest snapshot (see LatestValueFeed).
   */
  snapshots(options: { signal?: AbortSignal } = {}): AsyncGenerator<NodeSnapshot | null, void, undefined> {
    return this.feed.subscribe(this.loaded ? { value: this.snapshot } : undefined, options.signal);
  }

  /** Stops watching and ends `snapshots()` iterators. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.client.off('state', this.onState);
    this.stop.abort(new ClosedError({ op: 'NodeCache.close', path: this.path }));
    this.firstLoad?.reject(new ClosedError({ op: 'NodeCache.start', path: this.path }));
    await this.refresh.stop();
    // Once the read in flight (if any) has returned, the armed watch is final: let it go.
    this.arm?.disarm();
    this.feed.end();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  private onWatch(event: WatchEvent): void {
    if (this.closed) return;
    // The session ended: the next read may go to another server, so sync it first.
    if (event.type === 'sessionLost') this.syncFirst = true;
    this.refresh.request();
  }

  private async read(signal: AbortSignal): Promise<void> {
    if (this.syncFirst) {
      await this.client.sync(this.path, { signal });
      this.syncFirst = false;
    }
    const arm = this.arm?.outstanding ? undefined : new WatchArm((event) => this.onWatch(event));
    const next = await readNodeArmingCreation(this.client, this.path, arm?.listener, signal, () => {
      if (arm) this.arm = arm;
    });
    if (this.closed) return;
    this.deliver(next);
  }

  private deliver(next: NodeSnapshot | null): void {
    const previous = this.snapshot;
    if (!this.loaded) {
      this.snapshot = next;
      this.loaded = true;
      this.feed.publish(next);
      this.firstLoad?.resolve();
      this.firstLoad = undefined;
      return;
    }
    if (sameSnapshot(previous, next) || olderSnapshot(previous, next)) return;
    this.snapshot = next;
    this.feed.publish(next);
    try {
      this.emit('changed', next, previous);
    } catch (e) {
      logEvent(this.client.log, 'error', 'A NodeCache listener threw', 'zookeeper.cache.listener', { zookeeper: { path: this.path }, error: e }, 'failure');
    }
  }

  private fail(e: unknown): void {
    if (this.firstLoad) {
      this.firstLoad.reject(e);
      this.firstLoad = undefined;
      return;
    }
    // The client closed: the cache keeps its last value; there is nothing to retry or report.
    if (e instanceof ClosedError) return;
    logEvent(this.client.log, 'warn', 'NodeCache read failed; it tries again on the next session', 'zookeeper.cache.read', { zookeeper: { path: this.path }, error: e }, 'failure');
    if (this.listenerCount('error') > 0) this.emit('error', e);
  }
}
