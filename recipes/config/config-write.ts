import type { Stat, ZkClient } from '../../src/client/index.js';
import { BadVersionError, ZkError } from '../../src/errors/index.js';

/** What a config write expects to find: a version, any version (-1), or no node. */
export type ExpectedVersion = number | 'absent';

function hasCode(e: unknown, code: string): boolean {
  return e instanceof ZkError && e.code === code;
}

/**
 * Writes config bytes with compare-and-set and returns the node as written
 * (read back for creates, which return only a path):
 * - a version ≥ 0: `setData` at that version; a different version, or a node
 *   deleted meanwhile, is a lost race: `BadVersionError`;
 * - `'absent'`: `create` (with container-free persistent parents); an existing
 *   node is a lost race: `BadVersionError`;
 * - `-1`: `setData` at any version, or `create` if missing (a concurrent create
 *   is overwritten, as an unconditional write should).
 */
export async function writeConfig(client: ZkClient, path: string, raw: Buffer, expected: ExpectedVersion, signal: AbortSignal): Promise<{ data: Buffer; stat: Stat }> {
  if (expected === 'absent') {
    try {
      return await createAndRead(client, path, raw, signal);
    } catch (e) {
      if (hasCode(e, 'NODE_EXISTS')) throw new BadVersionError({ op: 'config.publish', path, cause: e });
      throw e;
    }
  }
  if (expected >= 0) {
    try {
      return { data: raw, stat: await client.setData(path, raw, { version: expected, signal }) };
    } catch (e) {
      if (hasCode(e, 'NO_NODE')) throw new BadVersionError({ op: 'config.publish', path, cause: e });
      throw e;
    }
  }
  for (;;) {
    try {
      return { data: raw, stat: await client.setData(path, raw, { signal }) };
    } catch (e) {
      if (!hasCode(e, 'NO_NODE')) throw e;
    }
    try {
      return await createAndRead(client, path, raw, signal);
    } catch (e) {
      if (!hasCode(e, 'NODE_EXISTS')) throw e;
    }
  }
}

/**
 * Creates the node and reads it back for its stat. The read may already show a
 * later write by someone else: that is still a true state of the node, which is
 * all a watcher needs.
 */
async function createAndRead(client: ZkClient, path: string, raw: Buffer, signal: AbortSignal): Promise<{ data: Buffer; stat: Stat }> {
  await client.create(path, raw, { createParents: true, signal });
  return client.getData(path, { signal });
}
