import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { context, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { MeterProvider, MetricReader, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import winston from 'winston';
import { ZkClient, ecsFormat } from '../../src/index.js';
import { expireSession, type TestingServer } from '../../src/testing/index.js';
import { startServer, uniquePath, waitForNewSession } from '../support/zk.js';

class TestReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

function metric(rm: ResourceMetrics, name: string): { value: unknown; attributes: Record<string, unknown> }[] {
  return rm.scopeMetrics.flatMap((s) => s.metrics).filter((m) => m.descriptor.name === name).flatMap((m) => m.dataPoints as { value: unknown; attributes: Record<string, unknown> }[]);
}

describe('observability: spans, metrics and ECS logs', () => {
  let server: TestingServer;
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const reader = new TestReader();
  const meterProvider = new MeterProvider({ readers: [reader] });
  const lines: Record<string, unknown>[] = [];
  const logger = winston.createLogger({
    level: 'debug',
    format: ecsFormat({ serviceName: 'obs-test' }),
    transports: [new winston.transports.Stream({
      stream: new Writable({ write(chunk: Buffer, _enc, cb) { lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>); cb(); } }),
    })],
  });
  let client: ZkClient;
  const contextManager = new AsyncLocalStorageContextManager().enable();

  before(async () => {
    context.setGlobalContextManager(contextManager);
    server = await startServer();
    client = new ZkClient({ connect: server.connectString, sessionTimeoutMs: 6000, logger, tracerProvider, meterProvider });
    await client.connect();
    await client.create('/t', null);
  });
  after(async () => {
    await client?.close();
    await server?.close();
    context.disable();
  });

  test('one CLIENT span per operation with the semantic attributes', async () => {
    exporter.reset();
    const p = uniquePath('span');
    await client.create(p, 'x');
    assert.equal(await client.exists(`${p}/missing`), null);
    await assert.rejects(client.getData(`${p}/missing`));
    const spans = exporter.getFinishedSpans();
    const create = spans.find((s) => s.name === 'zookeeper create')!;
    assert.ok(create, spans.map((s) => s.name).join());
    assert.equal(create.kind, SpanKind.CLIENT);
    assert.equal(create.attributes['db.system.name'], 'zookeeper');
    assert.equal(create.attributes['db.operation.name'], 'create');
    assert.equal(create.attributes['zookeeper.path'], p);
    assert.equal(create.attributes['zookeeper.session_id'], client.sessionId);
    assert.equal(create.attributes['server.address'], '127.0.0.1');
    assert.equal(create.status.code, SpanStatusCode.UNSET);
    const exists = spans.find((s) => s.name === 'zookeeper exists')!;
    assert.equal(exists.status.code, SpanStatusCode.UNSET, 'a missing node is an answer, not an error');
    const failed = spans.find((s) => s.name === 'zookeeper getData')!;
    assert.equal(failed.status.code, SpanStatusCode.ERROR);
    assert.equal(failed.attributes['error.type'], 'NO_NODE');
  });

  test('operation spans are children of the caller span, and log lines carry its ids', async () => {
    exporter.reset();
    lines.length = 0;
    const tracer = tracerProvider.getTracer('test');
    await tracer.startActiveSpan('parent', async (parent) => {
      await assert.rejects(client.getData(uniquePath('nolog')));
      parent.end();
    });
    const spans = exporter.getFinishedSpans();
    const parent = spans.find((s) => s.name === 'parent')!;
    const child = spans.find((s) => s.name === 'zookeeper getData')!;
    assert.equal(child.parentSpanContext?.spanId, parent.spanContext().spanId);
    const line = lines.find((l) => (l.event as { action?: string } | undefined)?.action === 'zookeeper.getData');
    assert.ok(line, JSON.stringify(lines));
    assert.equal((line.trace as { id: string }).id, child.spanContext().traceId);
    assert.equal((line.span as { id: string }).id, child.spanContext().spanId);
    assert.equal(line['log.level'], 'debug');
    assert.equal(line.component, 'zk-recipes');
  });

  test('state changes are logged as ECS lines and counted; metrics record durations', async () => {
    lines.length = 0;
    const back = waitForNewSession(client);
    await expireSession(client);
    await back;
    const states = lines.filter((l) => (l.event as { action?: string }).action === 'zookeeper.state_change');
    assert.ok(states.length >= 2, JSON.stringify(lines));
    for (const l of lines) {
      for (const field of ['@timestamp', 'log.level', 'message', 'ecs.version']) assert.ok(field in l, `${field} missing in ${JSON.stringify(l)}`);
      assert.deepEqual(l.service, { name: 'obs-test' });
    }
    const lost = states.find((l) => (l.zookeeper as { state: string }).state === 'lost')!;
    assert.equal(lost['log.level'], 'warn');
    assert.equal(typeof (lost.zookeeper as { session_id: unknown }).session_id, 'string');

    const { resourceMetrics } = await reader.collect();
    const durations = metric(resourceMetrics, 'db.client.operation.duration');
    assert.ok(durations.some((d) => d.attributes['db.operation.name'] === 'create'));
    const transitions = metric(resourceMetrics, 'zookeeper.client.state_transitions');
    assert.ok(transitions.some((d) => d.attributes['zookeeper.state'] === 'lost'));
    const expirations = metric(resourceMetrics, 'zookeeper.client.session_expirations');
    assert.ok(expirations.length === 1 && (expirations[0].value as number) >= 1);
  });
});
