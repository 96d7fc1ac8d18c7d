import { callOptions, clientOf, type Command } from '../command.js';
import { dataText } from '../format/node-data.js';
import { javaDate } from '../format/stat-format.js';
import { formatAge, renderTable } from '../format/table.js';
import { orIfMissing } from '../missing-node.js';
import { readParticipants } from '../recipes/participants.js';

/** Curator's and kazoo's double barrier mark "everyone is in" with this child (INTEROP.md §7, §10). */
const READY_NODE = 'ready';

/**
 * `zkr barrier <path>`: a DistributedBarrier (the node itself: up while it
 * exists) or a DistributedDoubleBarrier (member children plus `ready`). The
 * member count a double barrier waits for is not stored in ZooKeeper, so the
 * view says how many have entered and whether `ready` is there.
 */
export const barrierCommand: Command = {
  name: 'barrier',
  usage: 'barrier path',
  summary: 'show a barrier: whether it is set, and for a double barrier the members that entered',
  positionals: [1, 1],
  async run(ctx, args) {
    const path = args.at(0);
    const client = await clientOf(ctx);
    const node = await orIfMissing(client.getData(path, callOptions(ctx)), undefined);
    if (!node) {
      ctx.out.result({ path, exists: false, kind: 'barrier', set: false, members: [], ready: false }, () =>
        ctx.out.line(`${path}: no barrier (node absent): waiters pass at once`));
      return;
    }
    const children = node.stat.numChildren === 0 ? [] : await orIfMissing(readParticipants(client, path, callOptions(ctx)), []);
    const now = Date.now();
    if (children.length === 0) {
      ctx.out.result({ path, exists: true, kind: 'barrier', set: true, ctime: node.stat.ctime, data: dataText(node.data), members: [], ready: false }, () =>
        ctx.out.line(`${path}: barrier set since ${javaDate(node.stat.ctime)} (${formatAge(now - node.stat.ctime)}): waiters block until it is removed`));
      return;
    }
    const ready = children.some((c) => c.name === READY_NODE);
    const members = children.filter((c) => c.name !== READY_NODE).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    ctx.out.result({
      path, exists: true, kind: 'double-barrier', ready,
      members: members.map((m) => ({ node: m.name, participant: m.participant, sessionId: m.sessionId, ephemeral: m.ephemeral, ctime: m.ctime })),
    }, () => {
      const state = ready ? 'ready node present: the barrier is open (members run or are leaving)' : 'no ready node yet: members wait for the rest to enter';
      ctx.out.line(`${path}: double barrier, ${members.length} member(s) entered; ${state}`);
      ctx.out.line(...renderTable(['MEMBER', 'DATA', 'SESSION', 'AGE'], members.map((m) => [m.name, m.participant, m.sessionId, formatAge(now - m.ctime)])));
    });
  },
};
