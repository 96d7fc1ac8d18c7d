import type { ZkClient } from '../../src/client/index.js';

/**
 * Waits `ms`, cut short when the client closes. Resolves `true` after the full
 * wait, `false` if the client is (or becomes) closed. Leaves no timer or listener.
 */
export function sleepUnlessClosed(client: ZkClient, ms: number): Promise<boolean> {
  if (client.state === 'closed') return Promise.resolve(false);
  return new Promise<boolean>((resolve) => {
    const onState = (state: string): void => {
      if (state !== 'closed') return;
      clearTimeout(timer);
      client.off('state', onState);
      resolve(false);
    };
    const timer = setTimeout(() => { client.off('state', onState); resolve(true); }, ms);
    client.on('state', onState);
  });
}
