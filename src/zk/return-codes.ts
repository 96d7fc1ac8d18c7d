import {
  AuthFailedError, BadVersionError, ClosedError, ConnectionLossError, InvalidAclError,
  InvalidArgumentError, NoAuthError, NoChildrenForEphemeralsError, NodeExistsError, NoNodeError,
  NotEmptyError, OperationTimeoutError, SessionExpiredError, SessionMovedError, UnimplementedError,
  UnknownZkError, type ZkError, type ZkErrorDetails,
} from '../errors/index.js';

/** ZooKeeper's numeric return codes (zookeeper.h `ZOO_ERRORS`). */
export const ReturnCode = {
  OK: 0,
  SYSTEMERROR: -1,
  RUNTIMEINCONSISTENCY: -2,
  DATAINCONSISTENCY: -3,
  CONNECTIONLOSS: -4,
  MARSHALLINGERROR: -5,
  UNIMPLEMENTED: -6,
  OPERATIONTIMEOUT: -7,
  BADARGUMENTS: -8,
  INVALIDSTATE: -9,
  NEWCONFIGNOQUORUM: -13,
  RECONFIGINPROGRESS: -14,
  APIERROR: -100,
  NONODE: -101,
  NOAUTH: -102,
  BADVERSION: -103,
  NOCHILDRENFOREPHEMERALS: -108,
  NODEEXISTS: -110,
  NOTEMPTY: -111,
  SESSIONEXPIRED: -112,
  INVALIDCALLBACK: -113,
  INVALIDACL: -114,
  AUTHFAILED: -115,
  CLOSING: -116,
  NOTHING: -117,
  SESSIONMOVED: -118,
} as const;

const table = new Map<number, (d: ZkErrorDetails) => ZkError>([
  [ReturnCode.NONODE, (d) => new NoNodeError(d)],
  [ReturnCode.NODEEXISTS, (d) => new NodeExistsError(d)],
  [ReturnCode.BADVERSION, (d) => new BadVersionError(d)],
  [ReturnCode.NOTEMPTY, (d) => new NotEmptyError(d)],
  [ReturnCode.NOAUTH, (d) => new NoAuthError(d)],
  [ReturnCode.NOCHILDRENFOREPHEMERALS, (d) => new NoChildrenForEphemeralsError(d)],
  [ReturnCode.CONNECTIONLOSS, (d) => new ConnectionLossError(d)],
  // The C client drops the connection when a reply arrives out of order (seen when the
  // server closes a session while requests are in flight) and fails every pending
  // request with RUNTIMEINCONSISTENCY: as with a connection loss, the outcome is unknown.
  [ReturnCode.RUNTIMEINCONSISTENCY, (d) => new ConnectionLossError(d)],
  [ReturnCode.OPERATIONTIMEOUT, (d) => new OperationTimeoutError(d)],
  [ReturnCode.SESSIONEXPIRED, (d) => new SessionExpiredError(d)],
  // The C client answers INVALIDSTATE once its handle is expired or closed.
  [ReturnCode.INVALIDSTATE, (d) => new SessionExpiredError(d)],
  [ReturnCode.SESSIONMOVED, (d) => new SessionMovedError(d)],
  [ReturnCode.INVALIDACL, (d) => new InvalidAclError('rejected by the server', d)],
  [ReturnCode.AUTHFAILED, (d) => new AuthFailedError(d)],
  [ReturnCode.CLOSING, (d) => new ClosedError(d)],
  [ReturnCode.UNIMPLEMENTED, (d) => new UnimplementedError(d)],
  [ReturnCode.BADARGUMENTS, (d) => new InvalidArgumentError('Bad arguments', d)],
]);

/** Maps a ZooKeeper return code to its typed error. The one place this happens. */
export function errorFromReturnCode(rc: number, text: string, details: Omit<ZkErrorDetails, 'zkCode'>): ZkError {
  const make = table.get(rc);
  const d = { ...details, zkCode: rc };
  return make ? make(d) : new UnknownZkError(`ZooKeeper error ${rc} ${text}`, d);
}
