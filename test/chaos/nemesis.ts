import type { ClusterMember, TestingCluster } from '../../src/testing/index.js';
import type { ClientLink } from './client-link.js';
import type { FaultKind } from './events.js';
import type { History } from './history.js';
import type { SeededRandom } from './seeded-random.js';
import { messageOf, pause } from './workloads/workload-context.js';

/** A client the nemesis can hit. */
export interface NemesisTarget {
  readonly id: string;
  readonly link: ClientLink;
  expire(): Promise<void>;
}

type ClientFault = Extract<FaultKind, 'isolate-short' | 'isolate-long' | 'cut' | 'delay' | 'expire'>;
type MemberFault = Extract<FaultKind, 'kill-leader' | 'stop-leader' | 'kill-follower' | 'stop-follower'>;

const CLIENT_FAULTS: Record<ClientFault, number> = { 'isolate-short': 3, 'isolate-long': 2, cut: 2, delay: 2, expire: 2 };
const MEMBER_FAULTS: Record<MemberFault, number> = { 'kill-leader': 2, 'stop-leader': 1, 'kill-follower': 2, 'stop-follower': 1 };

/**
 * Injects faults in two independent lanes, each from its own seeded stream:
 * - clients: one client at a time is partitioned for less (0.3–0.7×) or more
 *   (1.3–2.2×) than the session timeout, has its connections cut, its traffic
 *   delayed, or its session expired;
 * - members: the ensemble leader or a follower is killed (SIGKILL) or stopped
 *   (SIGTERM) and restarted, one member at a time, so a quorum always remains.
 * The lanes overlap in time, so a client can be partitioned while the
 * ensemble elects a new leader. Every fault is recorded (`fault.start`/`fault.end`).
 */
export class Nemesis {
  readonly counts = new Map<FaultKind, number>();
  /**
   * Session expiry and member faults take turns: expireSession opens a second
   * handle in the client's process, and two handles of the `zookeeper` binding
   * reconnecting at once (as during a leader election) can abort the process.
   */
  #exclusive: Promise<void> = Promise.resolve();

  constructor(
    private readonly cluster: TestingCluster,
    private readonly targets: readonly NemesisTarget[],
    private readonly random: SeededRandom,
    private readonly history: History,
    private readonly sessionTimeoutMs: number,
  ) {}

  /** Runs both lanes until `stop` aborts, then heals: every link restored, every member running, a quorum. */
  async run(stop: AbortSignal): Promise<void> {
    await Promise.all([this.clientLane(this.random.fork('client-lane'), stop), this.memberLane(this.random.fork('member-lane'), stop)]);
    for (const target of this.targets) target.link.restore();
    for (const member of this.cluster.members) if (!member.running) await member.restart();
    await this.cluster.waitForQuorum({ timeoutMs: 60_000 });
  }

  /** Runs `fault` when no other exclusive fault runs. */
  async #alone(fault: () => Promise<void>): Promise<void> {
    const previous = this.#exclusive;
    let release!: () => void;
    this.#exclusive = new Promise((resolve) => { release = resolve; });
    await previous;
    try {
      await fault();
    } finally {
      release();
    }
  }

  private count(kind: FaultKind): void {
    this.counts.set(kind, (this.counts.get(kind) ?? 0) + 1);
  }

  private async clientLane(random: SeededRandom, stop: AbortSignal): Promise<void> {
    const t = this.sessionTimeoutMs;
    while (!stop.aborted) {
      await pause(random.int(500, 2_500), stop);
      if (stop.aborted) return;
      const target = random.pick(this.targets);
      const kind = random.weighted(CLIENT_FAULTS);
      const { link } = target;
      let hold = 0;
      let delayMs = 0;
      let detail = '';
      switch (kind) {
        case 'isolate-short': hold = t * random.between(0.3, 0.7); detail = `blackhole ${hold.toFixed(0)} ms`; break;
        case 'isolate-long': hold = t * random.between(1.3, 2.2); detail = `blackhole ${hold.toFixed(0)} ms`; break;
        case 'cut': hold = random.int(100, 1_500); detail = `cut ${hold} ms`; break;
        case 'delay': hold = random.int(1_000, 4_000); delayMs = random.int(20, 1_200); detail = `delay ${delayMs} ms for ${hold} ms`; break;
        case 'expire': detail = 'expireSession'; break;
      }
      this.count(kind);
      const started = (): void => this.history.record('nemesis', { kind: 'fault.start', fault: kind, target: target.id, detail });
      try {
        if (kind === 'expire') {
          // Recorded when the session's end really begins, not while waiting for a member fault:
          // the checkers excuse what happens between this start and the end (checkers/expiry-windows.ts).
          await this.#alone(() => { started(); return target.expire(); });
        } else {
          started();
          if (kind === 'delay') link.delay(delayMs);
          else if (kind === 'cut') link.cut();
          else link.blackhole();
          // A fault that would outlast the run ends with it.
          await pause(hold, stop);
          link.restore();
        }
      } catch (e) {
        this.history.record('nemesis', { kind: 'op.error', op: `nemesis.${kind}`, code: 'NEMESIS', message: messageOf(e) });
      }
      this.history.record('nemesis', { kind: 'fault.end', fault: kind, target: target.id });
    }
  }

  private async memberLane(random: SeededRandom, stop: AbortSignal): Promise<void> {
    while (!stop.aborted) {
      await pause(random.int(3_000, 8_000), stop);
      if (stop.aborted) return;
      const kind = random.weighted(MEMBER_FAULTS);
      let member: ClusterMember;
      try {
        member = await this.pickMember(kind, random);
      } catch (e) {
        this.history.record('nemesis', { kind: 'op.error', op: `nemesis.${kind}`, code: 'NEMESIS', message: messageOf(e) });
        continue;
      }
      const down = random.int(500, 4_000);
      this.count(kind);
      this.history.record('nemesis', { kind: 'fault.start', fault: kind, target: `member-${member.id}`, detail: `down ${down} ms` });
      try {
        await this.#alone(async () => {
          if (kind.startsWith('kill')) await member.kill();
          else await member.stop();
          await pause(down, stop);
          await member.restart();
          await this.cluster.waitForQuorum({ timeoutMs: 60_000 });
        });
      } catch (e) {
        this.history.record('nemesis', { kind: 'op.error', op: `nemesis.${kind}`, code: 'NEMESIS', message: messageOf(e) });
      }
      this.history.record('nemesis', { kind: 'fault.end', fault: kind, target: `member-${member.id}` });
    }
  }

  private async pickMember(kind: MemberFault, random: SeededRandom): Promise<ClusterMember> {
    const leader = await this.cluster.leader({ timeoutMs: 30_000 });
    if (kind.endsWith('leader')) return leader;
    return random.pick(this.cluster.members.filter((member) => member !== leader));
  }
}
