import { callOptions, clientOf, type Command } from '../command.js';
import { formatAge } from '../format/table.js';
import { participantJson, participantTable } from '../recipes/participant-table.js';
import { orIfMissing } from '../missing-node.js';
import { readParticipants } from '../recipes/participants.js';

/** Node names an election writes: LeaderLatch `latch-`, LeaderSelector `lock-`, kazoo Election `__lock__`. */
const ELECTION_MARKERS = new Set(['latch-', 'lock-', '__lock__']);

/**
 * `zkr leader <path>`: the current leader and the candidates in line, read
 * from the nodes as Curator's `getLeader()`/`getParticipants()` reads them:
 * sorted by sequence, the first is the leader, the data is the participant id.
 */
export const leaderCommand: Command = {
  name: 'leader',
  usage: 'leader path',
  summary: 'show the current leader of an election and the candidates in line',
  positionals: [1, 1],
  async run(ctx, args) {
    const path = args.at(0);
    const client = await clientOf(ctx);
    const all = await orIfMissing(readParticipants(client, path, callOptions(ctx)), []);
    const candidates = all.filter((p) => p.marker !== undefined && ELECTION_MARKERS.has(p.marker))
      .map((p, position) => ({ ...p, position, role: position === 0 ? 'leader' : 'candidate' }));
    const ignored = all.length - candidates.length;
    const leader = candidates[0];
    const now = Date.now();
    ctx.out.result({
      path,
      leader: leader ? participantJson(leader) : null,
      candidates: candidates.map(participantJson),
      ignoredNodes: ignored,
    }, () => {
      if (!leader) ctx.out.line(`${path}: no leader (no candidates)`);
      else {
        ctx.out.line(`${path}: leader ${leader.participant || '""'} (session ${leader.sessionId}, in line for ${formatAge(now - leader.ctime)}), ${candidates.length - 1} more candidate(s)`);
        ctx.out.line(...participantTable(candidates, now));
      }
      if (ignored > 0) ctx.out.line(`note: ${ignored} node(s) under ${path} are not election nodes and were left out`);
    });
  },
};
