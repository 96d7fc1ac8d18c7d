import { joinPath, type ZkClient } from '../../client/index.js';
import { callOptions, clientOf, type Command, type CommandContext } from '../command.js';
import { lockQueue, lockWarnings, semaphoreQueue, type QueueEntry } from '../recipes/lock-queue.js';
import { participantJson, participantTable } from '../recipes/participant-table.js';
import { orIfMissing } from '../missing-node.js';
import { readParticipants, type Participant } from '../recipes/participants.js';

/** Participants under `path`, or none when the node is absent (an empty container is removed by the server). */
function participantsOrNone(client: ZkClient, path: string, ctx: CommandContext): Promise<Participant[]> {
  return orIfMissing(readParticipants(client, path, callOptions(ctx)), []);
}

function describeHolders(entries: readonly QueueEntry[]): string {
  const holders = entries.filter((e) => e.role === 'holder' || e.role === 'lease');
  const waiting = entries.length - holders.length;
  if (entries.length === 0) return 'free (no contenders)';
  const who = holders.map((h) => `${h.participant || '""'} (session ${h.sessionId})`).join(', ');
  return `held by ${who || 'nobody'}; ${waiting} waiting`;
}

/**
 * `zkr locks <path>`: the holder(s) and the queue of a lock path, whoever
 * made the nodes (this SDK, Curator, kazoo). A Curator semaphore path
 * (`leases` + `locks`) is shown as its leases and its acquirers.
 */
export const locksCommand: Command = {
  name: 'locks',
  usage: 'locks path',
  summary: 'show who holds a lock and who waits (mutex, read/write lock, semaphore; Curator and kazoo names)',
  positionals: [1, 1],
  async run(ctx, args) {
    const path = args.at(0);
    const client = await clientOf(ctx);
    const top = await participantsOrNone(client, path, ctx);
    const isSemaphore = top.some((p) => p.name === 'leases') && top.every((p) => p.name === 'leases' || p.name === 'locks');
    const entries = isSemaphore
      ? semaphoreQueue(await participantsOrNone(client, joinPath(path, 'leases'), ctx), await participantsOrNone(client, joinPath(path, 'locks'), ctx))
      : lockQueue(top);
    const warnings = lockWarnings(entries);
    const now = Date.now();
    const kind = isSemaphore ? 'semaphore' : entries.some((e) => e.mode === 'shared') ? 'read-write lock' : 'lock';
    ctx.out.result({
      path, kind,
      holders: entries.filter((e) => e.role === 'holder' || e.role === 'lease').length,
      waiting: entries.filter((e) => e.role === 'waiter' || e.role === 'acquiring').length,
      entries: entries.map(participantJson),
      warnings,
    }, () => {
      ctx.out.line(`${path}: ${kind}, ${describeHolders(entries)}`);
      if (entries.length > 0) ctx.out.line(...participantTable(entries, now));
      for (const w of warnings) ctx.out.line(`warning: ${w}`);
    });
  },
};
