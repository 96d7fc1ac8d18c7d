import type { ConnectionState, StateChange, ZkClient } from '../../src/client/index.js';

/**
 * Tells the parts of one ServiceDiscovery (its registry, caches and providers)
 * that the client started a new session, through a single `'state'` listener
 * on the client however many caches there are. The listener is attached while
 * anyone is subscribed.
 */
export class NewSessionSignal {
  private readonly subscribers = new Set<(sessionId: string) => void>();
  private readonly onState = (state: ConnectionState, _previous: ConnectionState, change: StateChange): void => {
    if (state !== 'connected' || !change.newSession || change.sessionId === null) return;
    for (const subscriber of [...this.subscribers]) subscriber(change.sessionId);
  };

  constructor(private readonly client: ZkClient) {}

  /** Calls `subscriber` on every new session from now on; returns the unsubscribe function. */
  subscribe(subscriber: (sessionId: string) => void): () => void {
    if (this.subscribers.size === 0) this.client.on('state', this.onState);
    this.subscribers.add(subscriber);
    return () => {
      if (this.subscribers.delete(subscriber) && this.subscribers.size === 0) this.client.off('state', this.onState);
    };
  }
}
