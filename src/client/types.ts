import type { RawStat, WatchEventType as DriverWatchEventType, CreateMode } from '../zk/driver.js';
import type { Acl } from './acl.js';
import type { CallOptions } from './deadline.js';

/** Node metadata. zxids are 64-bit and so `bigint`; times are epoch milliseconds. */
export type Stat = RawStat;

export type { CreateMode };

/** Connection states, with Curator's meanings (see docs/client.md). */
export type ConnectionState = 'connecting' | 'connected' | 'suspended' | 'lost' | 'closed';

/** A state transition, as delivered by the `'state'` event and `stateChanges()`. */
export interface StateChange {
  state: ConnectionState;
  previous: ConnectionState;
  /** Session id (hex) once connected, else `null`. */
  sessionId: string | null;
  /**
   * On `connected`: true when this is a new session (the first connection, or a
   * new session after `lost`). Everything ephemeral from an earlier session is
   * gone and recipes must rebuild. False after a plain reconnect (Curator's
   * RECONNECTED with the same session).
   */
  newSession: boolean;
}

/** Kinds of one-shot watch notification. `sessionLost`: the session ended before the watch fired. */
export type WatchEventType = DriverWatchEventType | 'sessionLost';

/** A one-shot watch notification. */
export interface WatchEvent {
  type: WatchEventType;
  path: string;
}

/** Called once when a one-shot watch fires, or with `sessionLost` if its session ends first. */
export type WatchListener = (event: WatchEvent) => void;

/** Options of `create`. */
export interface CreateOptions extends CallOptions {
  /** @default 'persistent' */
  mode?: CreateMode;
  /** Required for `persistent-ttl` and `persistent-sequential-ttl`: ms the node lives without children or changes. */
  ttlMs?: number;
  /**
   * ACL for the node. The binding cannot send an ACL with the create, so the client
   * creates the node and sets the ACL right after (see docs/client.md); if that
   * fails, the node is deleted again. Default: the client's `defaultAcl`, else open.
   */
  acl?: readonly Acl[];
  /** Create missing parents: `true` or `'persistent'` as persistent nodes, `'container'` as containers. */
  createParents?: boolean | 'persistent' | 'container';
  /**
   * Curator's protected mode: prefix the node name with `_c_<uuid>-`, and after a
   * connection loss find the node by that prefix instead of creating a second one.
   */
  protected?: boolean;
}

/** Options of reads that can leave a watch. */
export interface WatchOptions extends CallOptions {
  /** A one-shot watch, fired by the next change (see `WatchListener`). */
  watch?: WatchListener;
}

/** Options of versioned writes. */
export interface VersionOptions extends CallOptions {
  /** Expected version; -1 (default) matches any. */
  version?: number;
}

/** Options of `delete`. */
export interface DeleteOptions extends VersionOptions {
  /** Delete children first (depth first). With a version, only the top node is versioned. */
  recursive?: boolean;
}

/** `getData` result. */
export interface NodeData {
  data: Buffer;
  stat: Stat;
}

/** `getChildren` result. */
export interface NodeChildren {
  children: string[];
  stat: Stat;
}

/** Data accepted by writes. Strings are UTF-8 encoded. */
export type NodeDataInput = Buffer | Uint8Array | string | null | undefined;
