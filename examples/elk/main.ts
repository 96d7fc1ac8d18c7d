// Runs two instrumented service instances against ZooKeeper (an embedded one unless
// ZK_CONNECT is set) for a few seconds. With OTEL_EXPORTER_OTLP_ENDPOINT set (the
// docker compose stack in this folder, an Elastic APM server or any OpenTelemetry
// Collector), traces and metrics are exported over OTLP/HTTP; logs are ECS JSON on
// stdout, ready for Filebeat or Elastic Agent.
//
//   npx tsx examples/elk/main.ts [--seconds 5]
import { parseArgs } from 'node:util';
import { ZkClient } from '../../src/index.js';
import { TestingServer } from '../../src/testing/index.js';
import { runService } from './service.js';
import { startTelemetry } from './telemetry.js';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '5' } } });
const durationMs = Number(values.seconds) * 1000;
const endpoint = process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
const telemetry = endpoint ? startTelemetry('zk-recipes-elk-example', endpoint) : undefined;
if (!endpoint) console.error('OTEL_EXPORTER_OTLP_ENDPOINT is not set: logs only (ECS JSON on stdout), no traces or metrics exported');

const server = process.env.ZK_CONNECT ? undefined : await TestingServer.start();
const connect = process.env.ZK_CONNECT ?? server!.connectString;
const root = `/examples/elk-${process.pid}`;
try {
  await Promise.all([
    runService({ connect, name: 'orders-a', root, durationMs }),
    runService({ connect, name: 'orders-b', root, durationMs }),
  ]);
  const cleanup = new ZkClient({ connect });
  await cleanup.connect();
  await cleanup.delete(root, { recursive: true }).catch(() => undefined);
  await cleanup.close();
} finally {
  await telemetry?.shutdown();
  await server?.close();
}
