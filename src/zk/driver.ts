/**
 * The driver contract: ZooKeeper's semantics, independent of any binding.
 * ZkClient talks only to this interface, so another driver (a pure-JS one, say)
 * could replace the native one without touching anything above src/zk.
 */

/** Stat as ZooKeeper defines it; zxids are 64-bit, so they are bigints. */
export interface RawStat {
  czxid: bigint;
  mzxid: bigint;
  pzxid: bigint;
  ctime: number;
  mtime: number;
  version: number;
  cversion: number;
  aversion: number;
  /** Owner session of an ephemeral node as a hex string, `'0'` for other nodes. */
  ephemeralOwner: string;
  dataLength: number;
  numChildren: number;
}

/** A single ACL entry as ZooKeeper stores it. */
export interface RawAcl {
  perms: number;
  scheme: string;
  id: string;
}

/** Node create modes (ZooKeeper's CreateMode). */
export type CreateMode =
  | 'persistent'
  | 'ephemeral'
  | 'persistent-sequential'
  | 'ephemeral-sequential'
  | 'container'
  | 'persistent-ttl'
  | 'persistent-sequential-ttl';

/** One-shot watch notification kinds. */
export type WatchEventType = 'created' | 'deleted' | 'dataChanged' | 'childrenChanged' | 'notWatching';

/** A watch notification for one path. */
export interface DriverWatchEvent {
  type: WatchEventType;
  path: string;
}

export type DriverWatcher = (event: DriverWatchEvent) => void;

/** Session-level events of one driver handle (one handle = at most one session). */
export type DriverSessionEvent =
  /** Connected (or reconnected) to a server with this handle's session. */
  | { type: 'connected' }
  /** The connection dropped; the C client is trying the next server. */
  | { type: 'disconnected' }
  /** The server expired the session; the handle is dead. */
  | { type: 'expired' }
  /** Authentication failed; the handle is dead. */
  | { type: 'authFailed' }
  /** The handle was closed locally. */
  | { type: 'closed' };

export interface DriverOptions {
  /** Host list, with an optional chroot (`h1:2181,h2:2181/app`). */
  connect: string;
  sessionTimeoutMs: number;
  /** Resume an existing session (used to expire sessions in tests). */
  session?: { id: string; password: string };
  /** C client log level; it writes to stdout, so the default is off. */
  nativeLogLevel?: NativeLogLevel;
  onSessionEvent: (event: DriverSessionEvent) => void;
}

export type NativeLogLevel = 'off' | 'error' | 'warn' | 'info' | 'debug';

/** One handle on one session. After `expired`, `authFailed` or `close()` it is dead for good. */
export interface ZkDriver {
  readonly sessionId: string;
  readonly sessionPassword: string;
  /** The negotiated session timeout (0 until connected). */
  readonly negotiatedTimeoutMs: number;
  readonly closed: boolean;
  /** True while the handle has a live connection to a server. */
  readonly connected: boolean;
  create(path: string, data: Buffer, mode: CreateMode, ttlMs?: number): Promise<string>;
  getData(path: string, watcher?: DriverWatcher): Promise<{ data: Buffer; stat: RawStat }>;
  setData(path: string, data: Buffer, version: number): Promise<RawStat>;
  /** Resolves `null` when the node does not exist (a watcher then waits for its creation). */
  exists(path: string, watcher?: DriverWatcher): Promise<RawStat | null>;
  getChildren(path: string, watcher?: DriverWatcher): Promise<{ children: string[]; stat: RawStat }>;
  delete(path: string, version: number): Promise<void>;
  getAcl(path: string): Promise<{ acl: RawAcl[]; stat: RawStat }>;
  setAcl(path: string, acl: RawAcl[], version: number): Promise<void>;
  addAuth(scheme: string, credentials: string): Promise<void>;
  sync(path: string): Promise<void>;
  /**
   * Releases the handle. With `'expired'` (the client declared the session lost),
   * requests still pending fail as SESSION_EXPIRED rather than CLOSED.
   * `immediate`: close now rather than on the next turn of the event loop,
   * unless called from inside one of the handle's own callbacks.
   */
  close(reason?: 'closed' | 'expired', immediate?: boolean): void;
  /** Resolves once the handle is really closed (its session closed on the server, if it was connected). */
  whenClosed(): Promise<void>;
}
