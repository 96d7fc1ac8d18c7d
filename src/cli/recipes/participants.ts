import { joinPath, type Stat, type ZkClient } from '../../client/index.js';
import { dataText } from '../format/node-data.js';
import { isEphemeral, sessionHex } from '../format/stat-format.js';
import { orIfMissing } from '../missing-node.js';
import { compareRecipeNodes, parseRecipeNodeName, type RecipeNodeName } from './recipe-node-name.js';

/** One node of a recipe (lock contender, latch candidate, lease) with what a person needs to know about it. */
export interface Participant extends RecipeNodeName {
  path: string;
  /** The node's data as UTF-8 (Curator: participant id, or the client's IP text by default). */
  participant: string;
  /** Owner session (`0x...`), `0x0` for a persistent node. */
  sessionId: string;
  ephemeral: boolean;
  /** Creation time (epoch ms). */
  ctime: number;
  /** Creation zxid: the fencing token of a lock holder, increasing with every new holder. */
  czxid: bigint;
  stat: Stat;
}

/**
 * The children of `path` with data and stat, in Curator's order. A child that
 * disappears between the listing and its read (a released lock) is left out.
 *
 * @throws NoNodeError when `path` does not exist.
 */
export async function readParticipants(
  client: ZkClient,
  path: string,
  call: { timeoutMs?: number; signal?: AbortSignal },
): Promise<Participant[]> {
  const { children } = await client.getChildren(path, call);
  const read = await Promise.all(children.map(async (name): Promise<Participant | undefined> => {
    const childPath = joinPath(path, name);
    const found = await orIfMissing(client.getData(childPath, call), undefined);
    if (!found) return undefined;
    const { data, stat } = found;
    return {
      ...parseRecipeNodeName(name),
      path: childPath,
      participant: dataText(data),
      sessionId: sessionHex(stat.ephemeralOwner),
      ephemeral: isEphemeral(stat),
      ctime: stat.ctime,
      czxid: stat.czxid,
      stat,
    };
  }));
  return read.filter((p): p is Participant => p !== undefined).sort(compareRecipeNodes);
}
