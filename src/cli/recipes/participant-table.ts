import { formatAge, renderTable } from '../format/table.js';
import type { Participant } from './participants.js';

/** A participant for `--json`: everything but the raw stat, fencing token as a decimal string. */
export function participantJson(p: Participant & { position?: number; role?: string }): Record<string, unknown> {
  return {
    ...(p.position === undefined ? {} : { position: p.position }),
    ...(p.role === undefined ? {} : { role: p.role }),
    node: p.name,
    path: p.path,
    participant: p.participant,
    sessionId: p.sessionId,
    ephemeral: p.ephemeral,
    ctime: p.ctime,
    fencingToken: p.czxid.toString(),
    recipe: p.recipe,
    mode: p.mode,
    naming: p.naming,
    sequence: p.sequence ?? null,
  };
}

/** The table `locks` and `leader` print: one row per participant, the node name last. */
export function participantTable(rows: readonly (Participant & { position: number; role: string })[], now: number): string[] {
  return renderTable(
    ['POS', 'ROLE', 'PARTICIPANT', 'SESSION', 'AGE', 'FENCING', 'RECIPE', 'NODE'],
    rows.map((p) => [
      String(p.position), p.role, p.participant === '' ? '""' : p.participant, p.sessionId,
      formatAge(now - p.ctime), p.czxid.toString(), p.recipe, p.name,
    ]),
  );
}
