import type { WatchOptions, ZkClient } from '../../src/index.js';
import { fourLetterWord, type TestingServer } from '../../src/testing/index.js';

/** Curator's double barrier member name: `UUID.randomUUID().toString()`. */
export const MEMBER_NAME = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The children of `path`, sorted, or `[]` if it does not exist. */
export async function childrenOf(client: ZkClient, path: string): Promise<string[]> {
  try {
    return (await client.getChildren(path)).children.sort();
  } catch {
    return [];
  }
}

/** Settles `promise` into `{ ok, value | error }`, and says whether it has settled yet. */
export function track<T>(promise: Promise<T>): { settled: () => boolean; result: Promise<{ ok: true; value: T } | { ok: false; error: unknown }> } {
  let done = false;
  const result = promise.then(
    (value) => { done = true; return { ok: true as const, value }; },
    (error: unknown) => { done = true; return { ok: false as const, error }; },
  );
  return { settled: () => done, result };
}

/** Resolves after `ms`. */
export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Counts the reads with a watch on `path` (exists or getData) that a client
 * completed, by wrapping the instance's methods (the client itself is
 * untouched): each is a watch armed on the server.
 */
export class ArmCounter {
  armed = 0;

  constructor(client: ZkClient, path: string) {
    const exists = client.exists.bind(client);
    const getData = client.getData.bind(client);
    client.exists = async (p: string, options: WatchOptions = {}) => {
      const stat = await exists(p, options);
      if (p === path && options.watch) this.armed++;
      return stat;
    };
    client.getData = async (p: string, options: WatchOptions = {}) => {
      const result = await getData(p, options);
      if (p === path && options.watch) this.armed++;
      return result;
    };
  }
}

/** Data watches (getData/exists) one session holds on the server (`wchc`), sorted. */
export async function dataWatchesOf(server: TestingServer, sessionId: string | null): Promise<string[]> {
  if (!sessionId) throw new Error('no session id');
  const text = await fourLetterWord('127.0.0.1', server.port, 'wchc');
  const paths: string[] = [];
  let mine = false;
  for (const line of text.split('\n')) {
    if (line.startsWith('0x')) mine = line.slice(2).trim().toLowerCase() === sessionId.toLowerCase();
    else if (mine && line.startsWith('\t')) paths.push(line.trim());
  }
  return paths.sort();
}

/** Resolves on the client's next `connected` that starts a new session. */
export function nextNewSession(client: ZkClient, timeoutMs = 30_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { client.off('state', onState); reject(new Error(`no new session within ${timeoutMs} ms`)); }, timeoutMs);
    const onState = (state: string, _previous: string, change: { newSession: boolean }): void => {
      if (state === 'connected' && change.newSession) { clearTimeout(timer); client.off('state', onState); resolve(); }
    };
    client.on('state', onState);
  });
}
