import type { ChaosEvent } from '../events.js';
import { isSitOutRound } from '../workloads/barrier-workload.js';
import type { Violation } from './violation.js';

interface Step {
  call?: number;
  pass?: number;
  fail?: { at: number; code: string };
}

interface Seat {
  enter: Step;
  leave: Step;
}

/** Leave failures that mean "our node went with our session before leave": the others rightly took us for gone. */
const NODE_GONE = new Set(['SESSION_EXPIRED', 'NO_NODE']);

/** What the barrier checker measured. */
export interface BarrierCheck {
  violations: Violation[];
  /**
   * Outcomes excused by the protocol's known limit, a member whose counted
   * node went away before it saw `ready`: it had given up its previous call
   * while disconnected, so its node of that call was still there (deleted
   * once it reconnects) and the others counted it in this round and took its
   * deletion for the member leaving; or its session was lost while it waited
   * in `enter`. See docs/guarantees.md.
   */
  excused: number;
  /** Normal rounds every member completed. */
  completedRounds: number;
  /** Sit-out rounds in which every member that came timed out, as it must. */
  timedOutRounds: number;
}

/**
 * Members whose call in round r-1 gave up (failed) while their client was not
 * connected: in round r their old node may still be counted by the others.
 * Returns `client -> rounds` in which that member's absence is excused.
 */
function staleNodeRounds(events: readonly ChaosEvent[]): Map<string, Set<number>> {
  const connected = new Map<string, boolean>();
  const stale = new Map<string, Set<number>>();
  for (const e of events) {
    if (e.kind === 'session') connected.set(e.client, e.state === 'connected');
    else if (e.kind === 'barrier.fail' && connected.get(e.client) === false) {
      let rounds = stale.get(e.client);
      if (!rounds) stale.set(e.client, (rounds = new Set()));
      rounds.add(e.round + 1);
    }
  }
  return stale;
}

function rounds(events: readonly ChaosEvent[]): Map<number, Map<string, Seat>> {
  const byRound = new Map<number, Map<string, Seat>>();
  const seat = (round: number, client: string): Seat => {
    let seats = byRound.get(round);
    if (!seats) byRound.set(round, (seats = new Map<string, Seat>()));
    let s = seats.get(client);
    if (!s) seats.set(client, (s = { enter: {}, leave: {} }));
    return s;
  };
  for (const e of events) {
    if (e.kind === 'barrier.call') seat(e.round, e.client)[e.step].call = e.at;
    else if (e.kind === 'barrier.pass') seat(e.round, e.client)[e.step].pass = e.at;
    else if (e.kind === 'barrier.fail') seat(e.round, e.client)[e.step].fail = { at: e.at, code: e.code };
  }
  return byRound;
}

/**
 * DoubleBarrier safety, round by round (every member numbers its rounds the
 * same way; in sit-out rounds one member stays away):
 * - nobody passes `enter` of a round before every member has called it;
 * - nobody passes `leave` before every member that entered has called
 *   `leave`, unless that member's node went with its session first (its
 *   `leave` then fails with SESSION_EXPIRED: it was told);
 * - except for a member whose previous call gave up while it was
 *   disconnected: its old node may be counted in this round, and its
 *   deletion (on reconnect) taken for the member leaving; if it then comes
 *   late, its leave and the next round time out; and a member whose counted
 *   node went away before it saw `ready` (session lost while waiting, or its
 *   stale node replaced) misses the round and its enter times out (all
 *   counted as excused, known limits of the protocol, docs/guarantees.md);
 * - all or none: in a normal round everyone who came passes `enter` and
 *   `leave` (the timeouts are far longer than any fault); in a sit-out round
 *   everyone who came times out (BARRIER_TIMEOUT), nobody passes.
 * Calls cut short by the end of the run (ABORTED) are not held against a round.
 */
export function checkBarrier(events: readonly ChaosEvent[], members: readonly string[]): BarrierCheck {
  const violations: Violation[] = [];
  let completedRounds = 0;
  let timedOutRounds = 0;
  let excused = 0;
  const stale = staleNodeRounds(events);
  const isStale = (member: string, round: number): boolean => stale.get(member)?.has(round) === true;
  // A stale member that comes late into a round the others completed with its old node
  // passes enter on their `ready`, and its leave then waits for the next round's members,
  // who wait for it: both time out. Those timeouts are the same known limit.
  const blocked = new Set<number>();
  const all = rounds(events);
  for (const [round, seats] of all) {
    for (const [client, s] of seats) {
      if (isStale(client, round) && s.leave.fail?.code === 'BARRIER_TIMEOUT') { blocked.add(round); blocked.add(round + 1); }
    }
  }
  const timedOutByStale = (round: number, code: string | undefined): boolean => code === 'BARRIER_TIMEOUT' && blocked.has(round);
  // A member whose counted node went away before it saw `ready` (its session was lost
  // while it waited, or it deleted its stale node to create a new one) misses the round:
  // the others complete it, and its enter waits for a next round that the harness holds back.
  const losses = new Map<string, number[]>();
  for (const e of events) if (e.kind === 'session' && e.state === 'lost') losses.set(e.client, [...(losses.get(e.client) ?? []), e.at]);
  const lostBetween = (client: string, from: number | undefined, to: number): boolean =>
    from !== undefined && (losses.get(client) ?? []).some((at) => at > from && at <= to);
  const missedRound = (client: string, round: number, seat: Seat): boolean => seat.enter.fail?.code === 'BARRIER_TIMEOUT'
    && (isStale(client, round) || lostBetween(client, seat.enter.call, seat.enter.fail.at));
  const v = (message: string, at: number, clients: string[]): void => { violations.push({ checker: 'barrier', message, at, clients }); };
  for (const [round, seats] of [...all].sort((a, b) => a[0] - b[0])) {
    const sitOut = isSitOutRound(round);
    const cutShort = [...seats.values()].some((s) => s.enter.fail?.code === 'ABORTED' || s.leave.fail?.code === 'ABORTED');
    for (const [client, s] of seats) {
      if (s.enter.pass !== undefined) {
        const passAt = s.enter.pass;
        const missing = members.filter((m) => { const c = seats.get(m)?.enter.call; return c === undefined || c > passAt; });
        const unexcused = missing.filter((m) => !isStale(m, round));
        excused += missing.length - unexcused.length;
        if (unexcused.length > 0) v(`round ${round}: ${client} passed enter before ${unexcused.join(', ')} had called enter`, passAt, [client, ...unexcused]);
      }
      if (s.leave.pass !== undefined) {
        const passAt = s.leave.pass;
        const early = [...seats].filter(([, z]) => z.enter.pass !== undefined
          && !(z.leave.call !== undefined && z.leave.call <= passAt)
          && !(z.leave.fail && (NODE_GONE.has(z.leave.fail.code) || z.leave.fail.code === 'ABORTED'))).map(([m]) => m);
        const unexcused = early.filter((m) => !isStale(m, round));
        excused += early.length - unexcused.length;
        if (unexcused.length > 0) v(`round ${round}: ${client} passed leave before ${unexcused.join(', ')} had called leave`, passAt, [client, ...unexcused]);
      }
      if (s.enter.fail && (timedOutByStale(round, s.enter.fail.code) || (!sitOut && missedRound(client, round, s)))) excused++;
      else if (s.enter.fail && s.enter.fail.code !== 'ABORTED' && !(sitOut && s.enter.fail.code === 'BARRIER_TIMEOUT')) {
        v(`round ${round}: ${client}'s enter failed with ${s.enter.fail.code} in a ${sitOut ? 'sit-out' : 'normal'} round`, s.enter.fail.at, [client]);
      }
      if (s.leave.fail && timedOutByStale(round, s.leave.fail.code)) excused++;
      else if (s.leave.fail && !NODE_GONE.has(s.leave.fail.code) && s.leave.fail.code !== 'ABORTED') {
        v(`round ${round}: ${client}'s leave failed with ${s.leave.fail.code}`, s.leave.fail.at, [client]);
      }
    }
    if (sitOut) {
      const came = [...seats.values()].filter((s) => s.enter.call !== undefined);
      if (!cutShort && came.length > 0 && came.every((s) => s.enter.fail?.code === 'BARRIER_TIMEOUT')) timedOutRounds++;
    } else if (!cutShort && members.every((m) => seats.get(m)?.leave.pass !== undefined)) {
      completedRounds++;
    }
  }
  return { violations, completedRounds, timedOutRounds, excused };
}
