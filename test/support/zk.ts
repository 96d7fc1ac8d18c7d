import { randomUUID } from 'node:crypto';
import { ZkClient, type ZkClientOptions } from '../../src/index.js';
import { TestingServer } from '../../src/testing/index.js';

/** A standalone server for one suite, with TTL nodes enabled. */
export function startServer(): Promise<TestingServer> {
  return TestingServer.start({ extendedTypes: true, tickTimeMs: 200 });
}

/** A connected client; closed by the caller (or by `using`). */
export async function connectClient(connect: string, options: Partial<ZkClientOptions> = {}): Promise<ZkClient> {
  const client = new ZkClient({ connect, sessionTimeoutMs: 6000, connectTimeoutMs: 10_000, ...options });
  await client.connect();
  return client;
}

/** A fresh path under `/t` for one test, so tests never see each other's nodes. */
export function uniquePath(label = 'node'): string {
  return `/t/${label}-${randomUUID().slice(0, 8)}`;
}

/** Resolves when `predicate` holds, polling every `intervalMs`; rejects after `timeoutMs`. */
export async function eventually(predicate: () => boolean | Promise<boolean>, timeoutMs = 10_000, intervalMs = 25): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await predicate()) return;
    if (Date.now() > end) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Resolves with the first `state` event equal to `state` (checks the current state first). */
export function waitForState(client: ZkClient, state: string, timeoutMs = 20_000): Promise<{ newSession: boolean }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { client.off('state', onState); reject(new Error(`no ${state} within ${timeoutMs} ms (now ${client.state})`)); }, timeoutMs);
    const onState = (s: string, _p: string, change: { newSession: boolean }): void => {
      if (s === state) { clearTimeout(timer); client.off('state', onState); resolve(change); }
    };
    client.on('state', onState);
  });
}

/** Resolves on the next `connected` that starts a new session (after `lost`). */
export function waitForNewSession(client: ZkClient, timeoutMs = 30_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { client.off('state', onState); reject(new Error(`no new session within ${timeoutMs} ms (now ${client.state})`)); }, timeoutMs);
    const onState = (s: string, _p: string, change: { newSession: boolean }): void => {
      if (s === 'connected' && change.newSession) { clearTimeout(timer); client.off('state', onState); resolve(); }
    };
    client.on('state', onState);
  });
}
