import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TestingServer } from '../../src/testing/index.js';

/** How durable the bench server is. */
export type Durability = 'nosync' | 'fsync';

/**
 * A standalone ZooKeeper for the bench, started through src/testing.
 *
 * `nosync` is TestingServer's default (`forceSync=no`: the transaction log is
 * written but never fsynced, so client overhead shows). `fsync` is ZooKeeper's
 * default durability (`forceSync=yes`: every write waits for the disk).
 */
export class BenchServer {
  private constructor(readonly server: TestingServer, readonly durability: Durability) {}

  static async start(durability: Durability): Promise<BenchServer> {
    const server = await TestingServer.start({ tickTimeMs: 500, jvmArgs: ['-Xmx512m'], forceSync: durability === 'fsync' });
    return new BenchServer(server, durability);
  }

  get connectString(): string {
    return this.server.connectString;
  }

  /** The zoo.cfg the server runs with (for the results file). */
  async config(): Promise<string> {
    return readFile(join(this.server.tempDir, 'zoo.cfg'), 'utf8');
  }

  async close(): Promise<void> {
    await this.server.close();
  }
}
