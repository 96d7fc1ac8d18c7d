import type { ConnectionState, ZkClient } from '../../src/client/index.js';

/**
 * The pause before retrying a cleanup: `ms`, cut short when the client, not
 * connected now, connects (so a delete that failed while disconnected is
 * retried as soon as it can succeed). Resolves `false` if the client closes.
 * Leaves no timer or listener. (recipes/internal's `sleepUnlessClosed` does not
 * end early on a reconnect.)
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
