import { ZkError } from '../errors/index.js';

/** True for ZooKeeper's "no node": the views treat a vanished node as an empty one. */
export function isMissingNode(error: unknown): boolean {
  return error instanceof ZkError && error.code === 'NO_NODE';
}

/**
 * The operation's result, or `fallback` when its node does not exist (a lock
 * path nobody uses, a contender released between listing and reading, an
 * empty container the server removed). Other errors pass through.
 */
export async function orIfMissing<T, F>(operation: Promise<T>, fallback: F): Promise<T | F> {
  try {
    return await operation;
  } catch (error) {
    if (isMissingNode(error)) return fallback;
    throw error;
  }
}
