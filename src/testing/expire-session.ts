import type { ZkClient } from '../client/zk-client.js';
import { InvalidArgumentError, NotConnectedError } from '../errors/index.js';
import { NativeZkDriver } from '../zk/native-driver.js';

/** Options of {@link expireSession}. */
export interface ExpireSessionOptions {
  /** How long to keep trying before giving up. @default 30000 */
  timeoutMs?: number;
}

/** Joins the session with a second handle and closes it, which ends the session on the server. */
function closeSessionFromAnotherHandle(connect: string, sessionTimeoutMs: number, session: { id: string; password: string }, timeoutMs: number): Promise<void> {
  return new Promise<void>((resolve) => {
    let driver: NativeZkDriver | undefined = undefined;
    const timer = setTimeout(() => { driver?.close(); resolve(); }, timeoutMs);
    driver = new NativeZkDriver({
      connect,
      sessionTimeoutMs,
      session,
      onSessionEvent: (event) => {
        if (event.type === 'connected') {
          clearTimeout(timer);
          driver?.close();
          resolve();
        } else if (event.type === 'expired' || event.type === 'authFailed') {
          clearTimeout(timer);
          driver?.close();
          resolve();
        }
      },
    });
  });
}

/**
 * Expires a client's session for real, as Curator's test kit does: a second
 * handle joins the same session (id and password) and closes it, which ends the
 * session on the server. The client may win the session back by reconnecting
 * in between, so this repeats until the client reports `lost`. Resolves once
 * it has (the client then opens a new session by itself).
 *
 * @example
 * ```ts
 * await expireSession(client);   // client.state: 'lost', then 'connected' with a new session
 * ```
 */
export async function expireSession(client: ZkClient, options: ExpireSessionOptions = {}): Promise<void> {
  const credentials = client.sessionCredentials;
  if (!credentials) throw new NotConnectedError('expireSession needs a connected client');
  const timeoutMs = options.timeoutMs ?? 30_000;
  if (!Number.isFinite(timeoutMs) || timeoutMs < 0) throw new InvalidArgumentError('timeoutMs must be >= 0');
  let lost = false;
  const onState = (state: string): void => { if (state === 'lost' || state === 'closed') lost = true; };
  client.on('state', onState);
  try {
    const end = Date.now() + timeoutMs;
    while (!lost) {
      if (Date.now() > end) throw new Error(`session ${credentials.id} not reported lost within ${timeoutMs} ms`);
      await closeSessionFromAnotherHandle(client.connectString, client.sessionTimeoutMs, credentials, Math.max(1, end - Date.now()));
      const waitUntil = Math.min(end, Date.now() + 3000);
      while (!lost && Date.now() < waitUntil) await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    client.off('state', onState);
  }
}
