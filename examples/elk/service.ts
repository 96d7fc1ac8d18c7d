// A service that uses a lock, a leader election and live config, instrumented:
// spans and metrics go to OTEL_EXPORTER_OTLP_ENDPOINT, logs are ECS JSON on stdout.
import { ConfigWatcher, LeaderElection, Mutex, ZkClient, createEcsLogger } from '../../src/index.js';

export interface ServiceOptions {
  connect: string;
  name: string;
  root: string;
  durationMs: number;
}

export async function runService(options: ServiceOptions): Promise<void> {
  const logger = createEcsLogger({ serviceName: options.name, level: 'info' });
  const client = new ZkClient({ connect: options.connect, sessionTimeoutMs: 6000, logger });
  await client.connect();
  const config = new ConfigWatcher<{ batchSize: number }>(client, `${options.root}/config`, { defaultValue: { batchSize: 10 } });
  await config.start();
  config.on('change', (value) => logger.info('config changed', { event: { action: 'example.config_changed' }, config: value }));
  const election = new LeaderElection(client, `${options.root}/leader`, {
    participantId: options.name,
    autoRequeue: true,
    lead: async (signal, leadership) => {
      logger.info('leading', { event: { action: 'example.leading' }, zookeeper: { leader: { epoch: leadership.epoch.toString() } } });
      await new Promise<void>((resolve) => { signal.addEventListener('abort', () => resolve(), { once: true }); setTimeout(resolve, 1000); });
    },
  });
  election.start();
  const mutex = new Mutex(client, `${options.root}/lock`);
  const end = Date.now() + options.durationMs;
  let orders = 0;
  try {
    while (Date.now() < end) {
      await mutex.withLock(async (lease) => {
        orders += config.value.batchSize;
        logger.info('processed a batch', { event: { action: 'example.batch' }, zookeeper: { lock: { fencing_token: lease.fencingToken.toString() } } });
        await new Promise((r) => setTimeout(r, 50));
      }, { timeoutMs: 5000 });
    }
  } finally {
    await election.close();
    await config.close();
    await client.close();
  }
  logger.info(`done: ${orders} orders`, { event: { action: 'example.done' } });
}
