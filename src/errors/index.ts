export { ZkError, type ZkErrorCode, type ZkErrorDetails } from './zk-error.js';
export * from './zk-errors.js';
export { abortError, isAbortError } from './abort-error.js';
export { describeValue } from './describe-value.js';
