import { joinPath, sleep, type Deadline } from '../../src/client/index.js';
import { NoNodeError, SessionExpiredError, ZkError } from '../../src/errors/index.js';
import { isTransient, Wakeup, watchNode } from '../internal/index.js';
import type { MemberNode } from './member-node.js';
import { backoffMs, listChildren, READY_NODE, sortedMembers, type RoundContext } from './round-context.js';

/**
 * Curator's `DistributedDoubleBarrier.leave`, one round: list the members
 * (every child but `ready`, sorted by name); the lowest keeps its node and
 * waits for the others to go (Curator: for the highest), every other member
 * deletes its node and waits for the lowest to go; repeat until no member is
 * left; `ready` is removed at the end. Resolves once every member of our round
 * has left.
 *
 * Differences from Curator 5.4, none visible to a Curator member of the same
 * round:
 * - Members of our round are the ones in our first listing. A member that
 *   finished and already entered the next round on the same path is not
 *   waited for (with Curator it is, and both rounds wait for each other).
 * - A member that is not the lowest sends its watch of the lowest and its
 *   delete together (one round trip). The lowest waits with a children watch
 *   set by its listing (Curator: an exists-watch on the highest, then a new
 *   listing), so each of its turns is one request; only the lowest holds it.
 * - The last member deletes `ready` just before its own node, so the members
 *   waiting on it usually find `ready` gone; whoever sees no member left and
 *   `ready` still there (the last member crashed) deletes it.
 * - The watch on the lowest is a getData watch, which leaves nothing on the
 *   server when the node is already gone. Every wake-up (deletion, data
 *   change, session loss) only makes us list again: a member leaves only when
 *   the listing is empty, never on a notification alone. Curator also returns
 *   when a single other member is left; we wait for it.
 * - Session loss after the first listing: our node went with the session,
 *   which to the others means we left; we keep waiting for the rest of the
 *   round on the new session.
 *
 * @throws SessionExpiredError (or NoNodeError) when our node was already gone
 * before leave started, so the round we belonged to cannot be known; on
 * timeout, abort or any other failure our node is deleted before this rejects.
 */
export async function leaveRound(ctx: RoundContext, member: MemberNode, deadline: Deadline, onRound: (size: number) => void): Promise<void> {
  let round: Set<string> | undefined;
  let fatal: ZkError | undefined;
  let mine = true;
  let watchChildren = false;
  let failures = 0;
  try {
    for (;;) {
      deadline.throwIfAborted();
      const wakeup = new Wakeup();
      try {
        const listedWithWatch = watchChildren;
        const children = (await listChildren(ctx.client, ctx.path, deadline, listedWithWatch ? wakeup.wake : undefined)) ?? [];
        let members = sortedMembers(children);
        if (!round) {
          if (member.gone || !members.includes(member.name)) throw (fatal = nodeGoneError(ctx, member));
          round = new Set(members);
          onRound(members.length);
        } else {
          const inRound = round;
          members = members.filter((m) => inRound.has(m));
        }
        if (mine && (member.gone || !members.includes(member.name))) {
          mine = false; // our session ended: to the others we have left
          member.markGone();
        }
        if (members.length === 0) {
          // The listing shows `ready` too: still there if the last member did not leave normally.
          if (children.includes(READY_NODE)) await deleteReady(ctx, deadline);
          return;
        }
        if (mine && members.length === 1) {
          // The last one: ready first, then our node, sent together.
          const readyDeleted = deleteReady(ctx, deadline);
          mine = false;
          const removal = member.remove();
          await readyDeleted;
          await deadline.race(removal);
          return;
        }
        if (mine && members[0] === member.name) {
          // The lowest keeps its node until the others are gone. Curator
          // watches the highest and lists again (two requests a turn); a
          // children watch set by the listing itself does it in one, and wakes
          // only the lowest.
          if (listedWithWatch) await wakeup.wait(deadline.signal);
          watchChildren = true;
          failures = 0;
          continue;
        }
        // Everyone else deletes its node and waits for the lowest, both sent together.
        const armed = watchNode(ctx.client, joinPath(ctx.path, members[0]), wakeup, deadline.signal);
        if (mine) {
          mine = false;
          const removal = member.remove();
          armed.catch(() => undefined);
          await deadline.race(removal);
        }
        if (await armed) await wakeup.wait(deadline.signal);
        failures = 0;
      } catch (e) {
        if (e === fatal || deadline.aborted || !isTransient(e)) throw e;
        await sleep(backoffMs(failures++), deadline.signal);
      }
    }
  } catch (e) {
    const removal = member.remove();
    if (ctx.client.state === 'connected') await removal;
    throw e;
  }
}

/** Curator deletes `ready` ignoring NoNode. */
async function deleteReady(ctx: RoundContext, deadline: Deadline): Promise<void> {
  try {
    await ctx.client.delete(ctx.readyPath, { signal: deadline.signal });
  } catch (e) {
    if (!(e instanceof ZkError && e.code === 'NO_NODE')) throw e;
  }
}

/** Our node vanished between enter and leave: the others took us for gone, and our round is unknown. */
function nodeGoneError(ctx: RoundContext, member: MemberNode): ZkError {
  const sessionEnded = member.gone;
  const error = sessionEnded ? new SessionExpiredError({ op: 'leave', path: member.path }) : new NoNodeError({ op: 'leave', path: member.path });
  error.message = `Our member node ${member.path} of double barrier ${ctx.path} was gone before leave() `
    + `(${sessionEnded ? 'the session ended' : 'someone deleted it'}): the other members took us for left`;
  return error;
}
