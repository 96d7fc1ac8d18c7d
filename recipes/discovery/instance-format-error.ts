import { ZkError, type ZkErrorDetails } from '../../src/errors/index.js';

/**
 * A node under the discovery base path holds data that is not a service
 * instance (not JSON, not an object, a field of the wrong type, an unknown
 * `serviceType`), or its payload codec refused it. Queries for a single
 * instance throw it; list queries, caches and providers leave such an
 * instance out and log a warning, as Curator's ServiceCache does.
 *
 * Its `code` is `BAD_DATA`.
 */
export class InstanceFormatError extends ZkError {
  constructor(reason: string, details: ZkErrorDetails = {}) {
    super('BAD_DATA', `Not a service instance: ${reason}${details.path ? ` (${details.path})` : ''}`, details);
  }
}
