import { EventEmitter } from 'node:events';
import {
  assertValidPath, Deadline, joinPath, type CallOptions, type ConnectionState, type StateChange, type ZkClient,
} from '../../src/client/index.js';
import { ClosedError, describeValue, InvalidArgumentError } from '../../src/errors/index.js';
import { logEvent } from '../../src/observability/index.js';
import { TreeMirror } from './tree-mirror.js';
import type { NodeSnapshot } from './types.js';

/** Options of {@link TreeCache}. */
export interface TreeCacheOptions {
  /**
   * Deepest level cached: 0 is the root only, 1 the root and its children, ...
   * Nodes at `maxDepth` are cached with their data but their children are not
   * listed (and get no children watch). @default Infinity
   */
  maxDepth?: number;
}

/** Typed events of {@link TreeCache}. */
export interface TreeCacheEvents {
  /** A node entered the cache (also during the initial load, and the root itself). */
  nodeAdded: [node: NodeSnapshot];
  /** A cached node's data or stat changed (`mzxid` moved), or it was deleted and re-created in between. */
  nodeUpdated: [node: NodeSnapshot, previous: NodeSnapshot];
  /** A node left the cache; a subtree is reported deepest first. */
  nodeRemoved: [node: NodeSnapshot];
  /** The initial load is complete (once per cache, not after a resync). */
  initialized: [];
  /** A read of `path` failed in a way retrying cannot fix (e.g. NO_AUTH); the cache keeps its last state. */
  error: [error: unknown, path: string];
}

/**
 * Mirrors a subtree in memory and reports its changes (Curator's TreeCache).
 *
 * - The root may be missing: it is watched with `exists` and loaded when created;
 *   deleting it removes the whole tree (events deepest first) and watches again.
 * - Watches: per cached node at most one outstanding data watch and, for nodes
 *   above `maxDepth`, one outstanding children watch (ZooKeeper's two kinds; a
 *   node's data and its child list cannot both be watched with one). The server
 *   counts at most one of each per session and path.
 * - Connection loss: watches survive within the session. A new session: every
 *   node is re-read and re-watched, and only real differences are reported
 *   (`mzxid` for data, names for children). `initialized` is not repeated.
 * - `close()` stops re-arming; watches already on the server stay until they
 *   fire or the session ends (ZooKeeper 3.8 clients cannot remove them).
 *
 * @example
 * ```ts
 * await using tree = new TreeCache(client, '/services', { maxDepth: 2 });
 * tree.on('nodeAdded', (n) => console.log('added', n.path));
 * await tree.start();
 * tree.children('/services');
 * ```
 */
export class TreeCache extends EventEmitter<TreeCacheEvents> implements AsyncDisposable {
  private readonly maxDepth: number;
  private readonly stop = new AbortController();
  private mirror: TreeMirror | undefined;
  private initialized = false;
  private closed = false;
  private firstLoad: { resolve: () => void; reject: (e: unknown) => void } | undefined;

  constructor(private readonly client: ZkClient, readonly path: string, options: TreeCacheOptions = {}) {
    super();
    assertValidPath(path, 'TreeCache');
    const maxDepth = options.maxDepth ?? Infinity;
    if (maxDepth !== Infinity && !(Number.isInteger(maxDepth) && maxDepth >= 0)) {
      throw new InvalidArgumentError(`maxDepth must be an integer >= 0 or Infinity, got ${describeValue(maxDepth)}`, { op: 'TreeCache', path });
    }
    this.maxDepth = maxDepth;
  }

  /** True once the initial load completed and until `close()`. */
  get started(): boolean {
    return this.initialized && !this.closed;
  }

  /** The cached node at `path`, or `undefined` if it is not in the cache. */
  get(path: string): NodeSnapshot | undefined {
    return this.mirror?.nodes.get(path)?.snapshot ?? undefined;
  }

  /** Sorted names of the cached children of `path`, or `undefined` if `path` is not in the cache. */
  children(path: string): string[] | undefined {
    const node = this.mirror?.nodes.get(path);
    if (!node?.announced) return undefined;
    return [...node.children].filter((name) => this.mirror?.nodes.get(joinPath(path, name))?.announced).sort();
  }

  /** Number of cached nodes (the root included when it exists). */
  get size(): number {
    let n = 0;
    for (const node of this.mirror?.nodes.values() ?? []) if (node.announced) n += 1;
    return n;
  }

  /**
   * Loads the subtree, emitting `nodeAdded` for each node, then `initialized`;
   * resolves at `initialized`. While not connected it waits; on `timeoutMs`,
   * `signal`, or a read of the root that cannot succeed (e.g. NO_AUTH) the cache
   * is closed and the call rejects.
   */
  async start(options: CallOptions = {}): Promise<void> {
    if (this.closed) throw new ClosedError({ op: 'TreeCache.start', path: this.path });
    if (this.mirror) throw new InvalidArgumentError('TreeCache.start() was already called', { op: 'TreeCache.start', path: this.path });
    const deadline = new Deadline(options, 'TreeCache.start');
    const loaded = new Promise<void>((resolve, reject) => { this.firstLoad = { resolve, reject }; });
    try {
      this.mirror = new TreeMirror(this.client, this.path, this.maxDepth, this.stop.signal, {
        added: (n) => this.safeEmit('nodeAdded', n),
        updated: (n, p) => this.safeEmit('nodeUpdated', n, p),
        removed: (n) => this.safeEmit('nodeRemoved', n),
        failed: (e, p) => this.fail(e, p),
        settled: () => this.settled(),
      });
      this.client.on('state', this.onState);
      this.mirror.start();
      await deadline.race(loaded);
    } catch (e) {
      await this.close();
      throw e;
    } finally {
      deadline.dispose();
    }
  }

  /** Stops watching and forgets the tree. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.client.off('state', this.onState);
    this.stop.abort(new ClosedError({ op: 'TreeCache.close', path: this.path }));
    this.firstLoad?.reject(new ClosedError({ op: 'TreeCache.start', path: this.path }));
    this.firstLoad = undefined;
    await this.mirror?.stop();
    this.mirror?.nodes.clear();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /** A new session: the watches' `sessionLost` already triggered re-reads; this catches reads that had given up. */
  private readonly onState = (_s: ConnectionState, _p: ConnectionState, change: StateChange): void => {
    if (!this.closed && change.state === 'connected' && change.newSession) this.mirror?.rearm();
  };

  private settled(): void {
    if (this.initialized || this.closed) return;
    this.initialized = true;
    this.firstLoad?.resolve();
    this.firstLoad = undefined;
    this.safeEmit('initialized');
  }

  private fail(e: unknown, path: string): void {
    if (this.firstLoad && (path === this.path || e instanceof ClosedError)) {
      this.firstLoad.reject(e);
      this.firstLoad = undefined;
      return;
    }
    // The client closed: the cache keeps its last tree; there is nothing to retry or report.
    if (e instanceof ClosedError) return;
    logEvent(this.client.log, 'warn', 'TreeCache read failed; it tries again on the next session', 'zookeeper.cache.read', { zookeeper: { path }, error: e }, 'failure');
    if (this.listenerCount('error') > 0) this.safeEmit('error', e, path);
  }

  private safeEmit<K extends keyof TreeCacheEvents>(event: K, ...args: TreeCacheEvents[K]): void {
    try {
      (this.emit as (e: K, ...a: TreeCacheEvents[K]) => boolean)(event, ...args);
    } catch (e) {
      logEvent(this.client.log, 'error', `A TreeCache ${event} listener threw`, 'zookeeper.cache.listener', { zookeeper: { path: this.path }, error: e }, 'failure');
    }
  }
}
