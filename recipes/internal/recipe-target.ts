import { assertValidPath, ZkClient } from '../../src/client/index.js';
import { InvalidArgumentError, InvalidPathError } from '../../src/errors/index.js';

/**
 * Throws unless `client` is a ZkClient and `path` a valid path other than the
 * root: every recipe keeps its nodes under a path of its own.
 * @param op the constructor, for the error (`Mutex`, `LeaderLatch`, ...).
 * @param what the path's role in the message (`a lock`, `an election`, `a barrier`).
 */
export function assertRecipeTarget(client: unknown, path: unknown, op: string, what: string): asserts path is string {
  if (!(client instanceof ZkClient)) throw new InvalidArgumentError('client must be a ZkClient', { op });
  assertValidPath(path, op);
  if (path === '/') throw new InvalidPathError(`${what} path cannot be the root`, { op, path });
}
