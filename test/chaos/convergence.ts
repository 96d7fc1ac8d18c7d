import type { Violation } from './checkers/violation.js';
import { clockMs } from './events.js';
import type { History } from './history.js';
import type { Observer } from './observer.js';
import type { ParticipantReport } from './participant.js';
import { pause, type ChaosPaths } from './workloads/workload-context.js';

/** What the runner can ask of every participant, in its process or in a child. */
export interface ParticipantHandle {
  readonly id: string;
  expire(): Promise<void>;
  quiesce(): Promise<void>;
  report(): Promise<ParticipantReport>;
  stop(): Promise<void>;
}

/** The end state a run must reach once the faults have stopped. */
export interface ConvergenceTarget {
  observer: Observer;
  participants: readonly ParticipantHandle[];
  paths: ChaosPaths;
  history: History;
  /** The last config value published, after the faults stopped. */
  finalSeq: number;
  timeoutMs: number;
}

/** Problems with the current state: empty when it has converged. */
async function problems(target: ConvergenceTarget, reports: readonly ParticipantReport[]): Promise<Violation[]> {
  const { observer, paths, history, finalSeq } = target;
  const found: Violation[] = [];
  const now = clockMs();
  const v = (checker: string, message: string, clients: string[]): void => { found.push({ checker, message, at: now, clients }); };
  for (const r of reports) {
    if (r.configSeq !== finalSeq) v('config', `${r.id} serves seq ${r.configSeq} instead of the final ${finalSeq}`, [r.id]);
  }
  const leaders = reports.filter((r) => r.isLeader).map((r) => r.id);
  if (leaders.length !== 1) v('leader', `${leaders.length} participants lead (${leaders.join(', ') || 'none'}) instead of exactly one`, leaders);
  // Every instance node to look at: registered ones must be owned by their client's session, given-up ones gone.
  const expectations: { path: string; client: ParticipantReport; id: string; registered: boolean }[] = [];
  for (const r of reports) {
    if (!r.service) continue;
    const base = `${paths.services}/${r.service}`;
    const registered = new Set(r.registered);
    const givenUp = new Set<string>();
    for (const e of history.sorted()) {
      if (e.client !== r.id) continue;
      if (e.kind === 'discovery.registered' || e.kind === 'discovery.unregistered') givenUp.add(e.id);
      else if (e.kind === 'discovery.stopped') for (const id of e.ids) givenUp.add(id);
    }
    for (const id of registered) expectations.push({ path: `${base}/${id}`, client: r, id, registered: true });
    for (const id of givenUp) if (!registered.has(id)) expectations.push({ path: `${base}/${id}`, client: r, id, registered: false });
  }
  const owners = await observer.owners(expectations.map((x) => x.path));
  expectations.forEach(({ client: r, id, registered }, i) => {
    const owner = owners[i];
    if (registered && owner !== r.sessionId) {
      v('discovery', `${r.id}'s registered instance ${id} is ${owner === null ? 'missing' : `owned by session ${owner}`}, not by its session ${r.sessionId}`, [r.id]);
    } else if (!registered && owner !== null) {
      v('discovery', `${r.id}'s instance ${id} was given up but its node remains (session ${owner})`, [r.id]);
    }
  });
  return found;
}

/**
 * Waits (polling) until every participant serves the final config value,
 * exactly one leads, every registered instance exists under its owner's
 * current session and no given-up instance remains. Resolves with what is
 * still wrong at `timeoutMs` (nothing, normally) and the reports.
 */
export async function awaitConvergence(target: ConvergenceTarget): Promise<{ violations: Violation[]; reports: ParticipantReport[]; ms: number }> {
  const started = clockMs();
  for (;;) {
    const reports = await Promise.all(target.participants.map((p) => p.report()));
    let found: Violation[];
    try {
      found = await problems(target, reports);
    } catch (e) {
      // The observer itself met a fault's tail: look again.
      found = [{ checker: 'runner', message: `convergence check failed: ${String(e)}`, at: clockMs(), clients: [] }];
    }
    const ms = clockMs() - started;
    if (found.length === 0 || ms > target.timeoutMs) return { violations: found, reports, ms };
    await pause(500);
  }
}
