/**
 * Service registry example: an orders service registers two instances, a
 * gateway discovers them round-robin, notes the errors of the one that fails,
 * and drops it. Run: npx tsx examples/service-registry/main.ts
 * (starts its own ZooKeeper unless ZK_CONNECT is set, e.g. ZK_CONNECT=127.0.0.1:2181).
 */
import { ServiceDiscovery, ZkClient } from '../../src/index.js';
import { TestingServer } from '../../src/testing/index.js';
import { Gateway } from './gateway.js';
import { startOrdersInstance, type OrdersPayload } from './orders-service.js';

const server = process.env.ZK_CONNECT ? undefined : await TestingServer.start();
const connect = process.env.ZK_CONNECT ?? server!.connectString;
console.log(`ZooKeeper at ${connect}${server ? ' (a TestingServer started for this example)' : ''}`);

// The orders service and the gateway would be separate processes; here they
// share one process but each has its own client and session.
const ordersClient = new ZkClient({ connect, sessionTimeoutMs: 10_000 });
const gatewayClient = new ZkClient({ connect, sessionTimeoutMs: 10_000 });
await ordersClient.connect();
await gatewayClient.connect();
const basePath = '/examples/services';
const orders = new ServiceDiscovery<OrdersPayload>(ordersClient, { basePath });
const lookup = new ServiceDiscovery<OrdersPayload>(gatewayClient, { basePath });
await orders.start();

const healthy = await startOrdersInstance(orders, 'orders-a', true);
const broken = await startOrdersInstance(orders, 'orders-b', false);
console.log(`orders: registered ${healthy.instance.id} and ${broken.instance.id} (ephemeral nodes under ${basePath}/orders)`);

const gateway = await Gateway.start(lookup);
for (let n = 1; n <= 8; n++) console.log(await gateway.forward(`/orders/${n}`));

console.log('orders: shutting down the broken instance');
await broken.stop();
await gateway.waitUntilGone(broken.instance.id);

await gateway.close();
await healthy.stop();
await lookup.close();
await orders.close();
await gatewayClient.close();
await ordersClient.close();
await server?.close();
