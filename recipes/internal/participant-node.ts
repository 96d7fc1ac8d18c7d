import type { Stat, WatchEvent, ZkClient } from '../../src/client/index.js';
import { nodeName, onAbort, parentPath } from '../../src/client/index.js';
import { ZkError } from '../../src/errors/index.js';
import { logEvent } from '../../src/observability/logger.js';
import { retryPause } from './retry-pause.js';
import { LazyAbort } from './lazy-abort.js';

/** Why a {@link ParticipantNode} is no longer ours to use. */
export type GoneReason =
  /** Someone deleted it (an admin, a revoker, a test). */
  | 'deleted'
  /** The session it belongs to ended (or the client closed). */
  | 'session-ended'
  /** It exists but belongs to another session than the client's current one. */
  | 'not-owned'
  /** It could not be watched (no connection for longer than the client's connect timeout). */
  | 'unwatchable'
  /** We deleted it ourselves ({@link ParticipantNode.remove}). */
  | 'removed';

/** Errors after which deleting again is pointless or impossible. */
const FINAL_DELETE_CODES = new Set(['NO_NODE', 'CLOSED', 'NO_AUTH', 'INVALID_PATH', 'INVALID_ARGUMENT']);

/**
 * Our own ephemeral node in a recipe's queue (a lock node, a latch node, a
 * semaphore lease), and a watch on it for as long as we keep it.
 *
 * From construction on (or, when deferred, from {@link watch} on), a getData
 * watch on the node (re-armed after data changes) provides its stat and aborts
 * {@link gone} the moment the node is deleted, its session ends, or it turns
 * out to belong to another session. A
 * getData (not exists) watch is used so that no watch is left on the server when
 * the node is already gone. One watch per participant; it is consumed by our own
 * delete in {@link remove}.
 */
export class ParticipantNode {
  /** Full path of the node. */
  readonly path: string;
  /** Node name (the last path segment). */
  readonly name: string;
  /** Path of the queue (the node's parent). */
  readonly parent: string;
  readonly #gone = new LazyAbort<GoneReason>();
  #deleted = false;
  #goneListeners: Set<() => void> | undefined;
  private firstStat: Promise<Stat | null> | undefined;
  /** A read without a watch, for a node whose watch is deferred (see {@link readAhead}). */
  private plainStat: Promise<Stat | null> | undefined;
  private owner: string | undefined;
  private removal: Promise<void> | undefined;

  /**
   * Starts watching an ephemeral node this client has just created.
   * @param sessionHint the client's session id when the create resolved: the
   * presumed owner until the first read says otherwise.
   * @param options.watch `false` defers the watch (and the read behind it) until
   * {@link watch} or {@link stat} is called: until then {@link gone} reports only
   * what this client itself learns (its own remove, a listing without the node),
   * not a deletion by someone else. @default true
   */
  constructor(private readonly client: ZkClient, path: string, private readonly sessionHint: string | null, options: { watch?: boolean } = {}) {
    this.path = path;
    this.name = nodeName(path);
    this.parent = parentPath(path);
    if (options.watch !== false) this.watch();
  }

  /**
   * Arms the node's watch (a getData that also reads its stat), unless it is
   * armed already or the node is gone. Idempotent; sends nothing the second time.
   */
  watch(): void {
    if (this.firstStat || this.isGone) return;
    this.firstStat = this.arm();
  }

  /** True once {@link watch} has been called (by the constructor or later). */
  get watched(): boolean {
    return this.firstStat !== undefined;
  }

  /** The session that owns the node (its `ephemeralOwner`), once read; before that the presumed owner. */
  get ownerSession(): string | null {
    return this.owner ?? this.sessionHint;
  }

  /** Aborted, with a {@link GoneReason} as its reason, once the node is no longer ours to use. */
  get gone(): AbortSignal {
    return this.#gone.signal;
  }

  /** True once the node is no longer ours to use (what {@link gone} says, without making the signal). */
  get isGone(): boolean {
    return this.#gone.aborted;
  }

  /** Why the node is gone, or `undefined` while it is ours. */
  get goneReason(): GoneReason | undefined {
    return this.#gone.reason;
  }

  /**
   * Calls `listener` once when the node goes (not if it has gone already: check
   * {@link isGone}). Returns the function that stops listening.
   */
  onGone(listener: () => void): () => void {
    const listeners = (this.#goneListeners ??= new Set());
    listeners.add(listener);
    return () => { listeners.delete(listener); };
  }

  /**
   * Starts reading the node's stat without arming the watch, when the watch is
   * deferred and not armed yet: a waiter that needs the stat for its claim, but
   * (like Curator's) learns of its own node going from its next listing, and so
   * leaves no watch that its own delete would fire. Idempotent.
   */
  readAhead(): void {
    if (this.firstStat || this.plainStat || this.isGone) return;
    this.plainStat = this.readPlain();
  }

  private async readPlain(): Promise<Stat | null> {
    try {
      const { stat } = await this.client.getData(this.path);
      return this.checkOwner(stat) ? stat : null;
    } catch (e) {
      if (!this.onReadError(e)) this.markGone('unwatchable', e);
      return null;
    }
  }

  /**
   * The node's stat (czxid, ephemeralOwner) from its first read, or `null` if
   * the node is gone: the watch's read, or the {@link readAhead} read when there
   * is one and the watch is not armed; otherwise arms the watch. Rejects only
   * when `signal` aborts first.
   */
  async stat(signal: AbortSignal): Promise<Stat | null> {
    if (signal.aborted) throw signal.reason;
    if (!this.plainStat) this.watch();
    const first = this.firstStat ?? this.plainStat ?? Promise.resolve(null); // gone before it was ever read
    return new Promise<Stat | null>((resolve, reject) => {
      const stop = onAbort(signal, () => reject(signal.reason as Error));
      void first.then((s) => { stop(); resolve(s); });
    });
  }

  /** A fresh read of the node's stat without a watch (after a reconnect); `null`, and {@link gone}, if it is not ours. */
  async refresh(signal: AbortSignal): Promise<Stat | null> {
    try {
      const { stat } = await this.client.getData(this.path, { signal });
      return this.checkOwner(stat) ? stat : null;
    } catch (e) {
      if (!this.onReadError(e)) throw e;
      return null;
    }
  }

  private async arm(): Promise<Stat | null> {
    try {
      const { stat } = await this.client.getData(this.path, { watch: (event) => this.onEvent(event) });
      return this.checkOwner(stat) ? stat : null;
    } catch (e) {
      if (!this.onReadError(e)) this.markGone('unwatchable', e);
      return null;
    }
  }

  private onEvent(event: WatchEvent): void {
    if (this.isGone) return;
    if (event.type === 'deleted') this.markGone('deleted');
    else if (event.type === 'sessionLost') this.markGone('session-ended');
    else void this.arm(); // data changed (a revoke request, say): watch again
  }

  private checkOwner(stat: Stat): boolean {
    this.owner ??= stat.ephemeralOwner;
    if (stat.ephemeralOwner !== this.client.sessionId) { this.markGone('not-owned'); return false; }
    return true;
  }

  /** Marks the node gone for errors that say so; false for other errors. */
  private onReadError(e: unknown): boolean {
    if (!(e instanceof ZkError)) return false;
    if (e.code === 'NO_NODE') { this.markGone('deleted'); return true; }
    if (e.code === 'SESSION_EXPIRED' || e.code === 'CLOSED') { this.markGone('session-ended'); return true; }
    return false;
  }

  /** Declares the node unusable (idempotent; the first reason stays). */
  markGone(reason: GoneReason, cause?: unknown): void {
    if (!this.#gone.abort(reason)) return;
    const listeners = this.#goneListeners;
    this.#goneListeners = undefined;
    if (listeners) for (const listener of listeners) listener();
    if (reason !== 'removed') {
      logEvent(this.client.log, 'info', `Recipe node ${this.path} is gone: ${reason}`, 'zk.recipe.node_gone', {
        zookeeper: { path: this.path, session_id: this.ownerSession }, reason, ...(cause ? { error: cause } : {}),
      });
    }
  }

  /**
   * Deletes the node, retrying (Curator's guaranteed delete) until it is deleted
   * or already gone, the client closes, or the node's session has ended (the
   * server then drops it by itself). Idempotent: every call returns the same
   * promise, which never rejects.
   */
  remove(): Promise<void> {
    this.removal ??= this.deleteUntilGone();
    return this.removal;
  }

  /** True once {@link remove} was called. */
  get removing(): boolean {
    return this.removal !== undefined;
  }

  /** True once the node is known deleted: our delete succeeded, or found it gone. */
  get deleted(): boolean {
    return this.#deleted;
  }

  private async deleteUntilGone(): Promise<void> {
    this.markGone('removed');
    for (let attempt = 1; ; attempt++) {
      try {
        await this.client.delete(this.path);
        this.#deleted = true;
        return;
      } catch (e) {
        if (e instanceof ZkError && e.code === 'NO_NODE') this.#deleted = true;
        if (e instanceof ZkError && FINAL_DELETE_CODES.has(e.code)) return;
        // A later session may still delete a node of an ended one (the server drops it
        // anyway at its timeout): one try above was enough.
        if (this.client.sessionId !== this.ownerSession && attempt > 1) return;
        logEvent(this.client.log, 'warn', `Deleting recipe node ${this.path} failed; retrying`, 'zk.recipe.node_delete', {
          zookeeper: { path: this.path }, error: e,
        }, 'failure');
        if (!(await retryPause(this.client, Math.min(2000, 100 * 2 ** attempt)))) return;
      }
    }
  }
}
