/**
 * Stable error codes. They are part of the public API: match on `error.code`,
 * never on the message.
 */
export type ZkErrorCode =
  | 'NO_NODE'
  | 'NODE_EXISTS'
  | 'BAD_VERSION'
  | 'NOT_EMPTY'
  | 'NO_AUTH'
  | 'NO_CHILDREN_FOR_EPHEMERALS'
  | 'CONNECTION_LOSS'
  | 'SESSION_EXPIRED'
  | 'SESSION_MOVED'
  | 'OPERATION_TIMEOUT'
  | 'INVALID_PATH'
  | 'INVALID_ARGUMENT'
  | 'DATA_TOO_LARGE'
  | 'INVALID_ACL'
  | 'AUTH_FAILED'
  | 'CLOSED'
  | 'NOT_CONNECTED'
  | 'UNIMPLEMENTED'
  | 'TIMEOUT'
  | 'LOCK_TIMEOUT'
  | 'LOCK_LOST'
  | 'LOCK_UPGRADE'
  | 'NOT_LEADER'
  | 'BARRIER_TIMEOUT'
  | 'NOT_STARTED'
  | 'INVALID_CONFIG'
  | 'BAD_DATA'
  | 'UNKNOWN';

/** Where an error came from: the ZooKeeper operation and path, when there is one. */
export interface ZkErrorDetails {
  /** ZooKeeper operation name (`create`, `getData`, ...) or recipe step. */
  op?: string;
  /** The znode path the operation addressed. */
  path?: string;
  /** The numeric ZooKeeper return code, when the server or C client produced one. */
  zkCode?: number;
  /** The underlying error. */
  cause?: unknown;
}

/**
 * Base class of every error the SDK throws (apart from the standard `AbortError`).
 *
 * @example
 * ```ts
 * try { await client.create('/a', data); }
 * catch (e) { if (e instanceof ZkError && e.code === 'NODE_EXISTS') { ... } }
 * ```
 */
export class ZkError extends Error {
  /** Stable machine-readable code. */
  readonly code: ZkErrorCode;
  /** ZooKeeper operation or recipe step that failed. */
  readonly op: string | undefined;
  /** Path the failing operation addressed. */
  readonly path: string | undefined;
  /** Numeric ZooKeeper return code, if any. */
  readonly zkCode: number | undefined;
  /**
   * True when the same operation may succeed if tried again on the same session
   * (connection loss, operation timeout). The client already retried it.
   */
  readonly retryable: boolean;

  constructor(code: ZkErrorCode, message: string, details: ZkErrorDetails = {}, retryable = false) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    this.code = code;
    this.op = details.op;
    this.path = details.path;
    this.zkCode = details.zkCode;
    this.retryable = retryable;
  }
}
