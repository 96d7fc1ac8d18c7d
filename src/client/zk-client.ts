import { EventEmitter } from 'node:events';
import {
  ClosedError, DataTooLargeError, describeValue, InvalidArgumentError, InvalidPathError, NoNodeError, NotConnectedError, ZkError,
} from '../errors/index.js';
import { RecipeMetricAttr } from '../observability/attributes.js';
import { Instrumentation } from '../observability/instrumentation.js';
import { logEvent, SilentLogger, type ZkLogger } from '../observability/logger.js';
import type { CreateMode, RawAcl, ZkDriver } from '../zk/driver.js';
import { NativeZkDriver } from '../zk/native-driver.js';
import { assertValidAcl, OPEN_ACL_UNSAFE, type Acl, type AuthInfo } from './acl.js';
import { Deadline, type CallOptions } from './deadline.js';
import { OneShotWatches } from './one-shot-watches.js';
import { OperationRunner } from './operation-runner.js';
import { resolveOptions, type ResolvedOptions, type ZkClientOptions } from './options.js';
import { newProtectedPrefix } from './protected-mode.js';
import { SessionManager, type ActiveSession, type DriverFactory } from './session-manager.js';
import type {
  ConnectionState, CreateOptions, DeleteOptions, NodeChildren, NodeData, NodeDataInput, StateChange,
  Stat, VersionOptions, WatchListener, WatchOptions,
} from './types.js';
import { WatchStream } from './watch-stream.js';
import { assertValidPath, isReservedPath, joinPath, nodeName, parentPath } from './znode-path.js';

const MODES: ReadonlySet<CreateMode> = new Set<CreateMode>([
  'persistent', 'ephemeral', 'persistent-sequential', 'ephemeral-sequential', 'container',
  'persistent-ttl', 'persistent-sequential-ttl',
]);
/** ZooKeeper's largest TTL (`EphemeralType.MAX_EXTENDED_SERVER_ID` leaves 40 bits of milliseconds). */
const MAX_TTL_MS = 2 ** 40 - 1;

/** Typed events of {@link ZkClient}. */
export interface ZkClientEvents {
  /** Every connection state transition. */
  state: [state: ConnectionState, previous: ConnectionState, change: StateChange];
}

/**
 * A ZooKeeper client that owns connection loss, session expiry and retries, so
 * that recipes and applications do not.
 *
 * - Operations wait for a connection (up to `connectTimeoutMs`), are retried on
 *   connection loss within the same session, and are validated before sending.
 * - Every operation is a `zookeeper <op>` span with a duration metric; state
 *   changes, retries and failures are logged as ECS fields.
 * - After `lost` the client opens a new session by itself; `'state'` then
 *   reports `connected` with `newSession: true`.
 *
 * @example
 * ```ts
 * await using client = new ZkClient({ connect: '127.0.0.1:2181/app', sessionTimeoutMs: 10_000 });
 * await client.connect();
 * await client.create('/jobs/job-', 'payload', { mode: 'persistent-sequential', createParents: true });
 * ```
 */
export class ZkClient extends EventEmitter<ZkClientEvents> {
  private readonly options: ResolvedOptions;
  private readonly logger: ZkLogger;
  private readonly instrumentation: Instrumentation;
  private readonly sessions: SessionManager;
  private readonly runner: OperationRunner;
  private readonly watches: OneShotWatches;
  private readonly streams = new Set<WatchStream>();
  private readonly cleanups = new Set<Promise<void>>();
  private readonly closing = new AbortController();

  /**
   * @param driverFactory for tests of the client itself; defaults to the native driver.
   */
  constructor(options: ZkClientOptions, driverFactory: DriverFactory = (o) => new NativeZkDriver(o)) {
    super();
    this.options = resolveOptions(options);
    this.logger = options.logger ? options.logger.child({ component: 'zk-recipes' }) : new SilentLogger();
    this.instrumentation = new Instrumentation(options);
    this.watches = new OneShotWatches(this.logger, (type) => this.instrumentation.recipes.watchEvents.add(1, { [RecipeMetricAttr.WATCH_TYPE]: type }));
    this.sessions = new SessionManager(this.options, driverFactory, this.instrumentation, this.logger, (change) => this.onStateChange(change));
    this.runner = new OperationRunner(this.options, this.sessions, this.instrumentation, this.logger);
  }

  /** Current connection state. */
  get state(): ConnectionState {
    return this.sessions.state;
  }

  /** Current session id as hex, or `null` while there is no session. */
  get sessionId(): string | null {
    return this.sessions.currentSessionId;
  }

  /** Negotiated session timeout (the requested one until connected). */
  get sessionTimeoutMs(): number {
    return this.sessions.negotiatedTimeoutMs;
  }

  /** The connect string this client was created with. */
  get connectString(): string {
    return this.options.connect;
  }

  /** The connect string's chroot, or `undefined`. */
  get chroot(): string | undefined {
    return this.options.parsed.chroot;
  }

  /** The logger the SDK writes through (a child of the user's), for recipes. */
  get log(): ZkLogger {
    return this.logger;
  }

  /** The client's tracer and instruments, for recipes' own spans. */
  get telemetry(): Instrumentation {
    return this.instrumentation;
  }

  /**
   * Session id and password of the current session: for handing a session to a
   * test tool (`expireSession`). `undefined` while not connected.
   */
  get sessionCredentials(): { id: string; password: string } | undefined {
    return this.sessions.credentials;
  }

  private onStateChange(change: StateChange): void {
    if (change.state === 'lost' || change.state === 'closed') {
      this.watches.sessionLost(change.state === 'closed' ? Number.MAX_SAFE_INTEGER : this.sessions.currentGeneration);
    }
    this.emit('state', change.state, change.previous, change);
  }

  /**
   * Opens the connection and resolves once connected. If it cannot connect
   * within `timeoutMs` (default `connectTimeoutMs`) or `signal` aborts, the
   * client is closed and the call rejects (`NotConnectedError` / `AbortError`).
   */
  async connect(options: CallOptions = {}): Promise<void> {
    if (this.state === 'closed') throw new ClosedError({ op: 'connect' });
    const deadline = new Deadline(
      { timeoutMs: options.timeoutMs ?? this.options.connectTimeoutMs, ...(options.signal ? { signal: options.signal } : {}) },
      'connect',
      (ms) => new NotConnectedError(`Could not connect to ${this.options.connect} within ${ms} ms`, { op: 'connect' }),
    );
    try {
      this.sessions.start();
      // The deadline (timeoutMs) bounds this wait, not connectTimeoutMs.
      await this.sessions.waitForConnected(deadline.signal, 'connect', 2 ** 31 - 1);
    } catch (e) {
      await this.close();
      throw e;
    } finally {
      deadline.dispose();
    }
  }

  /** Resolves once connected (without opening a connection). */
  async waitUntilConnected(signal?: AbortSignal): Promise<void> {
    await this.sessions.waitForConnected(signal);
  }

  /**
   * Closes the session (its ephemeral nodes go at once), ends watch streams and
   * state iterators, and releases every handle and timer: the process can exit.
   */
  async close(): Promise<void> {
    if (this.state === 'closed') return;
    // The session first: its ephemeral nodes go and the others hear of it without
    // waiting for anything here (a leader's successor, a lock's next holder).
    const closed = this.sessions.close();
    this.closing.abort(new ClosedError());
    for (const s of this.streams) await s.return();
    this.streams.clear();
    this.watches.clear();
    await Promise.allSettled([...this.cleanups]);
    await closed;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /**
   * State changes from now on, as an async iterable; it ends when the client closes.
   */
  async *stateChanges(options: { signal?: AbortSignal } = {}): AsyncGenerator<StateChange> {
    const queue: StateChange[] = [];
    let wake: (() => void) | undefined;
    const listener = (_s: ConnectionState, _p: ConnectionState, change: StateChange): void => { queue.push(change); wake?.(); };
    const onAbort = (): void => wake?.();
    this.on('state', listener);
    options.signal?.addEventListener('abort', onAbort);
    try {
      while (!options.signal?.aborted) {
        const next = queue.shift();
        if (next) {
          yield next;
          if (next.state === 'closed') return;
          continue;
        }
        if (this.state === 'closed') return;
        await new Promise<void>((resolve) => { wake = resolve; });
        wake = undefined;
      }
    } finally {
      this.off('state', listener);
      options.signal?.removeEventListener('abort', onAbort);
    }
  }

  // ---- validation --------------------------------------------------------

  private assertOpen(op: string): void {
    if (this.state === 'closed') throw new ClosedError({ op });
  }

  private assertWritable(path: string, op: string): void {
    if (!this.options.parsed.chroot && isReservedPath(path)) {
      throw new InvalidPathError('/zookeeper is reserved for the server', { op, path });
    }
  }

  private toData(data: NodeDataInput, op: string, path: string): Buffer {
    let buf: Buffer;
    if (data === undefined || data === null) buf = Buffer.alloc(0);
    else if (typeof data === 'string') buf = Buffer.from(data, 'utf8');
    else if (Buffer.isBuffer(data)) buf = data;
    else if (data instanceof Uint8Array) buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    else throw new InvalidArgumentError('data must be a Buffer, Uint8Array, string or null', { op, path });
    const limit = this.dataLimit(path);
    if (buf.length > limit) throw new DataTooLargeError(buf.length, limit, { op, path });
    return buf;
  }

  /**
   * Largest data for a write to `path`: jute.maxbuffer less the path and the
   * request's fixed fields (lengths, xid, type, the open ACL, flags, TTL: 63
   * bytes; 128 leaves room).
   */
  dataLimit(path: string): number {
    return this.options.juteMaxBuffer - Buffer.byteLength(path, 'utf8') - 128;
  }

  private assertVersion(version: unknown, op: string, path: string): number {
    if (version === undefined) return -1;
    if (typeof version !== 'number' || !Number.isInteger(version) || version < -1 || version > 2 ** 31 - 1) {
      throw new InvalidArgumentError(`version must be an integer >= -1, got ${describeValue(version)}`, { op, path });
    }
    return version;
  }

  private assertListener(watch: unknown, op: string, path: string): void {
    if (watch !== undefined && typeof watch !== 'function') {
      throw new InvalidArgumentError('watch must be a function', { op, path });
    }
  }

  /** Runs `attempt` with a one-shot watch registered for that attempt only. */
  private async withWatch<T>(session: ActiveSession, path: string, listener: WatchListener | undefined, attempt: (watcher: Parameters<ZkDriver['getData']>[1]) => Promise<T>): Promise<T> {
    if (!listener) return attempt(undefined);
    const registration = this.watches.register(listener, path, session.generation);
    try {
      return await attempt(registration.watcher);
    } catch (e) {
      registration.cancel();
      throw e;
    }
  }

  // ---- operations --------------------------------------------------------

  /**
   * Creates a node and resolves with its actual path (with the sequence suffix
   * for sequential modes, and the `_c_<uuid>-` prefix in protected mode).
   *
   * @throws NodeExistsError, NoNodeError (missing parent without `createParents`),
   * NoChildrenForEphemeralsError, NoAuthError, InvalidPathError, DataTooLargeError,
   * InvalidAclError, InvalidArgumentError (bad mode or TTL)
   */
  async create(path: string, data?: NodeDataInput, options: CreateOptions = {}): Promise<string> {
    this.assertOpen('create');
    const mode = options.mode ?? 'persistent';
    if (!MODES.has(mode)) throw new InvalidArgumentError(`unknown create mode ${describeValue(mode)}`, { op: 'create' });
    assertValidPath(path, 'create', mode.includes('sequential'));
    this.assertWritable(path, 'create');
    const ttl = this.ttlFor(mode, options.ttlMs, path);
    const acl = options.acl ?? this.options.defaultAcl;
    if (acl) assertValidAcl(acl, 'create', path);
    const buf = this.toData(data, 'create', path);
    const parents = options.createParents === true ? 'persistent' : options.createParents || undefined;
    if (parents !== undefined && parents !== 'persistent' && parents !== 'container') {
      throw new InvalidArgumentError('createParents must be a boolean, "persistent" or "container"', { op: 'create', path });
    }
    const created = options.protected
      ? await this.createProtected(path, buf, mode, ttl, parents, options)
      : await this.runner.run('create', path, options, ({ driver }) => this.createWithParents(driver, path, buf, mode, ttl, parents));
    if (acl && acl !== OPEN_ACL_UNSAFE) await this.applyAcl(created, acl, options);
    return created;
  }

  private ttlFor(mode: CreateMode, ttlMs: unknown, path: string): number | undefined {
    const needsTtl = mode === 'persistent-ttl' || mode === 'persistent-sequential-ttl';
    if (!needsTtl) {
      if (ttlMs !== undefined) throw new InvalidArgumentError(`ttlMs needs mode persistent-ttl or persistent-sequential-ttl, not ${mode}`, { op: 'create', path });
      return undefined;
    }
    if (typeof ttlMs !== 'number' || !Number.isInteger(ttlMs) || ttlMs <= 0 || ttlMs > MAX_TTL_MS) {
      throw new InvalidArgumentError(`mode ${mode} needs an integer ttlMs in 1..${MAX_TTL_MS}`, { op: 'create', path });
    }
    return ttlMs;
  }

  /** Tries the create; on a missing parent creates the parents and tries once more (Curator's order). */
  private async createWithParents(driver: ZkDriver, path: string, data: Buffer, mode: CreateMode, ttl: number | undefined, parents: 'persistent' | 'container' | undefined): Promise<string> {
    try {
      return await driver.create(path, data, mode, ttl);
    } catch (e) {
      if (!(parents && e instanceof NoNodeError)) throw e;
    }
    await this.mkdirs(driver, parentPath(path), parents);
    return driver.create(path, data, mode, ttl);
  }

  /**
   * Creates missing parents. With a `defaultAcl`, each parent it creates gets it
   * too (as Curator's ACLProvider does), so that a team's ACL also guards the
   * recipe's queue node, not only the leaf.
   */
  private async mkdirs(driver: ZkDriver, path: string, mode: 'persistent' | 'container'): Promise<void> {
    if (path === '/') return;
    try {
      await this.createParent(driver, path, mode);
    } catch (e) {
      if (e instanceof ZkError && e.code === 'NODE_EXISTS') return;
      if (!(e instanceof NoNodeError)) throw e;
      await this.mkdirs(driver, parentPath(path), mode);
      try {
        await this.createParent(driver, path, mode);
      } catch (again) {
        if (!(again instanceof ZkError && again.code === 'NODE_EXISTS')) throw again;
      }
    }
  }

  private async createParent(driver: ZkDriver, path: string, mode: 'persistent' | 'container'): Promise<void> {
    await driver.create(path, Buffer.alloc(0), mode);
    const acl = this.options.defaultAcl;
    if (acl && acl !== OPEN_ACL_UNSAFE) await driver.setAcl(path, acl.map((a) => ({ perms: a.perms, scheme: a.scheme, id: a.id })), 0);
  }

  /**
   * Protected mode (INTEROP.md §1): the name gets `_c_<uuid>-`; a retry after
   * connection loss first looks for a child with that prefix, so a create whose
   * reply was lost is found instead of repeated. Retries never cross a session,
   * and a found ephemeral must be owned by the current session. If the create
   * finally fails (or the caller gives up) while its outcome is unknown, a
   * background cleanup deletes the node if it turns up.
   */
  private async createProtected(path: string, data: Buffer, mode: CreateMode, ttl: number | undefined, parents: 'persistent' | 'container' | undefined, call: CallOptions): Promise<string> {
    const parent = parentPath(path);
    const prefix = newProtectedPrefix();
    const protectedPath = joinPath(parent, prefix + nodeName(path));
    const ephemeral = mode.startsWith('ephemeral');
    let sent: { generation: number; reply: Promise<string> } | undefined;
    try {
      return await this.runner.run('create', path, call, async (session) => {
        if (sent) {
          const found = await this.findProtected(session, parent, prefix, ephemeral);
          if (found) return found;
        }
        const reply = this.createWithParents(session.driver, protectedPath, data, mode, ttl, parents);
        sent = { generation: session.generation, reply };
        return reply;
      });
    } catch (e) {
      if (sent && !(e instanceof ZkError && ['NODE_EXISTS', 'NO_NODE', 'NO_AUTH', 'NO_CHILDREN_FOR_EPHEMERALS'].includes(e.code))) {
        this.cleanupProtected(sent, parent, prefix, ephemeral);
      }
      throw e;
    }
  }

  private async findProtected(session: ActiveSession, parent: string, prefix: string, ephemeral: boolean): Promise<string | undefined> {
    let children: string[];
    try {
      ({ children } = await session.driver.getChildren(parent));
    } catch (e) {
      if (e instanceof NoNodeError) return undefined;
      throw e;
    }
    const name = children.find((c) => c.startsWith(prefix));
    if (!name) return undefined;
    const found = joinPath(parent, name);
    if (ephemeral) {
      const stat = await session.driver.exists(found);
      if (!stat || stat.ephemeralOwner !== session.sessionId) return undefined;
    }
    return found;
  }

  /** Deletes a protected node whose create outcome the caller never learned. */
  private cleanupProtected(sent: { generation: number; reply: Promise<string> }, parent: string, prefix: string, ephemeral: boolean): void {
    const job = (async () => {
      // Wait for the create's own reply first: ZooKeeper answers in order, so once it
      // is in, a listing shows the node if it was made.
      const created = await sent.reply.catch(() => undefined);
      // An ephemeral of an ended session is gone with it.
      if (ephemeral && this.sessions.currentGeneration !== sent.generation) return;
      const path = created ?? await this.runner.run('getChildren', parent, { signal: this.closing.signal }, async (s) => {
        if (ephemeral && s.generation !== sent.generation) return undefined;
        return this.findProtected(s, parent, prefix, false);
      });
      if (!path) return;
      await this.runner.run('delete', path, { signal: this.closing.signal }, ({ driver }) => driver.delete(path, -1)).catch(() => undefined);
      logEvent(this.logger, 'info', 'Deleted a protected node whose create was abandoned', 'zookeeper.protected_cleanup', { zookeeper: { path } });
    })().catch((e: unknown) => {
      logEvent(this.logger, 'warn', 'Cleanup of an abandoned protected create failed', 'zookeeper.protected_cleanup', { zookeeper: { path: parent }, error: e }, 'failure');
    });
    this.cleanups.add(job);
    void job.finally(() => this.cleanups.delete(job));
  }

  /** Sets the ACL of a node just created; on failure deletes the node so nothing is left behind. */
  private async applyAcl(path: string, acl: readonly Acl[], call: CallOptions): Promise<void> {
    try {
      await this.setAcl(path, acl, { version: 0, ...(call.signal ? { signal: call.signal } : {}) });
    } catch (e) {
      await this.runner.run('delete', path, {}, ({ driver }) => driver.delete(path, -1)).catch(() => undefined);
      throw e;
    }
  }

  /** Reads a node's data and stat, optionally leaving a one-shot watch. @throws NoNodeError */
  async getData(path: string, options: WatchOptions = {}): Promise<NodeData> {
    this.assertOpen('getData');
    assertValidPath(path, 'getData');
    this.assertListener(options.watch, 'getData', path);
    return this.runner.run('getData', path, options, (session) =>
      this.withWatch(session, path, options.watch, (watcher) => session.driver.getData(path, watcher)));
  }

  /** Writes a node's data, optionally only at `version`. @throws NoNodeError, BadVersionError */
  async setData(path: string, data: NodeDataInput, options: VersionOptions = {}): Promise<Stat> {
    this.assertOpen('setData');
    assertValidPath(path, 'setData');
    this.assertWritable(path, 'setData');
    const version = this.assertVersion(options.version, 'setData', path);
    const buf = this.toData(data, 'setData', path);
    return this.runner.run('setData', path, options, ({ driver }) => driver.setData(path, buf, version));
  }

  /**
   * The node's stat, or `null` if it does not exist (not an error). A watch fires
   * on its creation, deletion or data change.
   */
  async exists(path: string, options: WatchOptions = {}): Promise<Stat | null> {
    this.assertOpen('exists');
    assertValidPath(path, 'exists');
    this.assertListener(options.watch, 'exists', path);
    return this.runner.run('exists', path, options, (session) =>
      this.withWatch(session, path, options.watch, (watcher) => session.driver.exists(path, watcher)));
  }

  /** Child names (unsorted, as the server returns them) and the parent's stat. @throws NoNodeError */
  async getChildren(path: string, options: WatchOptions = {}): Promise<NodeChildren> {
    this.assertOpen('getChildren');
    assertValidPath(path, 'getChildren');
    this.assertListener(options.watch, 'getChildren', path);
    return this.runner.run('getChildren', path, options, (session) =>
      this.withWatch(session, path, options.watch, (watcher) => session.driver.getChildren(path, watcher)));
  }

  /**
   * Deletes a node, optionally only at `version`; `recursive` deletes its subtree
   * first. @throws NoNodeError, BadVersionError, NotEmptyError
   */
  async delete(path: string, options: DeleteOptions = {}): Promise<void> {
    this.assertOpen('delete');
    assertValidPath(path, 'delete');
    this.assertWritable(path, 'delete');
    if (path === '/') throw new InvalidPathError('the root cannot be deleted', { op: 'delete', path });
    const version = this.assertVersion(options.version, 'delete', path);
    if (options.recursive) await this.deleteChildren(path, options);
    await this.runner.run('delete', path, options, ({ driver }) => driver.delete(path, version));
  }

  private async deleteChildren(path: string, call: CallOptions): Promise<void> {
    let children: string[];
    try {
      ({ children } = await this.getChildren(path, call));
    } catch (e) {
      if (e instanceof NoNodeError) return;
      throw e;
    }
    for (const child of children) {
      const childPath = joinPath(path, child);
      await this.deleteChildren(childPath, call);
      try {
        await this.runner.run('delete', childPath, call, ({ driver }) => driver.delete(childPath, -1));
      } catch (e) {
        if (!(e instanceof NoNodeError)) throw e;
      }
    }
  }

  /** A node's ACL and stat. @throws NoNodeError, NoAuthError (needs READ on 3.8) */
  async getAcl(path: string, options: CallOptions = {}): Promise<{ acl: Acl[]; stat: Stat }> {
    this.assertOpen('getAcl');
    assertValidPath(path, 'getAcl');
    return this.runner.run('getAcl', path, options, ({ driver }) => driver.getAcl(path));
  }

  /** Replaces a node's ACL, optionally only at ACL version `version`. @throws NoNodeError, BadVersionError, NoAuthError, InvalidAclError */
  async setAcl(path: string, acl: readonly Acl[], options: VersionOptions = {}): Promise<void> {
    this.assertOpen('setAcl');
    assertValidPath(path, 'setAcl');
    this.assertWritable(path, 'setAcl');
    assertValidAcl(acl, 'setAcl', path);
    const version = this.assertVersion(options.version, 'setAcl', path);
    const raw: RawAcl[] = acl.map((a) => ({ perms: a.perms, scheme: a.scheme, id: a.id }));
    await this.runner.run('setAcl', path, options, ({ driver }) => driver.setAcl(path, raw, version));
  }

  /**
   * Adds credentials to this session and to every later session of this client.
   * @example `await client.addAuth({ scheme: 'digest', credentials: 'user:pass' })`
   */
  async addAuth(auth: AuthInfo, options: CallOptions = {}): Promise<void> {
    this.assertOpen('addAuth');
    if (!auth || typeof auth.scheme !== 'string' || auth.scheme === '' || typeof auth.credentials !== 'string') {
      throw new InvalidArgumentError('addAuth needs { scheme, credentials } strings', { op: 'addAuth' });
    }
    await this.runner.run('addAuth', undefined, options, ({ driver }) => driver.addAuth(auth.scheme, auth.credentials));
    this.sessions.rememberAuth(auth);
  }

  /** Waits until the server this client talks to has caught up with the leader for `path`. */
  async sync(path: string, options: CallOptions = {}): Promise<void> {
    this.assertOpen('sync');
    assertValidPath(path, 'sync');
    await this.runner.run('sync', path, options, ({ driver }) => driver.sync(path));
  }

  /**
   * A watch that re-arms itself: yields the node's data (`kind: 'data'`) or
   * children (`kind: 'children'`) now and after every change, across reconnects
   * and new sessions, until `break`/`return()`, `signal` or `close()`.
   *
   * ZooKeeper watches are one-shot: changes made between a notification and the
   * re-read are seen together, so intermediate values may be skipped; the latest
   * value is always delivered. After a new session the node is re-read and
   * yielded only if it changed.
   */
  watch(path: string, options: { kind?: 'data' | 'children'; signal?: AbortSignal } = {}): WatchStream {
    this.assertOpen('watch');
    assertValidPath(path, 'watch');
    const kind = options.kind ?? 'data';
    if (kind !== 'data' && kind !== 'children') throw new InvalidArgumentError('kind must be "data" or "children"', { op: 'watch', path });
    const stream = new WatchStream({
      getData: (p, o) => this.getData(p, o),
      getChildren: (p, o) => this.getChildren(p, o),
      exists: (p, o) => this.exists(p, o),
      waitUntilConnected: (signal) => this.sessions.waitForConnected(AbortSignal.any([signal, this.closing.signal])).then(() => undefined),
    }, path, kind, options.signal);
    this.streams.add(stream);
    const originalReturn = stream.return.bind(stream);
    stream.return = async () => {
      this.streams.delete(stream);
      return originalReturn();
    };
    return stream;
  }
}
