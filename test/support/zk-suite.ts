import { after, before } from 'node:test';
import type { ZkClient, ZkClientOptions } from '../../src/index.js';
import type { TestingServer } from '../../src/testing/index.js';
import { connectClient, startServer } from './zk.js';

/** One server per suite, and every client the suite opens, closed in `after`. */
export interface ZkSuite {
  readonly server: TestingServer;
  /** A connected client (to the suite's server unless `connect` says otherwise). */
  open(connect?: string, options?: Partial<ZkClientOptions>): Promise<ZkClient>;
}

/** Registers `before`/`after` hooks in the calling `describe` and returns the suite's handles. */
export function zkSuite(): ZkSuite {
  let server: TestingServer | undefined;
  const clients: ZkClient[] = [];
  before(async () => { server = await startServer(); });
  after(async () => {
    for (const c of clients) await c.close();
    await server?.close();
  });
  return {
    get server(): TestingServer {
      if (!server) throw new Error('the suite server is not started');
      return server;
    },
    async open(connect, options = {}) {
      const client = await connectClient(connect ?? this.server.connectString, options);
      clients.push(client);
      return client;
    },
  };
}
