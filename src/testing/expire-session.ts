import type { ZkClient } from '../client/zk-client.js';
import { InvalidArgumentError, NotConnectedError } from '../errors/index.js';
import { NativeZkDriver } from '../zk/native-driver.js';

/** Options of {@link expireSession}. */
export interface ExpireSessionOptions {
  /** How long to wait for the client to report `lost`. @default 30000 */
  timeoutMs?: number;
}

/**
 * Expires a client's session for real, as Curator's test kit does: a second
 * handle joins the same session (id and password) and closes it, which ends the
 * session on the server. Resolves once the client has seen the loss (`lost`).
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
  const connect = client.connectString;
  const lost = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => { client.off('state', onState); reject(new Error(`session ${credentials.id} not reported lost within ${timeoutMs} ms`)); }, timeoutMs);
    const onState = (state: string): void => {
      if (state === 'lost' || state === 'closed') { clearTimeout(timer); client.off('state', onState); resolve(); }
    };
    client.on('state', onState);
  });
  await new Promise<void>((resolve, reject) => {
    let driver: NativeZkDriver | undefined = undefined;
    const timer = setTimeout(() => { driver?.close(); reject(new Error('could not join the session to expire it')); }, timeoutMs);
    driver = new NativeZkDriver({
      connect,
      sessionTimeoutMs: client.sessionTimeoutMs,
      session: credentials,
      onSessionEvent: (event) => {
        if (event.type === 'connected') {
          clearTimeout(timer);
          driver!.close();
          resolve();
        } else if (event.type === 'expired') {
          clearTimeout(timer);
          resolve();
        }
      },
    });
  });
  await lost;
}
