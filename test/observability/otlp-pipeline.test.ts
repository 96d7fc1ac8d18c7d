import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import winston from 'winston';
import { Mutex, ZkClient, ecsFormat } from '../../src/index.js';
import { zkSuite } from '../support/zk-suite.js';
import { uniquePath } from '../support/zk.js';

interface OtlpSpan { traceId: string; spanId: string; parentSpanId?: string; name: string; startTimeUnixNano: string; endTimeUnixNano: string }

/** A minimal OTLP/HTTP receiver: collects the spans of every JSON export. */
async function startReceiver(): Promise<{ url: string; spans: OtlpSpan[]; close: () => Promise<void> }> {
  const spans: OtlpSpan[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString()) as { resourceSpans: { scopeSpans: { spans: OtlpSpan[] }[] }[] };
      for (const rs of body.resourceSpans) for (const ss of rs.scopeSpans) spans.push(...ss.spans);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/v1/traces`, spans, close: () => new Promise((r) => server.close(() => r())) };
}

const nanos = (s: string): bigint => BigInt(s);

describe('traces through a real OTLP exporter, logs in ECS', () => {
  const suite = zkSuite();
  const contextManager = new AsyncLocalStorageContextManager().enable();
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let provider: BasicTracerProvider;
  const lines: Record<string, unknown>[] = [];
  const logger = winston.createLogger({
    level: 'debug',
    format: ecsFormat({ serviceName: 'otlp-test' }),
    transports: [new winston.transports.Stream({
      stream: new Writable({ write(chunk: Buffer, _e, cb) { lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>); cb(); } }),
    })],
  });

  before(async () => {
    context.setGlobalContextManager(contextManager);
    receiver = await startReceiver();
    provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url: receiver.url }))] });
  });
  after(async () => {
    await provider?.shutdown();
    await receiver?.close();
    context.disable();
  });

  test('a contended lock: the waiter\'s zk.mutex.acquire span covers the hand-off and parents its ZooKeeper operations', async () => {
    const connect = suite.server.connectString;
    const a = new ZkClient({ connect, tracerProvider: provider, logger });
    const b = new ZkClient({ connect, tracerProvider: provider, logger });
    await a.connect();
    await b.connect();
    try {
      const path = uniquePath('otlp-lock');
      const held = await new Mutex(a, path).acquire({ timeoutMs: 10_000 });
      const waiting = new Mutex(b, path).acquire({ timeoutMs: 10_000 });
      await new Promise((r) => setTimeout(r, 300));
      await held.release();
      const lease = await waiting;
      await lease.release();
    } finally {
      await a.close();
      await b.close();
    }
    await provider.forceFlush();

    const acquires = receiver.spans.filter((s) => s.name === 'zk.mutex.acquire');
    assert.equal(acquires.length, 2, receiver.spans.map((s) => s.name).join());
    const waiter = acquires.reduce((x, y) => (nanos(x.endTimeUnixNano) - nanos(x.startTimeUnixNano) > nanos(y.endTimeUnixNano) - nanos(y.startTimeUnixNano) ? x : y));
    const release = receiver.spans.find((s) => s.name === 'zk.mutex.release' && nanos(s.startTimeUnixNano) >= nanos(waiter.startTimeUnixNano))!;
    assert.ok(release, 'the holder\'s release span');
    assert.ok(nanos(waiter.startTimeUnixNano) < nanos(release.startTimeUnixNano), 'the wait began before the release');
    assert.ok(nanos(waiter.endTimeUnixNano) >= nanos(release.startTimeUnixNano), 'the wait ended after the release began');
    const children = receiver.spans.filter((s) => s.parentSpanId === waiter.spanId);
    assert.ok(children.some((s) => s.name === 'zookeeper create'), children.map((s) => s.name).join());
    assert.ok(children.every((s) => s.traceId === waiter.traceId));

    const traced = lines.filter((l) => l.trace !== undefined);
    assert.ok(traced.length > 0, 'some log lines were written inside spans');
    const traceIds = new Set(receiver.spans.map((s) => s.traceId));
    const spanIds = new Set(receiver.spans.map((s) => s.spanId));
    for (const l of traced) {
      assert.ok(traceIds.has((l.trace as { id: string }).id), `log trace.id ${JSON.stringify(l.trace)} not among exported spans`);
      assert.ok(spanIds.has((l.span as { id: string }).id));
    }
    for (const l of lines) {
      for (const field of ['@timestamp', 'log.level', 'message', 'ecs.version']) assert.ok(field in l, `${field} missing`);
    }
  });
});
