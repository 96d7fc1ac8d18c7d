// The quick-start demo: a tour of what zk-recipes does, against a real ZooKeeper.
// It starts an embedded server (zk-recipes/testing) unless ZK_CONNECT names one.
//
//   npm run demo                          # embedded ZooKeeper
//   ZK_CONNECT=127.0.0.1:2181 npm run demo
import { ConfigWatcher, Mutex, ServiceDiscovery, ZkClient } from '../../src/index.js';
import { TestingServer, expireSession } from '../../src/testing/index.js';

const say = (text: string): void => console.log(`  ${text}`);
const step = (title: string): void => console.log(`\n== ${title}`);

async function main(): Promise<void> {
  let server: TestingServer | undefined;
  let connect = process.env.ZK_CONNECT;
  if (!connect) {
    step('Starting an embedded ZooKeeper 3.8 (zk-recipes/testing)');
    server = await TestingServer.start();
    connect = server.connectString;
    say(`listening on ${connect} (pid ${server.pid})`);
  }
  const root = `/zk-recipes-demo-${process.pid}`;
  const client = new ZkClient({ connect, sessionTimeoutMs: 6000 });
  client.on('state', (state, previous, change) => {
    say(`[state] ${previous} -> ${state}${state === 'connected' && change.newSession ? ` (new session ${change.sessionId})` : ''}`);
  });
  const other = new ZkClient({ connect, sessionTimeoutMs: 6000 });
  try {
    step('Connecting');
    await client.connect();
    await other.connect();
    say(`session ${client.sessionId}, negotiated timeout ${client.sessionTimeoutMs} ms`);

    step('Typed operations');
    await client.create(`${root}/greeting`, 'hello', { createParents: true });
    const { data, stat } = await client.getData(`${root}/greeting`);
    say(`getData -> "${data.toString()}" (version ${stat.version}, czxid ${stat.czxid})`);
    const seq = await client.create(`${root}/jobs/job-`, 'payload', { mode: 'persistent-sequential', createParents: 'container' });
    say(`sequential create -> ${seq}`);
    try {
      await client.setData(`${root}/greeting`, 'stale write', { version: 42 });
    } catch (e) {
      say(`versioned write with the wrong version -> ${(e as Error).name} (code ${(e as { code: string }).code})`);
    }
    try {
      await client.create('no/leading/slash', 'x');
    } catch (e) {
      say(`bad path -> ${(e as { code: string }).code}, refused before sending`);
    }

    step('A lock with a fencing token (Curator InterProcessMutex layout)');
    const mutexA = new Mutex(client, `${root}/locks/orders`);
    const mutexB = new Mutex(other, `${root}/locks/orders`);
    const first = await mutexA.acquire({ timeoutMs: 5000 });
    say(`client A holds the lock, fencing token ${first.fencingToken}`);
    const waiting = mutexB.acquire({ timeoutMs: 5000 });
    say('client B is waiting (it watches only its predecessor)');
    await first.release();
    const second = await waiting;
    say(`client B got it after A released, fencing token ${second.fencingToken} (larger)`);
    await second.release();

    step('Live config (ConfigWatcher)');
    const config = new ConfigWatcher<{ featureX: boolean }>(other, `${root}/config/flags`, { defaultValue: { featureX: false } });
    await config.start();
    const changed = new Promise<void>((resolve) => config.once('change', (value) => { say(`watcher on client B reloaded: ${JSON.stringify(value)}`); resolve(); }));
    await client.create(`${root}/config/flags`, JSON.stringify({ featureX: true }), { createParents: true });
    await changed;
    await config.close();

    step('Service discovery (curator-x-discovery JSON)');
    const discovery = new ServiceDiscovery(client, { basePath: `${root}/services` });
    await discovery.start();
    await discovery.register({ name: 'orders', id: 'orders-1', address: '127.0.0.1', port: 8080 });
    await discovery.register({ name: 'orders', id: 'orders-2', address: '127.0.0.1', port: 8081 });
    const lookup = new ServiceDiscovery(other, { basePath: `${root}/services` });
    const provider = lookup.provider('orders', { strategy: 'round-robin' });
    await provider.start();
    const picks = [provider.getInstance(), provider.getInstance(), provider.getInstance()].map((i) => i?.id);
    say(`round-robin picks from client B: ${picks.join(', ')}`);
    await provider.close();

    step('Session expiry: the client builds a new session, the registry heals itself');
    const healed = new Promise<void>((resolve) => {
      client.on('state', (state, _p, change) => { if (state === 'connected' && change.newSession) resolve(); });
    });
    await expireSession(client);
    await healed;
    await new Promise((r) => setTimeout(r, 500));
    const instances = await lookup.queryForInstances('orders');
    say(`instances after the new session: ${instances.map((i) => i.id).join(', ')}`);
    await discovery.close();

    await client.delete(root, { recursive: true });
    step('Done: every handle closed, the process exits by itself');
  } finally {
    await other.close();
    await client.close();
    await server?.close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
