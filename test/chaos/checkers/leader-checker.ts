import type { ChaosEvent } from '../events.js';
import { ExpiryWindows } from './expiry-windows.js';
import type { Violation } from './violation.js';

/** One term: from `leader.gained` to `leader.lost` (the loss notification) of one client. */
interface Term {
  client: string;
  epoch: bigint;
  start: number;
  end: number;
  cause: string | undefined;
}

function terms(events: readonly ChaosEvent[], runEnd: number): Term[] {
  const open = new Map<string, Term>();
  const done: Term[] = [];
  for (const e of events) {
    const key = `${e.client} ${'epoch' in e ? e.epoch : ''}`;
    if (e.kind === 'leader.gained') {
      open.set(key, { client: e.client, epoch: BigInt(e.epoch), start: e.at, end: runEnd, cause: undefined });
    } else if (e.kind === 'leader.lost') {
      const term = open.get(key);
      if (term) { term.end = e.at; term.cause = e.cause; done.push(term); open.delete(key); }
    }
  }
  return [...done, ...open.values()].sort((a, b) => a.start - b.start);
}

/** What the leader checker measured. */
export interface LeaderCheck {
  violations: Violation[];
  terms: number;
  /** Longest time without any leader between two terms, ms. */
  longestGapMs: number;
  /** Overlaps while the server was ending the old leader's session, which was told before that was over (see ExpiryWindows). */
  excused: number;
}

/**
 * Leader election safety and liveness:
 * - at no instant do two clients believe they lead: a term lasts from
 *   `isLeader` until `leadership.lost` fires, and terms of different clients
 *   never overlap, except while the server was ending the old leader's
 *   session and the old leader was told before that was over (counted as
 *   `excused`; see ExpiryWindows);
 * - epochs (fencing tokens) strictly increase from term to term (a client
 *   that regains leadership with the same node after a reconnect keeps its epoch);
 * - leadership is regained: no gap between terms longer than `maxGapMs`
 *   (the session timeout plus a bound for reconnecting and for the ensemble
 *   electing its own leader).
 */
export function checkLeader(events: readonly ChaosEvent[], runEnd: number, maxGapMs: number): LeaderCheck {
  const all = terms(events, runEnd);
  const expiries = new ExpiryWindows(events);
  const violations: Violation[] = [];
  let excused = 0;
  let reach = -Infinity;
  let reachTerm: Term | undefined;
  let longestGapMs = 0;
  for (let i = 0; i < all.length; i++) {
    const t = all[i];
    for (let j = i + 1; j < all.length && all[j].start < t.end; j++) {
      const u = all[j];
      if (u.client === t.client) continue;
      if (expiries.excuses(t.client, u.start, t.cause === undefined ? undefined : t.end)) { excused++; continue; }
      violations.push({
        checker: 'leader',
        message: `${u.client} became leader (epoch ${u.epoch}) while ${t.client} still believed it led (epoch ${t.epoch}, told ${t.cause ?? 'never'} ${(t.end - u.start).toFixed(1)} ms later)`,
        at: u.start, clients: [t.client, u.client],
      });
    }
    if (i > 0) {
      const p = all[i - 1];
      if (t.epoch < p.epoch || (t.epoch === p.epoch && t.client !== p.client)) {
        violations.push({
          checker: 'leader', message: `epoch did not increase: ${p.client} led with ${p.epoch}, then ${t.client} with ${t.epoch}`,
          at: t.start, clients: [p.client, t.client],
        });
      }
    }
    if (reachTerm && t.start > reach) {
      const gap = t.start - reach;
      longestGapMs = Math.max(longestGapMs, gap);
      if (gap > maxGapMs) {
        violations.push({
          checker: 'leader',
          message: `no leader for ${gap.toFixed(0)} ms (more than ${maxGapMs} ms) after ${reachTerm.client} lost leadership (${reachTerm.cause ?? '?'}) until ${t.client} gained it`,
          at: reach, clients: [reachTerm.client, t.client],
        });
      }
    }
    if (t.end > reach) { reach = t.end; reachTerm = t; }
  }
  return { violations, terms: all.length, longestGapMs, excused };
}
