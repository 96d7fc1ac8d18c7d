import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { ZkClient, type WatchOptions } from '../../src/index.js';
import type { TestingServer } from '../../src/testing/index.js';
import { connectClient, startServer } from '../support/zk.js';

/** Curator's double barrier member name: `UUID.randomUUID().toString()`. */
export const MEMBER_NAME = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The children of `path`, sorted, or `[]` if it does not exist. */
export async function childrenOf(client: ZkClient, path: string): Promise<string[]> {
  try {
    return (await client.getChildren(path)).children.sort();
  } catch {
    return [];
  }
}

/** Settles `promise` into `{ ok, value | error }`, and says whether it has settled yet. */
export function track<T>(promise: Promise<T>): { settled: () => boolean; result: Promise<{ ok: true; value: T } | { ok: false; error: unknown }> } {
  let done = false;
  const result = promise.then(
    (value) => { done = true; return { ok: true as const, value }; },
    (error: unknown) => { done = true; return { ok: false as const, error }; },
  );
  return { settled: () => done, result };
}

/** Resolves after `ms`. */
export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Counts the reads with a watch (exists, getData or getChildren) that a client
 * completed on paths matching `path`, by wrapping the instance's methods (the
 * client itself is untouched): each is a watch armed on the server.
 */
export class ArmCounter {
  armed = 0;

  constructor(client: ZkClient, path: string | ((p: string) => boolean)) {
    const matches = typeof path === 'string' ? (p: string) => p === path : path;
    const exists = client.exists.bind(client);
    const getData = client.getData.bind(client);
    const getChildren = client.getChildren.bind(client);
    client.exists = async (p: string, options: WatchOptions = {}) => {
      const stat = await exists(p, options);
      if (matches(p) && options.watch) this.armed++;
      return stat;
    };
    client.getData = async (p: string, options: WatchOptions = {}) => {
      const result = await getData(p, options);
      if (matches(p) && options.watch) this.armed++;
      return result;
    };
    client.getChildren = async (p: string, options: WatchOptions = {}) => {
      const result = await getChildren(p, options);
      if (matches(p) && options.watch) this.armed++;
      return result;
    };
  }
}

/** Shared watch and session helpers, re-exported for the barrier suites. */
export { dataWatchesOf } from '../support/server-watches.js';
export { waitForNewSession as nextNewSession } from '../support/zk.js';

/** One suite's server and clients: start in `before`, close in `after`. */
export class SuiteServer {
  private started: TestingServer | undefined;
  private readonly clients: ZkClient[] = [];

  get server(): TestingServer {
    if (!this.started) throw new Error('SuiteServer not started');
    return this.started;
  }

  async start(): Promise<void> {
    this.started = await startServer();
  }

  /** A connected client, closed with the suite. */
  async connect(): Promise<ZkClient> {
    const client = await connectClient(this.server.connectString);
    this.clients.push(client);
    return client;
  }

  /** A connected client whose spans go to the returned in-memory exporter. */
  async traced(): Promise<{ client: ZkClient; exporter: InMemorySpanExporter }> {
    const exporter = new InMemorySpanExporter();
    const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    const client = new ZkClient({ connect: this.server.connectString, sessionTimeoutMs: 6000, tracerProvider });
    this.clients.push(client);
    await client.connect();
    return { client, exporter };
  }

  async close(): Promise<void> {
    await Promise.all(this.clients.map((c) => c.close()));
    await this.started?.close();
  }
}
