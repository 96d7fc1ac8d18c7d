import type { Deadline, Stat, WatchEvent, WatchListener, ZkClient } from '../../src/client/index.js';
import { ZkError } from '../../src/errors/index.js';

/**
 * What the shared watch waits for: `exists` also reports a creation (the
 * `ready` node of a double barrier); `data` (a getData watch) reports only the
 * change or deletion of a node that exists, and leaves nothing on the server
 * when the node is absent (the barrier node of a Barrier).
 */
export type SharedWatchKind = 'exists' | 'data';

/**
 * One watch on a node, shared by every wait of one recipe object (the barrier
 * node of a Barrier, the `ready` node of a DoubleBarrier).
 *
 * The client cannot remove a watch (the binding has no `removeWatches`), so a
 * wait that times out would otherwise leave its registration behind until the
 * node changes, one more per call. Here at most one registration is
 * outstanding per object: a read while one is outstanding goes without a
 * watch, because the outstanding one reports the next change anyway (and
 * ZooKeeper delivers a watch event before the reply of any later read that
 * sees the change, so no change falls between). A waiter that gives up only
 * unsubscribes; the registration keeps no reference to it.
 *
 * Use: {@link subscribe} first, then {@link read}, then wait for the listener;
 * afterwards (or on giving up) call the returned unsubscribe. The listener is
 * called at most once: with the watch event, `sessionLost`, or `notWatching`
 * when the read that was to arm the watch did not (then read again).
 */
export class SharedWatch {
  private readonly listeners = new Set<WatchListener>();
  /** The outstanding registration, if any (a token, so that a late failure of an old one is ignored). */
  private armed: object | undefined;

  constructor(private readonly client: ZkClient, readonly path: string, private readonly kind: SharedWatchKind) {}

  /** Calls `listener` once on the node's next change; returns the function that unsubscribes it. */
  subscribe(listener: WatchListener): () => void {
    this.listeners.add(listener);
    return () => { this.listeners.delete(listener); };
  }

  /**
   * The node's stat, or `null` if it does not exist, with the shared watch
   * armed (kind `data`: armed only if the node exists). The read that arms the
   * watch is never cancelled, since only its outcome tells whether the watch
   * is live; `deadline` just stops waiting for it.
   *
   * @throws the client's errors (the arm then reports `notWatching`), or the deadline's reason.
   */
  read(deadline: Deadline): Promise<Stat | null> {
    if (this.armed) return this.readWithout(deadline);
    return deadline.race(this.arm());
  }

  private async readWithout(deadline: Deadline): Promise<Stat | null> {
    if (this.kind === 'exists') return this.client.exists(this.path, { signal: deadline.signal });
    try {
      return (await this.client.getData(this.path, { signal: deadline.signal })).stat;
    } catch (e) {
      if (e instanceof ZkError && e.code === 'NO_NODE') return null;
      throw e;
    }
  }

  private arm(): Promise<Stat | null> {
    const token = {};
    this.armed = token;
    const watch = (event: WatchEvent): void => { if (this.armed === token) this.fire(event); };
    // A failed read withdraws its registration: nothing will fire, so the subscribers must read again.
    const unarmed = (): void => { if (this.armed === token) this.fire({ type: 'notWatching', path: this.path }); };
    if (this.kind === 'exists') {
      const read = this.client.exists(this.path, { watch });
      read.catch(unarmed);
      return read;
    }
    return this.client.getData(this.path, { watch }).then((r) => r.stat, (e: unknown) => {
      unarmed();
      if (e instanceof ZkError && e.code === 'NO_NODE') return null;
      throw e;
    });
  }

  private fire(event: WatchEvent): void {
    this.armed = undefined;
    const listeners = [...this.listeners];
    this.listeners.clear();
    for (const listener of listeners) listener(event);
  }
}
