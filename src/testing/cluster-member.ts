import { fourLetterWord } from './four-letter-word.js';
import type { ZooKeeperProcess } from './zookeeper-process.js';

/** What `srvr` says a cluster member is doing; 'down' when it is not serving. */
export type MemberRole = 'leader' | 'follower' | 'observer' | 'down';

/**
 * One server of a {@link TestingCluster}. Its ports and data stay the same
 * across stop/kill/restart, as a real server's would across a reboot.
 */
export class ClusterMember {
  /** Server id (`myid`), from 1. */
  readonly id: number;
  /** Client port on 127.0.0.1. */
  readonly clientPort: number;
  /** Quorum (follower-to-leader) port. */
  readonly peerPort: number;
  /** Leader election port. */
  readonly electionPort: number;
  /** True for an observer: it serves clients but does not vote. */
  readonly observer: boolean;
  /** This member's data directory (holds `myid`). */
  readonly dataDir: string;
  /** This member's server log. */
  readonly logFile: string;
  readonly #process: ZooKeeperProcess;
  readonly #startTimeoutMs: number;

  /** @internal Made by TestingCluster. */
  constructor(
    spec: { id: number; peerPort: number; electionPort: number; observer: boolean; dataDir: string },
    server: ZooKeeperProcess,
    startTimeoutMs: number,
  ) {
    this.id = spec.id;
    this.peerPort = spec.peerPort;
    this.electionPort = spec.electionPort;
    this.observer = spec.observer;
    this.dataDir = spec.dataDir;
    this.clientPort = server.spec.clientPort;
    this.logFile = server.spec.logFile;
    this.#process = server;
    this.#startTimeoutMs = startTimeoutMs;
  }

  /** `127.0.0.1:<clientPort>`: a connect string for this member alone. */
  get connectString(): string {
    return `127.0.0.1:${this.clientPort}`;
  }

  /** Pid of the member's JVM, undefined while it is stopped. */
  get pid(): number | undefined {
    return this.#process.pid;
  }

  /** True while the member's process runs (serving or not). */
  get running(): boolean {
    return this.#process.running;
  }

  /**
   * The member's role, from the `srvr` four letter word ("Mode: leader"...).
   * 'down' when the process is stopped, does not answer, or answers but is not
   * serving (e.g. still electing a leader, or without quorum).
   */
  async role(): Promise<MemberRole> {
    if (!this.#process.running) return 'down';
    try {
      const srvr = await fourLetterWord('127.0.0.1', this.clientPort, 'srvr', { timeoutMs: 1_000 });
      const mode = /^Mode: (\w+)/m.exec(srvr)?.[1];
      return mode === 'leader' || mode === 'follower' || mode === 'observer' ? mode : 'down';
    } catch {
      return 'down';
    }
  }

  /** Graceful stop: SIGTERM, then wait until the JVM has exited. */
  async stop(): Promise<void> {
    await this.#process.stop();
  }

  /** Crash: SIGKILL, then wait until the JVM has exited. */
  async kill(): Promise<void> {
    await this.#process.kill();
  }

  /** Starts the member if it is stopped (or restarts it if it runs); see {@link restart}. */
  async start(): Promise<void> {
    await this.restart();
  }

  /**
   * Starts the member again with the same ports and data, stopping it first
   * if it runs. Resolves once the JVM answers `ruok`, not once it serves:
   * serving needs a quorum, which may be down on purpose. Call
   * `cluster.waitForQuorum()` to wait until it has joined.
   */
  async restart(): Promise<void> {
    await this.#process.stop();
    this.#process.spawn();
    try {
      await this.#process.waitUntilUp({ timeoutMs: this.#startTimeoutMs, serving: false });
    } catch (error) {
      await this.#process.kill();
      throw error;
    }
  }
}
