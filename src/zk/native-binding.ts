import { createRequire } from 'node:module';

/** Completion callbacks of the native addon: `(rc, rcText, ...results)`. */
type Completion<A extends unknown[]> = (rc: number, text: string, ...results: A) => void;
/** Per-call watcher of the native addon: `(type, state, path)`. */
export type NativeWatcherFn = (type: number, state: number, path: string) => void;

export interface NativeStat {
  czxid: number;
  mzxid: number;
  pzxid: number;
  ctime: Date;
  mtime: Date;
  version: number;
  cversion: number;
  aversion: number;
  ephemeralOwner: string;
  dataLength: number;
  numChildren: number;
}

/**
 * The methods of the addon object (`zookeeper` package, `lib/zookeeper.js` `.native`)
 * that the driver calls. Each `a_*`/`aw_*` call returns a C return code: non-zero
 * means the request was never queued and its callback will never run.
 */
export interface NativeHandle {
  init(config: Record<string, unknown>): unknown;
  close(): unknown;
  emit: (event: string, handle: unknown, arg: unknown) => void;
  readonly client_id: string;
  readonly client_password: string;
  readonly timeout: number;
  readonly state: number;
  a_create(path: string, data: Buffer, flags: number, cb: Completion<[string]>): number;
  a_create_ttl(path: string, data: Buffer, flags: number, ttl: number, cb: Completion<[string]>): number;
  aw_get(path: string, watcher: NativeWatcherFn, cb: Completion<[NativeStat | null, Buffer | null]>): number;
  a_get(path: string, watch: boolean, cb: Completion<[NativeStat | null, Buffer | null]>): number;
  a_set(path: string, data: Buffer, version: number, cb: Completion<[NativeStat | null]>): number;
  aw_exists(path: string, watcher: NativeWatcherFn, cb: Completion<[NativeStat | null]>): number;
  a_exists(path: string, watch: boolean, cb: Completion<[NativeStat | null]>): number;
  aw_get_children2(path: string, watcher: NativeWatcherFn, cb: Completion<[string[] | null, NativeStat | null]>): number;
  a_get_children2(path: string, watch: boolean, cb: Completion<[string[] | null, NativeStat | null]>): number;
  a_delete_(path: string, version: number, cb: Completion<[]>): number;
  a_get_acl(path: string, cb: Completion<[{ perms: number; scheme: string; auth: string }[] | null, NativeStat | null]>): number;
  a_set_acl(path: string, version: number, acl: { perm: number; scheme: string; auth: string }[], cb: Completion<[]>): number;
  add_auth(scheme: string, auth: string, cb: Completion<[]>): number;
  a_sync(path: string, cb: Completion<[string]>): number;
}

interface NativeConstructor {
  new (): NativeHandle;
  readonly [constant: string]: unknown;
}

let nativeConstructor: NativeConstructor | undefined;

/**
 * The addon's constructor. We reach it through the package's JS wrapper once and
 * then call the addon directly: the wrapper formats a `util.inspect()` string of
 * every call's arguments even with logging off, a cost on every operation.
 */
export function nativeZooKeeper(): NativeConstructor {
  if (!nativeConstructor) {
    const require = createRequire(import.meta.url);
    const Wrapper = require('zookeeper') as new (config: object) => { native: NativeHandle };
    nativeConstructor = new Wrapper({}).native.constructor as NativeConstructor;
  }
  return nativeConstructor;
}

/** A numeric constant of the addon (`ZOO_EPHEMERAL`, ...). */
export function nativeConstant(name: string): number {
  const value = nativeZooKeeper()[name];
  if (typeof value !== 'number') throw new Error(`zookeeper addon has no constant ${name}`);
  return value;
}
