import { createRequire } from 'node:module';

/** Watch callback of the `zookeeper` package: `(type, state, path)`. */
export type RawWatcher = (type: number, state: number, path: string) => void;

/** The promise API of the `zookeeper` npm package (7.x) that the floor uses, typed. */
export interface RawZk {
  init(config: object): RawZk;
  once(event: 'connect', listener: () => void): RawZk;
  close(): void;
  create(path: string, data: string | Buffer, flags: number): Promise<string>;
  get(path: string, watch: boolean): Promise<[unknown, Buffer]>;
  w_get(path: string, watch: RawWatcher): Promise<[unknown, Buffer]>;
  w_exists(path: string, watch: RawWatcher): Promise<unknown>;
  get_children(path: string, watch: boolean): Promise<string[]>;
  w_get_children(path: string, watch: RawWatcher): Promise<string[]>;
  set(path: string, data: string | Buffer, version: number): Promise<unknown>;
  delete_(path: string, version: number): Promise<void>;
}

interface RawZkModule {
  new (config: object): RawZk;
  constants: Record<string, number>;
}

const ZooKeeper = createRequire(import.meta.url)('zookeeper') as RawZkModule;

/** Constants of the package. */
export const ZK = {
  PERSISTENT: ZooKeeper.constants.ZOO_PERSISTENT,
  EPHEMERAL: ZooKeeper.constants.ZOO_EPHEMERAL,
  EPHEMERAL_SEQUENTIAL: ZooKeeper.constants.ZOO_EPHEMERAL_SEQUENTIAL,
  DELETED_EVENT: ZooKeeper.constants.ZOO_DELETED_EVENT,
  CHANGED_EVENT: ZooKeeper.constants.ZOO_CHANGED_EVENT,
  CHILD_EVENT: ZooKeeper.constants.ZOO_CHILD_EVENT,
  CREATED_EVENT: ZooKeeper.constants.ZOO_CREATED_EVENT,
} as const;

/** A connected handle of the raw package (10 s session, C client logging off). */
export async function connectRaw(connect: string): Promise<RawZk> {
  const zk = new ZooKeeper({ connect, timeout: 10_000, debug_level: 0, host_order_deterministic: false });
  await new Promise<void>((resolve) => { zk.once('connect', () => resolve()); zk.init({}); });
  return zk;
}

/** `count` connected handles. */
export async function connectRawMany(connect: string, count: number): Promise<RawZk[]> {
  const out: RawZk[] = [];
  for (let i = 0; i < count; i += 20) out.push(...(await Promise.all(Array.from({ length: Math.min(20, count - i) }, () => connectRaw(connect)))));
  return out;
}

/** The package rejects with `Error("<code> <text>")`: true for the given code. */
export function hasCode(e: unknown, code: number): boolean {
  return e instanceof Error && e.message.startsWith(`${code} `);
}

/** Creates `path` and its parents as persistent nodes (existing ones are fine). */
export async function mkdirs(zk: RawZk, path: string): Promise<void> {
  let at = '';
  for (const part of path.split('/').slice(1)) {
    at += `/${part}`;
    try {
      await zk.create(at, '', ZK.PERSISTENT);
    } catch (e) {
      if (!hasCode(e, -110)) throw e; // ZNODEEXISTS
    }
  }
}
