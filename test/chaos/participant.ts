import { ZkClient, type LeaderLatch } from '../../src/index.js';
import { expireSession } from '../../src/testing/index.js';
import type { EventBody, EventSink } from './events.js';
import { clockMs } from './events.js';
import { SeededRandom } from './seeded-random.js';
import { runBarrierWorkload, type BarrierSeat } from './workloads/barrier-workload.js';
import { runConfigWorkload } from './workloads/config-workload.js';
import { runDiscoveryWorkload, type DiscoveryState } from './workloads/discovery-workload.js';
import { runLeaderWorkload } from './workloads/leader-workload.js';
import { runMutexWorkload } from './workloads/mutex-workload.js';
import { codeOf, type ChaosPaths, type WorkloadContext } from './workloads/workload-context.js';

/** Everything a participant needs; JSON-safe, so that a child process gets it on its command line. */
export interface ParticipantSpec {
  id: string;
  /** Its own FaultProxies, one per ensemble member. */
  connect: string;
  sessionTimeoutMs: number;
  seed: number;
  paths: ChaosPaths;
  barrier: Omit<BarrierSeat, 'roundGate'>;
}

/** A participant's state at the end of a run, for the convergence checks. */
export interface ParticipantReport {
  id: string;
  state: string;
  sessionId: string | null;
  service: string | null;
  registered: string[];
  configSeq: number | null;
  isLeader: boolean;
}

/**
 * One chaos client: a ZkClient (its own session) running every workload at
 * once (a Mutex contender, a LeaderLatch, a service registry, a
 * ConfigWatcher, a DoubleBarrier member), so that each fault on its
 * connection hits every recipe together. The same class runs in the runner's
 * process and in a child process (fixtures/participant-process.ts).
 */
export class Participant {
  readonly id: string;
  readonly client: ZkClient;
  readonly #spec: ParticipantSpec;
  readonly #sink: EventSink;
  readonly #stopping = new AbortController();
  readonly #quiescing = new AbortController();
  #discoveryIdle: Promise<void> = Promise.resolve();
  readonly #random: SeededRandom;
  #workloads: Promise<unknown>[] = [];
  #discovery: DiscoveryState | undefined;
  #configSeq: (() => number) | undefined;
  #latch: LeaderLatch | undefined;

  constructor(spec: ParticipantSpec, sink: EventSink, private readonly roundGate?: BarrierSeat['roundGate']) {
    this.id = spec.id;
    this.#spec = spec;
    this.#sink = sink;
    this.#random = new SeededRandom(spec.seed).fork(spec.id);
    this.client = new ZkClient({ connect: spec.connect, sessionTimeoutMs: spec.sessionTimeoutMs, connectTimeoutMs: 30_000 });
    this.client.on('state', (state, _previous, change) => {
      this.emit({ kind: 'session', state, sessionId: change.sessionId, newSession: change.newSession });
    });
  }

  emit(body: EventBody): void {
    this.#sink({ ...body, at: clockMs(), client: this.id });
  }

  /** Connects and starts every workload; resolves once the config watcher has its first value. */
  async start(): Promise<void> {
    await this.client.connect();
    const ctx = (name: string): WorkloadContext => ({
      id: this.id, client: this.client, random: this.#random.fork(name), paths: this.#spec.paths,
      emit: (body) => this.emit(body), stopping: this.#stopping.signal, quiescing: this.#quiescing.signal,
    });
    const guard = (name: string, work: Promise<unknown>): Promise<unknown> => work.catch((e: unknown) => {
      // A workload must never die; if one does, it is a finding.
      this.emit({ kind: 'op.error', op: `${name}.crashed`, code: codeOf(e), message: e instanceof Error ? e.stack ?? e.message : String(e) });
    });
    let configStarted!: () => void;
    const started = new Promise<void>((resolve) => { configStarted = resolve; });
    const config = runConfigWorkload(ctx('config'), (current) => { this.#configSeq = current; configStarted(); });
    await Promise.race([started, config]);
    let discoveryIdle!: () => void;
    this.#discoveryIdle = new Promise((resolve) => { discoveryIdle = resolve; });
    this.#workloads = [
      guard('config', config),
      guard('mutex', runMutexWorkload(ctx('mutex'))),
      guard('leader', runLeaderWorkload(ctx('leader'), (latch) => { this.#latch = latch; })),
      guard('discovery', runDiscoveryWorkload(ctx('discovery'), (state) => { this.#discovery = state; }, () => discoveryIdle())).finally(() => discoveryIdle()),
      guard('barrier', runBarrierWorkload(ctx('barrier'), { ...this.#spec.barrier, ...(this.roundGate ? { roundGate: this.roundGate } : {}) })),
    ];
  }

  /** Expires this participant's session for real (a second handle closes it). */
  async expire(): Promise<void> {
    await expireSession(this.client, { timeoutMs: 20_000 });
  }

  /** Makes the checked workloads stop changing their state; resolves once the service registry is idle. */
  async quiesce(): Promise<void> {
    this.#quiescing.abort();
    await this.#discoveryIdle;
  }

  report(): ParticipantReport {
    return {
      id: this.id,
      state: this.client.state,
      sessionId: this.client.sessionId,
      service: this.#discovery?.service ?? null,
      registered: this.#discovery?.registered() ?? [],
      configSeq: this.#configSeq?.() ?? null,
      isLeader: this.#latch?.hasLeadership ?? false,
    };
  }

  /** Stops every workload (waits in flight give up), closes the recipes, then the client. */
  async stop(): Promise<void> {
    this.#quiescing.abort();
    this.#stopping.abort();
    await Promise.all(this.#workloads);
    await this.client.close();
  }
}
