import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TestingServer } from '../../src/testing/index.js';

/** How durable the bench server is. */
export type Durability = 'nosync' | 'fsync';

/**
 * A standalone ZooKeeper for the bench, started through src/testing.
 *
 * `nosync` is TestingServer as it is (`forceSync=no`: the transaction log is
 * written but never fsynced, so client overhead shows). `fsync` is ZooKeeper's
 * default durability (`forceSync=yes`: every write waits for the disk).
 * TestingServer has no option for that, so the server is started, its zoo.cfg
 * rewritten with `forceSync=yes`, and restarted on the same port and data
 * (`restart()` reuses the file). A `-Dzookeeper.forceSync` JVM argument would
 * not do: the zoo.cfg line is applied as that system property after the JVM
 * starts, and wins.
 */
export class BenchServer {
  private constructor(readonly server: TestingServer, readonly durability: Durability) {}

  static async start(durability: Durability): Promise<BenchServer> {
    const server = await TestingServer.start({ tickTimeMs: 500, jvmArgs: ['-Xmx512m'] });
    try {
      if (durability === 'fsync') {
        const cfg = join(server.tempDir, 'zoo.cfg');
        const text = await readFile(cfg, 'utf8');
        if (!/^forceSync=no$/m.test(text)) throw new Error(`unexpected zoo.cfg in ${server.tempDir}: no forceSync=no line`);
        await writeFile(cfg, text.replace(/^forceSync=no$/m, 'forceSync=yes'));
        await server.restart();
      }
      return new BenchServer(server, durability);
    } catch (e) {
      await server.close();
      throw e;
    }
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
