import { once } from 'node:events';
import { buildUri, type ServiceDiscovery, type ServiceProvider } from '../../src/index.js';
import type { OrdersPayload } from './orders-service.js';

/**
 * A gateway that forwards requests to whichever orders instance the provider
 * picks (round-robin, from its in-memory cache), and tells the provider when
 * an instance fails: after 2 failures within 30 s it is left out.
 */
export class Gateway {
  private constructor(private readonly provider: ServiceProvider<OrdersPayload>) {}

  static async start(discovery: ServiceDiscovery<OrdersPayload>): Promise<Gateway> {
    const provider = discovery.provider('orders', {
      strategy: 'round-robin',
      downInstancePolicy: { errorThreshold: 2, timeoutMs: 30_000 },
    });
    provider.cache.on('added', (i) => console.log(`gateway: discovered orders/${i.id} at ${buildUri(i)}`));
    provider.cache.on('removed', (i) => console.log(`gateway: orders/${i.id} is gone from the registry`));
    await provider.start({ timeoutMs: 10_000 });
    return new Gateway(provider);
  }

  /** Forwards one request; returns a line describing what happened. */
  async forward(path: string): Promise<string> {
    const instance = this.provider.getInstance();
    if (!instance) return `${path} -> no orders instance available`;
    const url = `${buildUri(instance)}${path}`;
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return `${path} -> orders/${instance.id}: ${await response.text()}`;
    } catch (e) {
      this.provider.noteError(instance);
      const left = this.provider.getAllInstances().map((i) => i.id).join(', ');
      return `${path} -> orders/${instance.id} failed (${(e as Error).message}); noted, usable now: [${left}]`;
    }
  }

  /** Resolves once the registry no longer lists `orders/<id>`. */
  async waitUntilGone(id: string): Promise<void> {
    while (this.provider.cache.get(id)) await once(this.provider.cache, 'removed');
  }

  async close(): Promise<void> {
    await this.provider.close();
  }
}
