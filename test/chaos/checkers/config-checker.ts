import type { ChaosEvent } from '../events.js';
import type { Violation } from './violation.js';

/**
 * ConfigWatcher order: a watcher never serves an older value after a newer
 * one (the published counter never goes down in what one client sees).
 * Convergence to the final value is checked live at the end of the run.
 */
export function checkConfigOrder(events: readonly ChaosEvent[]): { violations: Violation[]; seen: number } {
  const last = new Map<string, number>();
  const violations: Violation[] = [];
  let seen = 0;
  for (const e of events) {
    if (e.kind !== 'config.seen') continue;
    seen++;
    const before = last.get(e.client);
    if (before !== undefined && e.seq < before) {
      violations.push({ checker: 'config', message: `${e.client} went back from seq ${before} to seq ${e.seq}`, at: e.at, clients: [e.client] });
    }
    last.set(e.client, Math.max(before ?? e.seq, e.seq));
  }
  return { violations, seen };
}
