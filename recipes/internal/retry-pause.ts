import type { ConnectionState, ZkClient } from '../../src/client/index.js';

/**
 * The pause before retrying a cleanup (a guaranteed delete): `ms`, cut short
 * when the client, not connected now, connects (so a delete that failed while
 * disconnected is retried as soon as it can succeed). Resolves `true` to go on,
 * `false` if the client is (or becomes) closed. Leaves no timer or listener.
 */
export function retryPause(client: ZkClient, ms: number): Promise<boolean> {
  if (client.state === 'closed') return Promise.resolve(false);
  const disconnected = client.state !== 'connected';
  return new Promise<boolean>((resolve) => {
    const done = (retry: boolean): void => {
      clearTimeout(timer);
      client.off('state', onState);
      resolve(retry);
    };
    const onState = (state: ConnectionState): void => {
      if (state === 'closed') done(false);
      else if (state === 'connected' && disconnected) done(true);
    };
    const timer = setTimeout(() => done(true), ms);
    client.on('state', onState);
  });
}
