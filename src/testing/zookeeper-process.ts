import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { fourLetterWord } from './four-letter-word.js';
import { trackProcess, untrackProcess } from './process-registry.js';
import { ZooKeeperStartError } from './start-error.js';
import { sleep } from './wait.js';
import type { ZooKeeperInstall } from './zookeeper-install.js';

/** How to launch one ZooKeeper server JVM. */
export interface ProcessSpec {
  readonly install: ZooKeeperInstall;
  /** Directory holding our logging config; first on the class path. */
  readonly confDir: string;
  /** Absolute path of this server's zoo.cfg. */
  readonly cfgFile: string;
  /** stdout and stderr of the JVM (and so the server log) are appended here. */
  readonly logFile: string;
  readonly clientPort: number;
  readonly extendedTypes: boolean;
  readonly jvmArgs: readonly string[];
}

/**
 * JVM flags chosen to start fast and small on a 2-core test machine: a small
 * serial-GC heap and the C1 compiler only. -XX:-UsePerfData avoids the
 * hsperfdata files Java would leave in /tmp.
 */
export const BASE_JVM_ARGS: readonly string[] = [
  '-Xms32m',
  '-Xmx256m',
  '-XX:+UseSerialGC',
  '-XX:TieredStopAtLevel=1',
  '-XX:-UsePerfData',
  '-XX:+ExitOnOutOfMemoryError',
  '-Djava.net.preferIPv4Stack=true',
  '-Dzookeeper.admin.enableServer=false',
];

/** How long a graceful stop may take before the process is killed. */
const STOP_GRACE_MS = 10_000;
const POLL_INTERVAL_MS = 100;

/** The last `lines` lines of a file, or a note if it cannot be read. */
export async function tailOfFile(path: string, lines = 40): Promise<string> {
  try {
    const handle = await open(path, 'r');
    try {
      const { size } = await handle.stat();
      const length = Math.min(size, 16_384);
      const buffer = Buffer.alloc(length);
      await handle.read(buffer, 0, length, size - length);
      return buffer.toString('utf8').split('\n').slice(-lines).join('\n');
    } finally {
      await handle.close();
    }
  } catch (error) {
    return `(log not readable: ${(error as Error).message})`;
  }
}

/**
 * One ZooKeeper server JVM that can be started, stopped, killed and started
 * again with the same configuration. Shared by TestingServer and each
 * TestingCluster member, so process handling lives in one place.
 */
export class ZooKeeperProcess {
  readonly spec: ProcessSpec;
  #child: ChildProcess | undefined;
  #exited: Promise<void> = Promise.resolve();

  constructor(spec: ProcessSpec) {
    this.spec = spec;
  }

  /** Pid of the running JVM, undefined when none runs. */
  get pid(): number | undefined {
    return this.#child?.pid;
  }

  /** True from spawn until the JVM has exited. */
  get running(): boolean {
    return this.#child !== undefined;
  }

  /** Spawns the JVM; does not wait for it to serve (see {@link waitUntilUp}). */
  spawn(): void {
    if (this.#child) throw new Error('ZooKeeper process already running');
    const { install, confDir, cfgFile, logFile, extendedTypes, jvmArgs } = this.spec;
    const args = [
      ...BASE_JVM_ARGS,
      ...(extendedTypes ? ['-Dzookeeper.extendedTypesEnabled=true'] : []),
      // User flags last: for the JVM the last occurrence wins (e.g. -Xmx).
      ...jvmArgs,
      '-cp',
      [confDir, ...install.classPath].join(':'),
      'org.apache.zookeeper.server.quorum.QuorumPeerMain',
      cfgFile,
    ];
    // The log goes to a file through an fd the child inherits: no pipe for
    // Node to drain, nothing in the test output, and the log survives us.
    const fd = openSync(logFile, 'a');
    let child: ChildProcess;
    try {
      child = spawn(install.java, args, { stdio: ['ignore', fd, fd], cwd: confDir });
    } finally {
      closeSync(fd);
    }
    const pid = child.pid;
    if (pid === undefined) {
      // spawn failed (e.g. java vanished since it was found). The 'error'
      // event that follows needs a listener or it would crash the process.
      child.once('error', () => undefined);
      throw new Error(`could not spawn ${install.java}`);
    }
    trackProcess(pid);
    this.#child = child;
    this.#exited = new Promise<void>((resolve) => {
      const done = (): void => {
        untrackProcess(pid);
        if (this.#child === child) this.#child = undefined;
        resolve();
      };
      child.once('exit', done);
      child.once('error', done);
    });
    // A running server alone must not keep Node alive: a test that forgets
    // close() then still ends, and the exit hook kills the JVM.
    child.unref();
  }

  /**
   * Polls until the server answers `ruok` with `imok` and, when `serving`,
   * `srvr` reports a mode (a server without quorum answers `ruok` but says it
   * is "not currently serving requests").
   */
  async waitUntilUp(options: { timeoutMs: number; serving: boolean }): Promise<void> {
    const deadline = Date.now() + options.timeoutMs;
    const port = this.spec.clientPort;
    for (;;) {
      if (!this.#child) {
        throw await this.#startError('ZooKeeper server exited during start');
      }
      try {
        const ok = await fourLetterWord('127.0.0.1', port, 'ruok', { timeoutMs: 1_000 });
        if (ok === 'imok') {
          if (!options.serving) return;
          const srvr = await fourLetterWord('127.0.0.1', port, 'srvr', { timeoutMs: 1_000 });
          if (/^Mode: /m.test(srvr)) return;
        }
      } catch {
        // Not listening yet: keep polling.
      }
      if (Date.now() >= deadline) {
        throw await this.#startError(
          `ZooKeeper server on 127.0.0.1:${port} was not serving after ${options.timeoutMs} ms`,
        );
      }
      await sleep(POLL_INTERVAL_MS);
    }
  }

  async #startError(reason: string): Promise<ZooKeeperStartError> {
    return new ZooKeeperStartError(reason, this.spec.logFile, await tailOfFile(this.spec.logFile));
  }

  /** SIGTERM, then wait for exit; SIGKILL if it takes longer than the grace period. */
  async stop(graceMs = STOP_GRACE_MS): Promise<void> {
    const child = this.#child;
    if (!child) return;
    // Waiting on an unref'd child would let Node exit mid-await: hold the
    // event loop open until the exit has been seen.
    child.ref();
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    try {
      await this.#exited;
    } finally {
      clearTimeout(timer);
    }
  }

  /** SIGKILL (a crash: no shutdown hooks, no clean socket close) and wait for exit. */
  async kill(): Promise<void> {
    const child = this.#child;
    if (!child) return;
    child.ref();
    child.kill('SIGKILL');
    await this.#exited;
  }
}
