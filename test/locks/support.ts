import type { WatchEvent, WatchOptions, ZkClient } from '../../src/index.js';

/**
 * Records every one-shot getData watch notification a client delivers, by
 * wrapping the instance's getData (the client itself is untouched).
 */
export class WatchCounter {
  readonly events: WatchEvent[] = [];

  constructor(client: ZkClient) {
    const original = client.getData.bind(client);
    client.getData = (path: string, options: WatchOptions = {}) => {
      const watch = options.watch;
      if (!watch) return original(path, options);
      return original(path, { ...options, watch: (event) => { this.events.push(event); watch(event); } });
    };
  }

  /** Notifications about nodes other than `own` (a predecessor's, not our own node's). */
  othersThan(own: string): WatchEvent[] {
    return this.events.filter((e) => e.path !== own);
  }
}

/** The children of `path`, or `[]` if it does not exist. */
export async function childrenOf(client: ZkClient, path: string): Promise<string[]> {
  try {
    return (await client.getChildren(path)).children;
  } catch {
    return [];
  }
}

/** Resolves after `ms`. */
export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Settles `promise` into `{ ok, value | error }` so that a test can look at a rejection later. */
export function settle<T>(promise: Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  return promise.then((value) => ({ ok: true as const, value }), (error: unknown) => ({ ok: false as const, error }));
}

/** Curator's protected lock node name. */
export const LOCK_NODE = /^_c_[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}-lock-\d{10}$/;
