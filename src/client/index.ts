export { ZkClient, type ZkClientEvents } from './zk-client.js';
export type { ZkClientOptions, RetryOptions } from './options.js';
export type {
  ConnectionState, CreateMode, CreateOptions, DeleteOptions, NodeChildren, NodeData, NodeDataInput,
  StateChange, Stat, VersionOptions, WatchEvent, WatchEventType, WatchListener, WatchOptions,
} from './types.js';
export { Deadline, sleep, assertValidTimeout, type CallOptions } from './deadline.js';
export { onAbort } from './abort-fanout.js';
export {
  Perms, OPEN_ACL_UNSAFE, READ_ACL_UNSAFE, CREATOR_ALL_ACL, digestAcl, digestId, ipAcl, assertValidAcl,
  type Acl, type AclScheme, type AuthInfo,
} from './acl.js';
export { assertValidPath, joinPath, parentPath, nodeName, isReservedPath } from './znode-path.js';
export { parseConnectString, type ConnectString } from './connect-string.js';
export { isProtectedName, unprotectedName, newProtectedPrefix, PROTECTED_PREFIX, PROTECTED_PREFIX_LENGTH } from './protected-mode.js';
export { WatchStream, type WatchSnapshot } from './watch-stream.js';
export type { DriverFactory } from './session-manager.js';
