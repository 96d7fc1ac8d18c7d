import type { Participant } from './participants.js';

/** A participant's place in a lock queue. */
export type QueueRole = 'holder' | 'waiter' | 'lease' | 'acquiring';

/** A participant with its position and role. */
export interface QueueEntry extends Participant {
  position: number;
  role: QueueRole;
}

/**
 * Who holds a lock path, the way Curator and kazoo decide it on the sorted
 * children: an exclusive node (mutex `lock-`, `__WRIT__`, kazoo `__lock__`)
 * holds only at position 0; a shared node (`__READ__`, kazoo `__rlock__`) holds
 * while no exclusive node is ahead of it (INTEROP.md §2, §3, §10).
 */
export function lockQueue(sorted: readonly Participant[]): QueueEntry[] {
  let exclusiveAhead = false;
  return sorted.map((p, position) => {
    const holds = p.mode === 'exclusive' ? position === 0 : !exclusiveAhead;
    if (p.mode === 'exclusive') exclusiveAhead = true;
    return { ...p, position, role: holds ? 'holder' : 'waiter' };
  });
}

/**
 * A semaphore (Curator InterProcessSemaphoreV2, INTEROP.md §4): every lease
 * node is a holder; contenders in `locks` are acquiring (the first, which
 * watches the leases) or waiting. The lease limit is not stored in ZooKeeper.
 */
export function semaphoreQueue(leases: readonly Participant[], locks: readonly Participant[]): QueueEntry[] {
  return [
    ...leases.map((p, position): QueueEntry => ({ ...p, position, role: 'lease' })),
    ...locks.map((p, position): QueueEntry => ({ ...p, position, role: position === 0 ? 'acquiring' : 'waiter' })),
  ];
}

/** Things on a lock path a person troubleshooting it should know. */
export function lockWarnings(entries: readonly QueueEntry[]): string[] {
  const warnings: string[] = [];
  const kazooDefault = entries.filter((e) => e.marker === '__lock__' || e.marker === '__rlock__');
  const curatorStyle = entries.filter((e) => e.marker === 'lock-' || e.marker === '__READ__' || e.marker === '__WRIT__');
  if (kazooDefault.length > 0 && curatorStyle.length > 0) {
    warnings.push('kazoo default lock nodes (__lock__) and Curator-style nodes (-lock-, __READ__/__WRIT__) share this path: '
      + 'they do not exclude each other (give kazoo extra_lock_patterns or a -lock- node name)');
  }
  const unknown = entries.filter((e) => e.marker === undefined);
  if (unknown.length > 0) {
    warnings.push(`${unknown.length} node(s) with no lock recipe name (e.g. ${unknown[0].name}): Curator sorts them by their whole name`);
  }
  for (const e of entries.filter((x) => !x.ephemeral)) {
    warnings.push(`${e.name} is not ephemeral: it stays if its owner dies`);
  }
  return warnings;
}
