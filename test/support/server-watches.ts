import { fourLetterWord, type TestingServer } from '../../src/testing/index.js';

/**
 * Data watches (getData/exists) per session, from `wchc`: session id (hex, as
 * `client.sessionId`) → watched paths. ZooKeeper 3.8 lists only data watches here;
 * children watches are counted by {@link totalWatchCount}.
 */
export async function dataWatchesBySession(server: TestingServer): Promise<Map<string, string[]>> {
  const text = await fourLetterWord('127.0.0.1', server.port, 'wchc');
  const out = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const line of text.split('\n')) {
    if (line.startsWith('0x')) {
      current = [];
      out.set(line.slice(2).trim().toLowerCase(), current);
    } else if (line.startsWith('\t') && current) {
      current.push(line.trim());
    }
  }
  return out;
}

/** Data watches one session holds on the server (sorted paths). */
export async function dataWatchesOf(server: TestingServer, sessionId: string | null): Promise<string[]> {
  if (!sessionId) throw new Error('no session id');
  return [...((await dataWatchesBySession(server)).get(sessionId.toLowerCase()) ?? [])].sort();
}

/** All watches on the server, data and children (`mntr` zk_watch_count). */
export async function totalWatchCount(server: TestingServer): Promise<number> {
  const text = await fourLetterWord('127.0.0.1', server.port, 'mntr');
  const line = text.split('\n').find((l) => l.startsWith('zk_watch_count'));
  if (!line) throw new Error(`no zk_watch_count in mntr:\n${text}`);
  return Number(line.split('\t')[1]);
}
