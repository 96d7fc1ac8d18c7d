import type { History } from './history.js';
import { ROUND_TIMEOUT_MS, type BarrierSeat } from './workloads/barrier-workload.js';

/** How long a member waits at most for the others to finish a round. */
const GATE_LIMIT_MS = 2 * ROUND_TIMEOUT_MS + 30_000;

/**
 * The harness's round gate for the DoubleBarrier workload: a member starts
 * round r only once every other member has an outcome for round r-1 (left,
 * gave up, or sat it out), as the runner's history shows. Members numbering
 * their rounds stay aligned this way, even after a round fails for some of
 * them, so the checker compares like with like; and a member that sits a
 * round out does not create its next node while the others still wait in it.
 * Bounded: a member that never answers is the checker's business, not a
 * reason to hang.
 */
export function roundGate(history: History, members: readonly string[]): (self: string) => NonNullable<BarrierSeat['roundGate']> {
  const finished = new Map<number, Set<string>>();
  const waiters = new Set<() => void>();
  history.subscribe((e) => {
    const done = e.kind === 'barrier.sit-out' || e.kind === 'barrier.fail' || (e.kind === 'barrier.pass' && e.step === 'leave');
    if (!done) return;
    let seen = finished.get(e.round);
    if (!seen) finished.set(e.round, (seen = new Set()));
    seen.add(e.client);
    for (const wake of [...waiters]) wake();
  });
  return (self) => (round, signal) => new Promise<void>((resolve) => {
    const others = members.filter((m) => m !== self);
    const done = (): void => { clearTimeout(timer); waiters.delete(check); signal.removeEventListener('abort', done); resolve(); };
    const check = (): void => { if (round <= 1 || others.every((id) => finished.get(round - 1)?.has(id))) done(); };
    const timer = setTimeout(done, GATE_LIMIT_MS);
    signal.addEventListener('abort', done, { once: true });
    waiters.add(check);
    check();
  });
}
