import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { TestingCluster } from '../../src/testing/index.js';
import { checkBarrier } from './checkers/barrier-checker.js';
import { checkConfigOrder } from './checkers/config-checker.js';
import { checkLeader } from './checkers/leader-checker.js';
import { checkMutex } from './checkers/mutex-checker.js';
import type { Violation } from './checkers/violation.js';
import { ClientLink } from './client-link.js';
import { awaitConvergence, type ParticipantHandle } from './convergence.js';
import { clockMs, type ChaosEvent, type FaultKind } from './events.js';
import { formatEvents, History } from './history.js';
import { LocalParticipant } from './local-participant.js';
import { Nemesis, type NemesisTarget } from './nemesis.js';
import { Observer } from './observer.js';
import type { ParticipantSpec } from './participant.js';
import { RemoteParticipant } from './remote-participant.js';
import { SeededRandom } from './seeded-random.js';
import { roundGate } from './round-gate.js';
import { chaosPaths, pause } from './workloads/workload-context.js';

/** How a chaos run is set up. */
export interface ChaosOptions {
  /** How long faults are injected. */
  durationMs: number;
  /** Seed of every random choice (faults, workloads). */
  seed: number;
  /**
   * Participants in child processes, one each. @default 6
   *
   * One process per client is also what keeps the run alive: the `zookeeper`
   * binding aborts the process (libuv `uv_poll_start` assertion) or leaves a
   * handle connecting forever when several handles in one process reconnect
   * at once, e.g. when the ensemble leader dies (repro: test/repro/binding-failover-crash.ts).
   */
  processClients?: number;
  /** Participants in this process (sharing its clock). @default 0 (see `processClients`) */
  inProcessClients?: number;
  /** Session timeout of every participant. @default 4000 */
  sessionTimeoutMs?: number;
  /** Progress and the summary, line by line. @default silent */
  log?: (line: string) => void;
  /** Write every event (JSON lines, in time order) to this file at the end, to study a run. */
  historyFile?: string;
}

/** What a run found. */
export interface ChaosResult {
  seed: number;
  violations: Violation[];
  /** Events by kind: what the clients did and saw. */
  operations: Record<string, number>;
  faults: Partial<Record<FaultKind, number>>;
  /** The printed summary. */
  summary: string[];
}

/** The leader checker's bound on a leaderless gap beyond the session timeout (reconnect, ensemble election, JVM restarts on a busy machine). */
const LEADER_GAP_SLACK_MS = 10_000;

/**
 * A chaos run: a real 3-member TestingCluster, participants (each its own
 * session, some in child processes) running every recipe at once through
 * their own FaultProxies, a nemesis injecting faults for `durationMs`, then
 * healing, convergence checks and the history checkers. Resolves with the
 * violations (none expected) and a summary; on a violation the summary has
 * the seed and the history around it.
 */
export async function runChaos(options: ChaosOptions): Promise<ChaosResult> {
  const log = options.log ?? (() => undefined);
  const sessionTimeoutMs = options.sessionTimeoutMs ?? 4_000;
  const random = new SeededRandom(options.seed);
  const history = new History();
  const cluster = await TestingCluster.start({ servers: 3 });
  const links: ClientLink[] = [];
  const participants: ParticipantHandle[] = [];
  let observer: Observer | undefined;
  try {
    const base = `/chaos-${options.seed}-${randomUUID().slice(0, 8)}`;
    const paths = chaosPaths(base);
    observer = await Observer.start(cluster.connectString, base, paths.config);
    const ids = [
      ...Array.from({ length: options.processClients ?? 6 }, (_, i) => ({ id: `p${i + 1}`, child: true })),
      ...Array.from({ length: options.inProcessClients ?? 0 }, (_, i) => ({ id: `c${i + 1}`, child: false })),
    ];
    const gates = roundGate(history, ids.map((p) => p.id));
    log(`chaos: seed ${options.seed}, ${ids.length} participants (${ids.filter((p) => p.child).length} in their own processes), 3-member ensemble, ${base}`);
    const targets: NemesisTarget[] = await Promise.all(ids.map(async ({ id, child }, index) => {
      const link = await ClientLink.open(cluster);
      links.push(link);
      const spec: ParticipantSpec = {
        id, connect: link.connectString, sessionTimeoutMs, seed: options.seed, paths,
        barrier: { members: ids.length, index },
      };
      const sink = (event: ChaosEvent): void => history.add(event);
      const gate = gates(id);
      const participant = child ? await RemoteParticipant.start(spec, sink, gate) : await LocalParticipant.start(spec, sink, gate);
      participants.push(participant);
      return { id, link, expire: () => participant.expire() };
    }));

    const faultsStart = clockMs();
    if (process.env.CHAOS_TRACE) history.subscribe((e) => log(formatEvents([e], faultsStart)[0]));
    const stopFaults = new AbortController();
    const publishing = publishLoop(observer, history, random.fork('publisher'), stopFaults.signal);
    const nemesis = new Nemesis(cluster, targets, random.fork('nemesis'), history, sessionTimeoutMs);
    const timer = setTimeout(() => stopFaults.abort(), options.durationMs);
    const progress = setInterval(() => log(`  ${((clockMs() - faultsStart) / 1000).toFixed(0)} s: ${history.size} events, ${[...nemesis.counts.values()].reduce((a, b) => a + b, 0)} faults`), 30_000);
    try {
      await nemesis.run(stopFaults.signal);
    } finally {
      clearTimeout(timer);
      clearInterval(progress);
    }
    const lastSeq = await publishing;
    log(`chaos: faults stopped after ${((clockMs() - faultsStart) / 1000).toFixed(0)} s and healed; checking convergence`);

    await Promise.all(participants.map((p) => p.quiesce()));
    const finalSeq = await publishFinal(observer, lastSeq + 1, history);
    const convergence = await awaitConvergence({
      observer, participants, paths, history, finalSeq, timeoutMs: 3 * sessionTimeoutMs + 30_000,
    });
    await Promise.all(participants.map((p) => p.stop()));
    if (options.historyFile) await writeFile(options.historyFile, history.sorted().map((e) => JSON.stringify(e)).join('\n') + '\n');
    return summarize({
      options, history, convergence, runEnd: clockMs(), faultsStart, sessionTimeoutMs,
      faults: Object.fromEntries(nemesis.counts), members: ids.map((p) => p.id),
    });
  } finally {
    await Promise.allSettled(participants.map((p) => p.stop()));
    await observer?.stop();
    await Promise.all(links.map((link) => link.close()));
    await cluster.close();
  }
}

/** The runner publishes a new config value every few hundred ms while faults run. */
async function publishLoop(observer: Observer, history: History, random: SeededRandom, stop: AbortSignal): Promise<number> {
  let seq = 0;
  while (!stop.aborted) {
    await pause(random.int(200, 800), stop);
    if (stop.aborted) break;
    seq++;
    try {
      history.record('runner', { kind: 'config.published', seq, version: await observer.publish(seq, 5_000) });
    } catch (e) {
      // The write may still have been applied: the next value supersedes it anyway.
      history.record('runner', { kind: 'op.error', op: 'config.publish', code: 'PUBLISH_FAILED', message: String(e) });
    }
  }
  return seq;
}

/** The final value, once faults have stopped: retried until it is written. */
async function publishFinal(observer: Observer, seq: number, history: History): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    try {
      history.record('runner', { kind: 'config.published', seq, version: await observer.publish(seq, 10_000) });
      return seq;
    } catch (e) {
      history.record('runner', { kind: 'op.error', op: 'config.publish', code: 'PUBLISH_FAILED', message: String(e) });
      if (attempt >= 10) throw e;
      await pause(1_000);
    }
  }
}

interface SummaryInput {
  options: ChaosOptions;
  history: History;
  convergence: Awaited<ReturnType<typeof awaitConvergence>>;
  runEnd: number;
  faultsStart: number;
  sessionTimeoutMs: number;
  faults: Partial<Record<FaultKind, number>>;
  members: string[];
}

function summarize(input: SummaryInput): ChaosResult {
  const { history, runEnd, faultsStart, sessionTimeoutMs, convergence } = input;
  const events = history.sorted();
  const mutex = checkMutex(events, runEnd);
  const leader = checkLeader(events, runEnd, sessionTimeoutMs + LEADER_GAP_SLACK_MS);
  const barrier = checkBarrier(events, input.members);
  const config = checkConfigOrder(events);
  const violations = [...mutex.violations, ...leader.violations, ...barrier.violations, ...config.violations, ...convergence.violations];
  const operations: Record<string, number> = {};
  for (const e of events) operations[e.kind] = (operations[e.kind] ?? 0) + 1;
  const n = (kind: string): number => operations[kind] ?? 0;
  const errors = new Map<string, number>();
  for (const e of events) if (e.kind === 'op.error') errors.set(`${e.op}:${e.code}`, (errors.get(`${e.op}:${e.code}`) ?? 0) + 1);
  const faultTotal = Object.values(input.faults).reduce((a, b) => a + (b ?? 0), 0);
  const summary = [
    `chaos summary: seed ${input.options.seed}, ${((runEnd - faultsStart) / 1000).toFixed(0)} s, ${input.members.length} participants, ${events.length} events`,
    `  mutex:      ${mutex.sections} critical sections, ${mutex.lost} leases lost (checked: no overlap unless told first, tokens increasing), excused: ${mutex.excused} (holder told while the server ended its session; docs/guarantees.md)`,
    `  leader:     ${leader.terms} terms, longest leaderless gap ${(leader.longestGapMs / 1000).toFixed(1)} s (bound ${((sessionTimeoutMs + LEADER_GAP_SLACK_MS) / 1000).toFixed(0)} s), excused: ${leader.excused} (leader told while the server ended its session)`,
    `  discovery:  ${n('discovery.registered')} registrations, ${n('discovery.unregistered')} unregistrations, ${n('discovery.stopped')} services stopped`,
    `  config:     ${n('config.published')} values published, ${config.seen} values served by watchers, final value reached in ${(convergence.ms / 1000).toFixed(1)} s`,
    `  barrier:    ${barrier.completedRounds} rounds completed by all, ${barrier.timedOutRounds} sit-out rounds timed out for all, excused: ${barrier.excused} (a member's counted node went away before it saw ready; docs/guarantees.md)`,
    `  sessions:   ${events.filter((e) => e.kind === 'session' && e.state === 'lost').length} lost, ${events.filter((e) => e.kind === 'session' && e.newSession).length} new`,
    `  op errors:  ${n('op.error')}${errors.size ? ` (${[...errors].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([k, c]) => `${k} ${c}`).join(', ')})` : ''}`,
    `  faults:     ${faultTotal} (${Object.entries(input.faults).map(([k, c]) => `${k} ${c}`).join(', ')})`,
    `  violations: ${violations.length}`,
  ];
  for (const violation of violations.slice(0, 10)) {
    summary.push('', `VIOLATION [${violation.checker}] ${violation.message}`, `  seed ${input.options.seed}; history from 3 s before (seconds after the faults started):`);
    const slice = history.slice(violation.at - 3_000, violation.at + 1_000, violation.clients.length ? violation.clients : undefined);
    summary.push(...formatEvents(slice.slice(-80), faultsStart).map((line) => `  ${line}`));
  }
  return { seed: input.options.seed, violations, operations, faults: input.faults, summary };
}
