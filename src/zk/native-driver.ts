import type {
  CreateMode, DriverOptions, DriverSessionEvent, DriverWatcher, NativeLogLevel, RawAcl, RawStat,
  WatchEventType, ZkDriver,
} from './driver.js';
import { nativeConstant, nativeZooKeeper, type NativeHandle, type NativeStat, type NativeWatcherFn } from './native-binding.js';
import { errorFromReturnCode, ReturnCode } from './return-codes.js';
import { ClosedError, SessionExpiredError, AuthFailedError, type ZkError } from '../errors/index.js';

const LOG_LEVELS: Record<NativeLogLevel, number> = { off: 0, error: 1, warn: 2, info: 3, debug: 4 };

/** ZooKeeper's watcher event types (zookeeper.h). */
const WATCH_TYPES = new Map<number, WatchEventType>([
  [1, 'created'],
  [2, 'deleted'],
  [3, 'dataChanged'],
  [4, 'childrenChanged'],
  [-2, 'notWatching'],
]);

function modeFlags(mode: CreateMode): number {
  switch (mode) {
    case 'persistent': return nativeConstant('ZOO_PERSISTENT');
    case 'ephemeral': return nativeConstant('ZOO_EPHEMERAL');
    case 'persistent-sequential': return nativeConstant('ZOO_PERSISTENT_SEQUENTIAL');
    case 'ephemeral-sequential': return nativeConstant('ZOO_EPHEMERAL_SEQUENTIAL');
    case 'container': return nativeConstant('ZOO_CONTAINER');
    case 'persistent-ttl': return nativeConstant('ZOO_PERSISTENT_WITH_TTL');
    case 'persistent-sequential-ttl': return nativeConstant('ZOO_PERSISTENT_SEQUENTIAL_WITH_TTL');
  }
}

function toStat(s: NativeStat): RawStat {
  return {
    czxid: BigInt(s.czxid),
    mzxid: BigInt(s.mzxid),
    pzxid: BigInt(s.pzxid),
    ctime: s.ctime.getTime(),
    mtime: s.mtime.getTime(),
    version: s.version,
    cversion: s.cversion,
    aversion: s.aversion,
    ephemeralOwner: s.ephemeralOwner,
    dataLength: s.dataLength,
    numChildren: s.numChildren,
  };
}

/**
 * ZkDriver over the `zookeeper` npm package (the official C client in an addon).
 *
 * Sharp edges of the addon handled here, once:
 * - it aborts the process when a callback is missing, so every call passes one;
 * - a non-zero synchronous return code means the callback will never run;
 * - its "no response" counter closes the handle as if expired after 10 empty
 *   polls, so the limit is raised out of reach;
 * - a closed handle must never be touched again (it can crash the process);
 * - per-path watchers also receive session events, which are filtered out here.
 */
export class NativeZkDriver implements ZkDriver {
  private readonly native: NativeHandle;
  private death: 'closed' | 'expired' | 'authFailed' | undefined;
  private closingLocally = false;
  private aclInFlight = 0;
  private markClosed!: () => void;
  private readonly closedPromise = new Promise<void>((resolve) => { this.markClosed = resolve; });
  private closeWhenIdle: (() => void) | undefined;
  /**
   * True from the moment the addon calls into us until the next turn of the
   * event loop: the promise reactions a completion triggers run inside the
   * addon's call too, and a close from there would free the handle under it.
   */
  private insideNative = false;

  constructor(private readonly options: DriverOptions) {
    const Native = nativeZooKeeper();
    this.native = new Native();
    this.native.emit = (event, _handle, arg) => this.onNativeEvent(event, arg);
    const config: Record<string, unknown> = {
      connect: options.connect,
      timeout: options.sessionTimeoutMs,
      debug_level: LOG_LEVELS[options.nativeLogLevel ?? 'off'],
      host_order_deterministic: false,
      response_counter_limit: 2 ** 31 - 1,
    };
    if (options.session) {
      config.client_id = options.session.id;
      // The addon parses the password as upper-case hex only.
      config.client_password = options.session.password.toUpperCase();
    }
    this.native.init(config);
  }

  get sessionId(): string { return this.death ? '0' : this.native.client_id; }
  get sessionPassword(): string { return this.death ? '' : this.native.client_password; }
  get negotiatedTimeoutMs(): number { return this.death ? 0 : Math.max(0, this.native.timeout); }
  get closed(): boolean { return this.death !== undefined; }
  get connected(): boolean { return !this.death && this.native.state === nativeConstant('ZOO_CONNECTED_STATE'); }

  /** Called first by everything the addon calls (completions, watchers, events). */
  private enteredFromNative(): void {
    if (this.insideNative) return;
    this.insideNative = true;
    setImmediate(() => { this.insideNative = false; });
  }

  private onNativeEvent(event: string, arg: unknown): void {
    this.enteredFromNative();
    let sessionEvent: DriverSessionEvent | undefined;
    if (event === 'connect') sessionEvent = { type: 'connected' };
    else if (event === 'connecting') sessionEvent = { type: 'disconnected' };
    else if (event === 'close') {
      // A close we asked for is reported as 'closed', whatever `death` says.
      if (this.closingLocally) sessionEvent = { type: 'closed' };
      else if (arg === ReturnCode.SESSIONEXPIRED) this.death = 'expired';
      else if (arg === -113) this.death = 'authFailed'; // ZOO_AUTH_FAILED_STATE
      else this.death ??= 'closed';
      // A handle that died by itself (expiry, auth failure) is closed already.
      if (!this.closingLocally) this.markClosed();
      sessionEvent ??= { type: this.death ?? 'closed' };
    }
    if (sessionEvent) this.options.onSessionEvent(sessionEvent);
  }

  private deadError(op: string, path?: string): ZkError {
    const d = { op, ...(path === undefined ? {} : { path }) };
    if (this.death === 'expired') return new SessionExpiredError(d);
    if (this.death === 'authFailed') return new AuthFailedError(d);
    return new ClosedError(d);
  }

  /**
   * Runs one addon call. `start` gets the completion and returns the addon's
   * synchronous return code.
   */
  private call<T>(op: string, path: string | undefined, start: (done: (rc: number, text: string, value: () => T) => void) => number): Promise<T> {
    if (this.death) return Promise.reject(this.deadError(op, path));
    return new Promise<T>((resolve, reject) => {
      const done = (rc: number, text: string, value: () => T): void => {
        this.enteredFromNative();
        if (rc === ReturnCode.OK) { resolve(value()); return; }
        if (rc === ReturnCode.CLOSING && this.death) { reject(this.deadError(op, path)); return; }
        reject(errorFromReturnCode(rc, text, { op, ...(path === undefined ? {} : { path }) }));
      };
      const rc = start(done);
      if (rc !== ReturnCode.OK) {
        reject(this.death ? this.deadError(op, path) : errorFromReturnCode(rc, 'rejected by the C client', { op, ...(path === undefined ? {} : { path }) }));
      }
    });
  }

  private nativeWatcher(watcher: DriverWatcher): NativeWatcherFn {
    let fired = false;
    return (type, _state, path) => {
      this.enteredFromNative();
      const kind = WATCH_TYPES.get(type);
      // Session events reach every per-path watcher in the C client; the client
      // handles sessions itself, and a path watcher fires once.
      if (!kind || fired) return;
      fired = true;
      watcher({ type: kind, path });
    };
  }

  create(path: string, data: Buffer, mode: CreateMode, ttlMs?: number): Promise<string> {
    const flags = modeFlags(mode);
    return this.call('create', path, (done) => {
      const cb = (rc: number, text: string, created: string): void => done(rc, text, () => created);
      return ttlMs !== undefined
        ? this.native.a_create_ttl(path, data, flags, ttlMs, cb)
        : this.native.a_create(path, data, flags, cb);
    });
  }

  getData(path: string, watcher?: DriverWatcher): Promise<{ data: Buffer; stat: RawStat }> {
    return this.call('getData', path, (done) => {
      const cb = (rc: number, text: string, stat: NativeStat | null, data: Buffer | null): void =>
        done(rc, text, () => ({ data: data ?? Buffer.alloc(0), stat: toStat(stat!) }));
      return watcher ? this.native.aw_get(path, this.nativeWatcher(watcher), cb) : this.native.a_get(path, false, cb);
    });
  }

  setData(path: string, data: Buffer, version: number): Promise<RawStat> {
    return this.call('setData', path, (done) =>
      this.native.a_set(path, data, version, (rc, text, stat) => done(rc, text, () => toStat(stat!))));
  }

  async exists(path: string, watcher?: DriverWatcher): Promise<RawStat | null> {
    try {
      return await this.call('exists', path, (done) => {
        const cb = (rc: number, text: string, stat: NativeStat | null): void => done(rc, text, () => toStat(stat!));
        return watcher ? this.native.aw_exists(path, this.nativeWatcher(watcher), cb) : this.native.a_exists(path, false, cb);
      });
    } catch (e) {
      // A missing node is an answer, not an error; the watch is still set for its creation.
      if ((e as ZkError).zkCode === ReturnCode.NONODE) return null;
      throw e;
    }
  }

  getChildren(path: string, watcher?: DriverWatcher): Promise<{ children: string[]; stat: RawStat }> {
    return this.call('getChildren', path, (done) => {
      const cb = (rc: number, text: string, children: string[] | null, stat: NativeStat | null): void =>
        done(rc, text, () => ({ children: children ?? [], stat: toStat(stat!) }));
      return watcher
        ? this.native.aw_get_children2(path, this.nativeWatcher(watcher), cb)
        : this.native.a_get_children2(path, false, cb);
    });
  }

  delete(path: string, version: number): Promise<void> {
    return this.call('delete', path, (done) => this.native.a_delete_(path, version, (rc, text) => done(rc, text, () => undefined)));
  }

  /**
   * The addon's getAcl completion frees the ACL vector without checking it, so
   * any failed getAcl (no node, no READ permission, connection loss, close)
   * crashes the process. A getData first answers NO_NODE and NO_AUTH safely
   * (it needs the same READ permission); the handle is not closed while a
   * getAcl is in flight. A connection lost during the getAcl itself remains a
   * crash risk (docs/client.md, "Limits of the binding").
   */
  async getAcl(path: string): Promise<{ acl: RawAcl[]; stat: RawStat }> {
    await this.getData(path);
    this.aclInFlight++;
    try {
      return await this.call('getAcl', path, (done) =>
        this.native.a_get_acl(path, (rc, text, acl, stat) => done(rc, text, () => ({
          acl: (acl ?? []).map((a) => ({ perms: a.perms, scheme: a.scheme, id: a.auth })),
          stat: toStat(stat!),
        }))));
    } finally {
      this.aclInFlight--;
      if (this.aclInFlight === 0) this.closeWhenIdle?.();
    }
  }

  setAcl(path: string, acl: RawAcl[], version: number): Promise<void> {
    const native = acl.map((a) => ({ perm: a.perms, scheme: a.scheme, auth: a.id }));
    return this.call('setAcl', path, (done) =>
      this.native.a_set_acl(path, version, native, (rc, text) => done(rc, text, () => undefined)));
  }

  addAuth(scheme: string, credentials: string): Promise<void> {
    return this.call('addAuth', undefined, (done) =>
      this.native.add_auth(scheme, credentials, (rc, text) => done(rc, text, () => undefined)));
  }

  sync(path: string): Promise<void> {
    return this.call('sync', path, (done) => this.native.a_sync(path, (rc, text) => done(rc, text, () => undefined)));
  }

  whenClosed(): Promise<void> {
    return this.closedPromise;
  }

  close(reason: 'closed' | 'expired' = 'closed', immediate = false): void {
    if (this.death) return;
    this.death = reason;
    this.closingLocally = true;
    // Never close the C handle from inside one of its own callbacks (a state event
    // or a completion, or the promise reactions they run): zookeeper_process would
    // go on using the freed handle. The handle closes on the next turn of the event
    // loop, or at once when asked (`immediate`: the client's own close(), so that the
    // server ends the session and others hear of it without waiting for this
    // process's other work) and not inside a callback. Replacing a lost session's
    // handle keeps the deferral: a new handle opened in the same turn as the old one
    // closes can reuse its socket descriptor, which the binding mishandles.
    // No new request can start now (`death` is set); what is pending fails.
    const closeNative = (): void => {
      this.closeWhenIdle = undefined;
      const finish = (): void => { this.native.close(); this.markClosed(); };
      if (this.insideNative || !immediate) setImmediate(finish);
      else finish();
    };
    // A getAcl completed with ZCLOSING would crash the addon: let it finish first.
    if (this.aclInFlight > 0) this.closeWhenIdle = closeNative;
    else closeNative();
  }
}
