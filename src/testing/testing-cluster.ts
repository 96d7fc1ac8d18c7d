import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ClusterMember, type MemberRole } from './cluster-member.js';
import { freePorts } from './free-port.js';
import { renderZooCfg, writeLoggingConfig, type PeerSpec } from './server-config.js';
import { makeTempDir, removeTempDir } from './temp-dir.js';
import { sleep } from './wait.js';
import { locateZooKeeper } from './zookeeper-install.js';
import { tailOfFile, ZooKeeperProcess } from './zookeeper-process.js';

/** Options for {@link TestingCluster.start}. */
export interface TestingClusterOptions {
  /** Voting servers (leader + followers); default 3. */
  readonly servers?: number;
  /** Observers (serve clients, do not vote); default 0. Their ids follow the servers'. */
  readonly observers?: number;
  /** ZooKeeper tickTime; default 500 ms. */
  readonly tickTimeMs?: number;
  /** Enable TTL and container nodes (`zookeeper.extendedTypesEnabled`); default false. */
  readonly extendedTypes?: boolean;
  /**
   * fsync the transaction log before acknowledging a write (ZooKeeper's own
   * default, `forceSync=yes`); default false: a test server's data need only
   * survive a process crash, and writes are several times faster without it.
   */
  readonly forceSync?: boolean;
  /** Extra JVM arguments for every member, after ours. */
  readonly jvmArgs?: readonly string[];
  /** How long start() waits for a quorum (and a member for its JVM); default 30,000 ms. */
  readonly startTimeoutMs?: number;
}

/** Options for waiting on a cluster. */
export interface ClusterWaitOptions {
  /** Give up after this long; default 30,000 ms. */
  readonly timeoutMs?: number;
}

const DEFAULT_TICK_MS = 500;
const DEFAULT_TIMEOUT_MS = 30_000;
const POLL_INTERVAL_MS = 100;

/**
 * A real ZooKeeper ensemble of Java child processes on 127.0.0.1, each member
 * with its own ports, data dir and log under one temp dir
 * (`zk-recipes-cluster-*`). Members can be stopped, killed and restarted to
 * test failover.
 *
 * ```ts
 * await using cluster = await TestingCluster.start({ servers: 3 });
 * const leader = await cluster.leader();
 * await leader.kill();
 * await cluster.waitForQuorum();
 * ```
 */
export class TestingCluster implements AsyncDisposable {
  /** All members, servers first then observers, ordered by id. */
  readonly members: readonly ClusterMember[];
  /** Temp directory holding every member's files. */
  readonly tempDir: string;
  #closed = false;

  private constructor(members: readonly ClusterMember[], tempDir: string) {
    this.members = members;
    this.tempDir = tempDir;
  }

  /**
   * Starts every member and resolves once the ensemble has a leader and every
   * member serves.
   *
   * @throws ZooKeeperNotInstalledError when no ZooKeeper or Java is found.
   * @throws ZooKeeperStartError when a member's JVM does not come up.
   * @throws Error when no quorum forms within `startTimeoutMs`.
   */
  static async start(options: TestingClusterOptions = {}): Promise<TestingCluster> {
    const install = locateZooKeeper();
    const servers = options.servers ?? 3;
    const observers = options.observers ?? 0;
    if (!Number.isInteger(servers) || servers < 1) throw new RangeError('servers must be an integer >= 1');
    if (!Number.isInteger(observers) || observers < 0) throw new RangeError('observers must be an integer >= 0');
    const tickTimeMs = options.tickTimeMs ?? DEFAULT_TICK_MS;
    const timeoutMs = options.startTimeoutMs ?? DEFAULT_TIMEOUT_MS;
    const count = servers + observers;
    const tempDir = await makeTempDir('cluster');
    const ports = await freePorts(3 * count);
    const peers: PeerSpec[] = [];
    for (let i = 0; i < count; i += 1) {
      peers.push({ id: i + 1, peerPort: ports[3 * i + 1], electionPort: ports[3 * i + 2], observer: i >= servers });
    }
    const members = await Promise.all(
      peers.map(async (peer, i) => {
        const dir = join(tempDir, `member-${peer.id}`);
        const dataDir = join(dir, 'data');
        await mkdir(dataDir, { recursive: true });
        await writeFile(join(dataDir, 'myid'), `${peer.id}\n`);
        await writeLoggingConfig(dir);
        const clientPort = ports[3 * i];
        const cfgFile = join(dir, 'zoo.cfg');
        await writeFile(cfgFile, renderZooCfg({ tickTimeMs, dataDir, clientPort, peers, observer: peer.observer, forceSync: options.forceSync ?? false }));
        const server = new ZooKeeperProcess({
          install,
          confDir: dir,
          cfgFile,
          logFile: join(dir, 'zookeeper.log'),
          clientPort,
          extendedTypes: options.extendedTypes ?? false,
          jvmArgs: options.jvmArgs ?? [],
        });
        return new ClusterMember({ ...peer, dataDir }, server, timeoutMs);
      }),
    );
    const cluster = new TestingCluster(members, tempDir);
    try {
      await Promise.all(members.map((member) => member.start()));
      await cluster.waitForQuorum({ timeoutMs });
      return cluster;
    } catch (error) {
      await cluster.close();
      throw error;
    }
  }

  /** Every member's client address, comma separated: a client's connect string. */
  get connectString(): string {
    return this.members.map((member) => member.connectString).join(',');
  }

  /** The member with this id. */
  member(id: number): ClusterMember {
    const found = this.members.find((member) => member.id === id);
    if (!found) throw new RangeError(`no member with id ${id}`);
    return found;
  }

  /** Current role of every member, in `members` order. */
  async roles(): Promise<MemberRole[]> {
    return Promise.all(this.members.map((member) => member.role()));
  }

  /**
   * The member that reports itself leader; polls until exactly one does.
   *
   * @throws Error when there is no single leader within `timeoutMs` (default 30 s).
   */
  async leader(options: ClusterWaitOptions = {}): Promise<ClusterMember> {
    let found: ClusterMember | undefined;
    await this.#pollUntil(options, 'a single leader', async () => {
      const roles = await this.roles();
      const leaders = this.members.filter((_, i) => roles[i] === 'leader');
      found = leaders.length === 1 ? leaders[0] : undefined;
      return found !== undefined;
    });
    return found!;
  }

  /**
   * Resolves once exactly one member is leader and every member whose
   * process runs (not stopped or killed) serves as leader, follower or
   * observer.
   *
   * @throws Error on timeout (default 30 s), naming each member's role.
   */
  async waitForQuorum(options: ClusterWaitOptions = {}): Promise<void> {
    await this.#pollUntil(options, 'a quorum with every running member serving', async () => {
      const roles = await this.roles();
      const leaders = roles.filter((role) => role === 'leader').length;
      const allServing = this.members.every((member, i) => !member.running || roles[i] !== 'down');
      return leaders === 1 && allServing;
    });
  }

  async #pollUntil(options: ClusterWaitOptions, what: string, check: () => Promise<boolean>): Promise<void> {
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.#closed) throw new Error('TestingCluster is closed');
      if (await check()) return;
      if (Date.now() >= deadline) {
        const roles = await this.roles();
        const summary = this.members.map((member, i) => `${member.id}=${roles[i]}`).join(' ');
        // The logs go with the temp dir when the cluster closes, so the tails
        // of the members that are down are put in the error itself.
        const tails = await Promise.all(
          this.members
            .filter((member, i) => member.running && roles[i] === 'down')
            .map(async (member) => `--- member ${member.id}: ${member.logFile} ---\n${await tailOfFile(member.logFile, 15)}`),
        );
        throw new Error([`no ${what} after ${timeoutMs} ms (roles: ${summary})`, ...tails].join('\n'));
      }
      await sleep(POLL_INTERVAL_MS);
    }
  }

  /** Stops every member and removes the temp dir. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.all(this.members.map((member) => member.stop()));
    await removeTempDir(this.tempDir);
  }

  /** Same as {@link close}, for `await using`. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
