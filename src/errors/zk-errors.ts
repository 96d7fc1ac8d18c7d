import { ZkError, type ZkErrorDetails } from './zk-error.js';

function describe(text: string, d: ZkErrorDetails): string {
  const where = [d.op, d.path].filter(Boolean).join(' ');
  return where ? `${text} (${where})` : text;
}

/** The node does not exist (ZooKeeper `NONODE`, -101). */
export class NoNodeError extends ZkError {
  constructor(d: ZkErrorDetails = {}) { super('NO_NODE', describe('Node does not exist', d), d); }
}
/** The node already exists (ZooKeeper `NODEEXISTS`, -110). */
export class NodeExistsError extends ZkError {
  constructor(d: ZkErrorDetails = {}) { super('NODE_EXISTS', describe('Node already exists', d), d); }
}
/** The expected version did not match (ZooKeeper `BADVERSION`, -103). */
export class BadVersionError extends ZkError {
  constructor(d: ZkErrorDetails = {}) { super('BAD_VERSION', describe('Version does not match', d), d); }
}
/** The node has children (ZooKeeper `NOTEMPTY`, -111). */
export class NotEmptyError extends ZkError {
  constructor(d: ZkErrorDetails = {}) { super('NOT_EMPTY', describe('Node has children', d), d); }
}
/** The ACL denies this operation to the session's identities (ZooKeeper `NOAUTH`, -102). */
export class NoAuthError extends ZkError {
  constructor(d: ZkErrorDetails = {}) { super('NO_AUTH', describe('Not authorized', d), d); }
}
/** Ephemeral nodes cannot have children (ZooKeeper `NOCHILDRENFOREPHEMERALS`, -108). */
export class NoChildrenForEphemeralsError extends ZkError {
  constructor(d: ZkErrorDetails = {}) {
    super('NO_CHILDREN_FOR_EPHEMERALS', describe('Ephemeral nodes cannot have children', d), d);
  }
}
/**
 * The connection to the server was lost before the reply arrived (ZooKeeper
 * `CONNECTIONLOSS`, -4). The operation may or may not have been applied.
 */
export class ConnectionLossError extends ZkError {
  constructor(d: ZkErrorDetails = {}) { super('CONNECTION_LOSS', describe('Connection lost', d), d, true); }
}
/** The server did not answer in time (ZooKeeper `OPERATIONTIMEOUT`, -7). */
export class OperationTimeoutError extends ZkError {
  constructor(d: ZkErrorDetails = {}) { super('OPERATION_TIMEOUT', describe('Operation timed out', d), d, true); }
}
/**
 * The session that the operation belonged to has ended (ZooKeeper `SESSIONEXPIRED`,
 * -112, or the client declared the session lost). Ephemeral nodes, watches and
 * anything held under that session are gone.
 */
export class SessionExpiredError extends ZkError {
  constructor(d: ZkErrorDetails = {}) { super('SESSION_EXPIRED', describe('Session expired', d), d); }
}
/** The session moved to another server (ZooKeeper `SESSIONMOVED`, -118). */
export class SessionMovedError extends ZkError {
  constructor(d: ZkErrorDetails = {}) { super('SESSION_MOVED', describe('Session moved', d), d); }
}
/** The path breaks ZooKeeper's path rules; nothing was sent. */
export class InvalidPathError extends ZkError {
  constructor(reason: string, d: ZkErrorDetails = {}) { super('INVALID_PATH', describe(`Invalid path: ${reason}`, d), d); }
}
/** An argument is out of range or of the wrong kind; nothing was sent. */
export class InvalidArgumentError extends ZkError {
  constructor(reason: string, d: ZkErrorDetails = {}) { super('INVALID_ARGUMENT', describe(reason, d), d); }
}
/** The data is larger than the configured limit (1 MB by default); nothing was sent. */
export class DataTooLargeError extends ZkError {
  constructor(size: number, limit: number, d: ZkErrorDetails = {}) {
    super('DATA_TOO_LARGE', describe(`Data of ${size} bytes exceeds the limit of ${limit} bytes`, d), d);
  }
}
/** The ACL is malformed or cannot be applied (ZooKeeper `INVALIDACL`, -114). */
export class InvalidAclError extends ZkError {
  constructor(reason: string, d: ZkErrorDetails = {}) { super('INVALID_ACL', describe(`Invalid ACL: ${reason}`, d), d); }
}
/** Authentication with the server failed (ZooKeeper `AUTHFAILED`, -115). */
export class AuthFailedError extends ZkError {
  constructor(d: ZkErrorDetails = {}) { super('AUTH_FAILED', describe('Authentication failed', d), d); }
}
/** The client (or the recipe) was closed. */
export class ClosedError extends ZkError {
  constructor(d: ZkErrorDetails = {}) { super('CLOSED', describe('Client is closed', d), d); }
}
/** The client could not connect within the allowed time. */
export class NotConnectedError extends ZkError {
  constructor(message: string, d: ZkErrorDetails = {}) { super('NOT_CONNECTED', describe(message, d), d, true); }
}
/** The call did not finish within its `timeoutMs`. */
export class TimeoutError extends ZkError {
  constructor(timeoutMs: number, d: ZkErrorDetails = {}) {
    super('TIMEOUT', describe(`Timed out after ${timeoutMs} ms`, d), d);
  }
}
/** The server or the binding does not implement this operation. */
export class UnimplementedError extends ZkError {
  constructor(d: ZkErrorDetails = {}) { super('UNIMPLEMENTED', describe('Not implemented', d), d); }
}
/** A long-lived object (cache, provider, watcher) was used before its `start()`. */
export class NotStartedError extends ZkError {
  constructor(message: string, d: ZkErrorDetails = {}) { super('NOT_STARTED', describe(message, d), d); }
}

/** A ZooKeeper return code without a dedicated class. */
export class UnknownZkError extends ZkError {
  constructor(text: string, d: ZkErrorDetails = {}) { super('UNKNOWN', describe(text, d), d); }
}
