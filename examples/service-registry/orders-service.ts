import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ServiceDiscovery, ServiceInstance } from '../../src/index.js';

/** What each orders instance tells the registry about itself. */
export interface OrdersPayload {
  zone: string;
  version: string;
}

/** One running orders instance: an HTTP server and its registration. */
export interface OrdersInstance {
  instance: ServiceInstance<OrdersPayload>;
  stop(): Promise<void>;
}

/**
 * Starts one orders instance on 127.0.0.1 and registers it as `orders/<id>`.
 * A `healthy: false` instance answers every request with 503, as a broken
 * deployment would.
 */
export async function startOrdersInstance(discovery: ServiceDiscovery<OrdersPayload>, id: string, healthy: boolean): Promise<OrdersInstance> {
  const server: Server = createServer((request, response) => {
    if (!healthy) {
      response.writeHead(503).end('unavailable');
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ order: request.url, servedBy: id }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const instance = await discovery.register({
    name: 'orders', id, address: '127.0.0.1', port,
    uriSpec: '{scheme}://{address}:{port}',
    payload: { zone: 'eu-west-1', version: '1.4.2' },
  });
  return {
    instance,
    async stop() {
      await discovery.unregister(instance);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
