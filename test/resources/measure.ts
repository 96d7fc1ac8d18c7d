import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { fourLetterWord, type TestingServer } from '../../src/testing/index.js';

/** What the server says (`mntr`): every watch (data and children), znodes, ephemerals. */
export interface ServerCounts {
  watches: number;
  znodes: number;
  ephemerals: number;
}

export async function serverCounts(server: TestingServer): Promise<ServerCounts> {
  const text = await fourLetterWord('127.0.0.1', server.port, 'mntr');
  const value = (key: string): number => {
    const line = text.split('\n').find((l) => l.startsWith(`${key}\t`));
    if (!line) throw new Error(`no ${key} in mntr:\n${text}`);
    return Number(line.split('\t')[1]);
  };
  return { watches: value('zk_watch_count'), znodes: value('zk_znode_count'), ephemerals: value('zk_ephemerals_count') };
}

/** Data watches (getData/exists) of one session, from `wchc` (3.8 lists only data watches there). */
export async function sessionDataWatches(server: TestingServer, sessionId: string | null): Promise<string[]> {
  assert.ok(sessionId, 'no session id');
  const text = await fourLetterWord('127.0.0.1', server.port, 'wchc');
  const paths: string[] = [];
  let mine = false;
  for (const line of text.split('\n')) {
    if (line.startsWith('0x')) mine = line.slice(2).trim().toLowerCase() === sessionId.toLowerCase();
    else if (mine && line.startsWith('\t')) paths.push(line.trim());
  }
  return paths.sort();
}

/**
 * Active handles and requests of this process by kind (`process.getActiveResourcesInfo()`).
 * Immediates are left out: one runs on the next turn of the event loop and holds
 * nothing (the native driver queues one after a callback from the addon).
 */
export function activeResources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) if (kind !== 'Immediate') counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}

let collect: (() => void) | undefined;

/** Heap in use after a full garbage collection (gc exposed at run time, no flag needed on the command line). */
export function heapAfterGc(): number {
  if (!collect) {
    setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as () => void;
  }
  collect();
  collect();
  return process.memoryUsage().heapUsed;
}

/** Polls `measure` until it equals `expected` (deep), or fails with the last value after `timeoutMs`. */
export async function settlesTo<T>(what: string, expected: T, measure: () => T | Promise<T>, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  let last = await measure();
  while (!isDeepEqual(last, expected) && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 50));
    last = await measure();
  }
  assert.deepEqual(last, expected, `${what} did not return to its starting value`);
}

function isDeepEqual(a: unknown, b: unknown): boolean {
  try {
    assert.deepEqual(a, b);
    return true;
  } catch {
    return false;
  }
}
