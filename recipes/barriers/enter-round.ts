import { sleep, type Deadline } from '../../src/client/index.js';
import { ZkError } from '../../src/errors/index.js';
import { isTransient, Wakeup } from '../internal/index.js';
import { MemberNode } from './member-node.js';
import { backoffMs, listChildren, READY_NODE, type RoundContext } from './round-context.js';

/** What `enterRound` reports while it runs (for the span). */
export interface EnterProgress {
  /** A member node was created (again, after a session change). */
  onMember(member: MemberNode): void;
  /** Member nodes counted in a listing that includes ours. */
  onSeen(count: number): void;
}

/**
 * Curator's `DistributedDoubleBarrier.enter`, one round: watch `ready`, create
 * our member node, count the children; the member that completes the count
 * creates `ready`, the others wait for it. Resolves with our member node once
 * the barrier is full.
 *
 * Differences from Curator 5.4, none visible in ZooKeeper's data:
 * - The exists(ready, watch), the create and the getChildren are sent together
 *   (one round trip instead of three). ZooKeeper answers one session's requests
 *   in order, so a listing that contains our node was taken after our create;
 *   a listing without it (the parents were made on a retry, or a connection
 *   loss reordered the retries) is discarded and the children listed again.
 * - Every wait is on the `ready` watch, armed (or known armed) before the
 *   state is read, and the state is read again after every wake-up. A
 *   `created` event that arrives after our read saw no `ready` proves the
 *   barrier filled and lets us through; any other wake-up (`deleted`, a
 *   session loss, an event that overtook our read) only makes us read again,
 *   so nothing spurious lets a member through, and no notification is lost
 *   (Curator 5.4 can consume one before it waits, then waits forever).
 * - Session loss: our ephemeral node went with the session, so a new one
 *   (new UUID) is created on the new session, within the same deadline, once
 *   the old one is confirmed deleted (the server may not have dropped it yet);
 *   connection trouble beyond the client's retries is waited out the same way.
 *
 * On timeout, abort or any other failure our member node is deleted (waiting
 * for an in-flight create to settle first) before this rejects, when
 * connected; otherwise the deletion continues in the background and the
 * session's end removes the node anyway.
 */
export async function enterRound(ctx: RoundContext, deadline: Deadline, progress: EnterProgress): Promise<MemberNode> {
  let member: MemberNode | undefined;
  let failures = 0;
  try {
    for (;;) {
      deadline.throwIfAborted();
      const wakeup = new Wakeup();
      let readReturned = false;
      // An event that overtakes the reply of our read describes a change the
      // reply already shows: read again rather than trust it.
      const unsubscribe = ctx.ready.subscribe((event) => wakeup.wake(readReturned ? event : { type: 'signal', source: 'before-read' }));
      try {
        const fresh = !member || member.gone;
        // Our old node (of an ended session) must be gone before a new one is
        // counted next to it.
        if (fresh && member) await deadline.race(member.remove());
        const readyRead = ctx.ready.read(deadline); // first, as in Curator: exists(ready) before the create
        if (fresh) {
          member = new MemberNode(ctx.client, ctx.path, ctx.memberData);
          progress.onMember(member);
        }
        const current: MemberNode = member!;
        const listing = listChildren(ctx.client, ctx.path, deadline);
        listing.catch(() => undefined); // awaited below unless an earlier step throws
        const readyStat = await readyRead;
        readReturned = true;
        await deadline.race(current.whenCreated());
        if (readyStat) return current;
        const children = await listing;
        if (!children?.includes(current.name)) {
          // Fresh: the listing may predate our create; list again. Otherwise our node is gone.
          if (!fresh) current.markGone();
          continue;
        }
        if (children.includes(READY_NODE)) return current;
        progress.onSeen(children.length);
        if (children.length >= ctx.memberCount) {
          await createReady(ctx, deadline);
          return current;
        }
        const reason = await wakeup.wait(deadline.signal);
        if (reason.type === 'created' || reason.type === 'dataChanged') return current;
        failures = 0;
      } catch (e) {
        if (deadline.aborted || !isTransient(e)) throw e;
        await sleep(backoffMs(failures++), deadline.signal);
      } finally {
        unsubscribe();
      }
    }
  } catch (e) {
    if (member) {
      const removal = member.remove();
      if (ctx.client.state === 'connected') await removal;
    }
    throw e;
  }
}

/** Creates `ready` (Curator: persistent, ignoring NodeExists): the barrier is full. */
async function createReady(ctx: RoundContext, deadline: Deadline): Promise<void> {
  try {
    await ctx.client.create(ctx.readyPath, null, { signal: deadline.signal });
  } catch (e) {
    if (!(e instanceof ZkError && e.code === 'NODE_EXISTS')) throw e;
  }
}
