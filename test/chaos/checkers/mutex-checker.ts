import type { ChaosEvent } from '../events.js';
import { ExpiryWindows } from './expiry-windows.js';
import type { Violation } from './violation.js';

/** One critical section: from `mutex.enter` to `mutex.exit` of one client. */
export interface CriticalSection {
  client: string;
  token: bigint;
  start: number;
  /** `mutex.exit`, or the end of the run for a section still open. */
  end: number;
  /** When `lease.lost` fired, if it did. */
  lostAt: number | undefined;
}

/** The critical sections in the history, ordered by start. */
export function criticalSections(events: readonly ChaosEvent[], runEnd: number): CriticalSection[] {
  const open = new Map<string, CriticalSection>();
  const done: CriticalSection[] = [];
  for (const e of events) {
    if (e.kind === 'mutex.enter') {
      open.set(e.client, { client: e.client, token: BigInt(e.token), start: e.at, end: runEnd, lostAt: undefined });
    } else if (e.kind === 'mutex.lost') {
      const section = open.get(e.client);
      if (section) section.lostAt ??= e.at;
    } else if (e.kind === 'mutex.exit') {
      const section = open.get(e.client);
      if (section) { section.end = e.at; done.push(section); open.delete(e.client); }
    }
  }
  return [...done, ...open.values()].sort((a, b) => a.start - b.start);
}

/**
 * Mutex safety:
 * - mutual exclusion: no client enters while another client's section is
 *   open, unless that client was told first (its `lease.lost` fired before
 *   the other entered; a section is over for its holder once lost fires),
 *   except while the server was ending the holder's session and the holder
 *   was told before that was over (counted as `excused`; see ExpiryWindows);
 * - fencing tokens strictly increase in the order clients entered.
 */
export function checkMutex(events: readonly ChaosEvent[], runEnd: number): { violations: Violation[]; sections: number; lost: number; excused: number } {
  const sections = criticalSections(events, runEnd);
  const expiries = new ExpiryWindows(events);
  const violations: Violation[] = [];
  let excused = 0;
  for (let i = 0; i < sections.length; i++) {
    const a = sections[i];
    const over = Math.min(a.end, a.lostAt ?? Infinity);
    for (let j = i + 1; j < sections.length && sections[j].start < over; j++) {
      const b = sections[j];
      if (b.client === a.client) continue;
      if (expiries.excuses(a.client, b.start, a.lostAt)) { excused++; continue; }
      const told = a.lostAt === undefined ? 'its lease was never reported lost' : `its lease was reported lost only at +${(a.lostAt - b.start).toFixed(1)} ms`;
      violations.push({
        checker: 'mutex',
        message: `${b.client} entered (token ${b.token}) while ${a.client} held the lock (token ${a.token}); ${told}`,
        at: b.start, clients: [a.client, b.client],
      });
    }
    if (i > 0 && sections[i - 1].token >= a.token) {
      const p = sections[i - 1];
      violations.push({
        checker: 'mutex',
        message: `fencing token did not increase: ${p.client} entered with ${p.token}, then ${a.client} with ${a.token}`,
        at: a.start, clients: [p.client, a.client],
      });
    }
  }
  return { violations, sections: sections.length, lost: sections.filter((s) => s.lostAt !== undefined).length, excused };
}
