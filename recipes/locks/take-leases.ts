import type { NodeDataInput, Stat, ZkClient } from '../../src/client/index.js';
import { ZkError } from '../../src/errors/index.js';
import { claimPipelined, confirmOwned, createParticipant, Wakeup, type CreatedParticipant, type ParticipantNode } from '../internal/index.js';

/** A listing of the lease parent, or `'gone'` when it (or our session) is gone. */
type Listing = string[] | 'gone';

/** What the holder of a semaphore's gate asks for. */
export interface LeaseRequest {
  /** `<semaphore>/leases`. */
  parent: string;
  /** `lease-`. */
  name: string;
  data: NodeDataInput;
  count: number;
  maxLeases: number;
  /** Our node in `<semaphore>/locks`, held; removed by this function in every case. */
  gate: ParticipantNode;
}

/** A lease node of ours, confirmed owned by the current session. */
export interface TakenLease {
  node: ParticipantNode;
  stat: Stat;
}

/**
 * InterProcessSemaphoreV2's `internalAcquire1Lease`, for `count` leases at once,
 * run by the holder of the semaphore's gate: create the lease nodes (each
 * create pipelined with a listing), then wait, watching the children of the
 * lease parent, until there are at most `maxLeases` of them. Releases the gate
 * as soon as the leases fit, without waiting for that delete; a lease whose
 * czxid the pipelined listings proved is claimed without reading its node.
 *
 * @returns the confirmed leases, or `null` when a node of ours went (session
 * loss, deletion): the caller starts over; what was created is deleted.
 * On timeout, abort or error every node is deleted before this rejects.
 */
export async function takeLeases(client: ZkClient, request: LeaseRequest, signal: AbortSignal): Promise<TakenLease[] | null> {
  const { parent, gate, maxLeases } = request;
  const nodes: ParticipantNode[] = [];
  let taken: TakenLease[] | null = null;
  try {
    const created = await Promise.allSettled(Array.from({ length: request.count }, () =>
      createParticipant(client, { parent, name: request.name, data: request.data, deferWatch: true }, signal)));
    const czxids: (bigint | null)[] = [];
    for (const r of created) if (r.status === 'fulfilled') { nodes.push(r.value.node); czxids.push(r.value.czxid); }
    const failed = created.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    const ours = nodes.map((n) => n.name);
    let listing: Listing | null = (created.at(-1) as PromiseFulfilledResult<CreatedParticipant>).value.children;
    let wakeup: Wakeup | undefined;
    for (;;) {
      if (gate.isGone || nodes.some((n) => n.isGone)) return null;
      if (listing === null) {
        wakeup = new Wakeup();
        listing = await listLeases(client, parent, wakeup, signal);
      }
      const children = listing;
      if (children === 'gone' || !ours.every((n) => children.includes(n))) return null;
      if (children.length <= maxLeases) break;
      for (const n of nodes) n.readAhead(); // the claim's stat; our nodes going shows in the next listing
      if (wakeup) await waitForChange(wakeup, [gate, ...nodes], signal);
      listing = null;
      wakeup = undefined;
    }
    // The leases fit: let the next acquirer in now. On success its delete is not
    // awaited (it retries by itself, like Curator's guaranteed delete): our leases
    // do not depend on it, and a later request of ours is answered after it anyway.
    void gate.remove();
    const stats = await Promise.all(nodes.map(async (n, i) => {
      const czxid = czxids[i];
      return (czxid === null ? null : claimPipelined(client, n, czxid, request.data)) ?? confirmOwned(client, n, signal);
    }));
    if (stats.every((s): s is Stat => s !== null)) taken = nodes.map((node, i) => ({ node, stat: stats[i] }));
    return taken;
  } finally {
    if (!taken) {
      const removals = [gate.remove(), ...nodes.map((n) => n.remove())];
      if (client.state === 'connected') await Promise.all(removals);
    }
  }
}

/** The lease children (arming a children watch that wakes `wakeup`), or `'gone'` if the parent or our session is gone. */
async function listLeases(client: ZkClient, parent: string, wakeup: Wakeup, signal: AbortSignal): Promise<Listing> {
  try {
    return (await client.getChildren(parent, { watch: wakeup.wake, signal })).children;
  } catch (e) {
    if (e instanceof ZkError && (e.code === 'NO_NODE' || e.code === 'SESSION_EXPIRED')) return 'gone';
    throw e;
  }
}

/** Waits for the children watch, or one of our nodes going. */
async function waitForChange(wakeup: Wakeup, ours: ParticipantNode[], signal: AbortSignal): Promise<void> {
  const stops = ours.map((n) => wakeup.wakeOn(n.gone, 'own-node'));
  try {
    await wakeup.wait(signal);
  } finally {
    for (const stop of stops) stop();
  }
}
