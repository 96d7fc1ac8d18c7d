import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { freePorts } from './free-port.js';
import { renderZooCfg, writeLoggingConfig } from './server-config.js';
import { ZooKeeperStartError } from './start-error.js';
import { makeTempDir, removeTempDir } from './temp-dir.js';
import { locateZooKeeper } from './zookeeper-install.js';
import { ZooKeeperProcess } from './zookeeper-process.js';

/** Options for {@link TestingServer.start}. */
export interface TestingServerOptions {
  /** Client port on 127.0.0.1; default: a free port chosen by the kernel. */
  readonly port?: number;
  /** ZooKeeper tickTime; default 500 ms (sessions expire in steps of one tick). */
  readonly tickTimeMs?: number;
  /**
   * Data directory (snapshots and transaction logs). Default: `data/` inside
   * the server's temp dir. A directory you pass is yours: close() leaves it.
   */
  readonly dataDir?: string;
  /** Enable TTL and container nodes (`zookeeper.extendedTypesEnabled`); default false. */
  readonly extendedTypes?: boolean;
  /**
   * fsync the transaction log before acknowledging a write (ZooKeeper's own
   * default, `forceSync=yes`); default false: a test server's data need only
   * survive a process crash, and writes are several times faster without it.
   */
  readonly forceSync?: boolean;
  /** Extra JVM arguments, after ours (so `-Xmx512m` here wins). */
  readonly jvmArgs?: readonly string[];
  /** How long start() and restart() wait for the server to serve; default 30,000 ms. */
  readonly startTimeoutMs?: number;
}

const DEFAULT_TICK_MS = 500;
const DEFAULT_START_TIMEOUT_MS = 30_000;
/** Attempts when we chose the port and another process took it first. */
const PORT_ATTEMPTS = 3;

/**
 * A real standalone ZooKeeper server (a Java child process) on 127.0.0.1, in
 * its own temp dir (`zk-recipes-server-*` under the OS temp dir), for tests
 * and demos. The server's log goes to {@link logFile}, never to the console.
 *
 * ```ts
 * await using server = await TestingServer.start();
 * const client = new ZkClient({ connect: server.connectString });
 * ```
 *
 * The JVM does not keep Node alive by itself and is killed if Node exits
 * first, but call close() (or use `await using`) to stop it cleanly and
 * remove its files.
 */
export class TestingServer implements AsyncDisposable {
  /** Client port on 127.0.0.1; the same across restarts. */
  readonly port: number;
  /** Data directory; the same across restarts. */
  readonly dataDir: string;
  /** Temp directory holding zoo.cfg, the log and (by default) the data. */
  readonly tempDir: string;
  /** Server log (log4j/logback output and JVM stdout/stderr). */
  readonly logFile: string;
  readonly #process: ZooKeeperProcess;
  readonly #startTimeoutMs: number;
  #closed = false;

  private constructor(server: ZooKeeperProcess, dataDir: string, tempDir: string, startTimeoutMs: number) {
    this.#process = server;
    this.port = server.spec.clientPort;
    this.dataDir = dataDir;
    this.tempDir = tempDir;
    this.logFile = server.spec.logFile;
    this.#startTimeoutMs = startTimeoutMs;
  }

  /**
   * Starts a server and resolves once it answers `ruok` with `imok` and
   * `srvr` shows it serving.
   *
   * @throws ZooKeeperNotInstalledError when no ZooKeeper or Java is found.
   * @throws ZooKeeperStartError when it does not serve in time (message has the log tail).
   */
  static async start(options: TestingServerOptions = {}): Promise<TestingServer> {
    const install = locateZooKeeper();
    const tickTimeMs = options.tickTimeMs ?? DEFAULT_TICK_MS;
    const startTimeoutMs = options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS;
    const tempDir = await makeTempDir('server');
    try {
      const dataDir = options.dataDir ? resolve(options.dataDir) : join(tempDir, 'data');
      await mkdir(dataDir, { recursive: true });
      await writeLoggingConfig(tempDir);
      const cfgFile = join(tempDir, 'zoo.cfg');
      const attempts = options.port === undefined ? PORT_ATTEMPTS : 1;
      for (let attempt = 1; ; attempt += 1) {
        const port = options.port ?? (await freePorts(1))[0];
        await writeFile(cfgFile, renderZooCfg({ tickTimeMs, dataDir, clientPort: port, forceSync: options.forceSync ?? false }));
        const server = new ZooKeeperProcess({
          install,
          confDir: tempDir,
          cfgFile,
          logFile: join(tempDir, 'zookeeper.log'),
          clientPort: port,
          extendedTypes: options.extendedTypes ?? false,
          jvmArgs: options.jvmArgs ?? [],
        });
        server.spawn();
        try {
          await server.waitUntilUp({ timeoutMs: startTimeoutMs, serving: true });
          return new TestingServer(server, dataDir, tempDir, startTimeoutMs);
        } catch (error) {
          await server.kill();
          // The free port was only free when we looked: another process may
          // have bound it since. Then try another one.
          const portTaken = error instanceof ZooKeeperStartError && /Address already in use/.test(error.logTail);
          if (!portTaken || attempt >= attempts) throw error;
        }
      }
    } catch (error) {
      await removeTempDir(tempDir);
      throw error;
    }
  }

  /** `127.0.0.1:<port>`, for a client's connect string. */
  get connectString(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** Pid of the server JVM, undefined while it is stopped. */
  get pid(): number | undefined {
    return this.#process.pid;
  }

  /** True while the server process runs (it may still be starting). */
  get running(): boolean {
    return this.#process.running;
  }

  /** Graceful stop: SIGTERM, then wait until the JVM has exited. Data stays. */
  async stop(): Promise<void> {
    await this.#process.stop();
  }

  /** Crash: SIGKILL, then wait until the JVM has exited. Data stays. */
  async kill(): Promise<void> {
    await this.#process.kill();
  }

  /**
   * Starts the server again on the same port with the same data (stopping it
   * first if it runs) and resolves once it serves.
   */
  async restart(): Promise<void> {
    if (this.#closed) throw new Error('TestingServer is closed');
    await this.#process.stop();
    this.#process.spawn();
    try {
      await this.#process.waitUntilUp({ timeoutMs: this.#startTimeoutMs, serving: true });
    } catch (error) {
      await this.#process.kill();
      throw error;
    }
  }

  /** Stops the server and removes its temp dir (not a dataDir you passed). Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#process.stop();
    await removeTempDir(this.tempDir);
  }

  /** Same as {@link close}, for `await using`. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
