import { ZkError } from '../errors/index.js';
import type { Stat, WatchEventType, WatchListener, NodeData, NodeChildren, WatchOptions } from './types.js';

/** What `client.watch()` yields: the node's state after a change. */
export interface WatchSnapshot {
  path: string;
  /** What led to this read: the first read, a watch event, or a resync after a new session. */
  cause: 'initial' | 'resync' | WatchEventType;
  /** `null` while the node does not exist. */
  stat: Stat | null;
  /** For `kind: 'data'`: the node's data, `null` while it does not exist. */
  data?: Buffer | null;
  /** For `kind: 'children'`: the child names, `null` while the node does not exist. */
  children?: string[] | null;
}

/** The reads a watch stream needs; ZkClient provides them. */
export interface WatchStreamClient {
  getData(path: string, options: WatchOptions): Promise<NodeData>;
  getChildren(path: string, options: WatchOptions): Promise<NodeChildren>;
  exists(path: string, options: WatchOptions): Promise<Stat | null>;
  /** Resolves once connected; rejects with CLOSED when the client closes. */
  waitUntilConnected(signal: AbortSignal): Promise<void>;
}

/** A watch that re-arms itself; see `ZkClient.watch`. */
export class WatchStream implements AsyncIterableIterator<WatchSnapshot> {
  private dirty = true;
  private cause: WatchSnapshot['cause'] = 'initial';
  private wake: (() => void) | undefined;
  private done = false;
  private lastKey: string | undefined;
  private readonly stop = new AbortController();
  private readonly onCallerAbort = (): void => { void this.return(); };

  constructor(
    private readonly client: WatchStreamClient,
    readonly path: string,
    readonly kind: 'data' | 'children',
    private readonly signal?: AbortSignal,
  ) {
    signal?.addEventListener('abort', this.onCallerAbort, { once: true });
    if (signal?.aborted) this.done = true;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  async next(): Promise<IteratorResult<WatchSnapshot>> {
    while (!this.done) {
      if (!this.dirty) {
        await new Promise<void>((resolve) => { this.wake = resolve; });
        this.wake = undefined;
        continue;
      }
      this.dirty = false;
      const cause = this.cause;
      let snapshot: WatchSnapshot | undefined;
      try {
        snapshot = await this.read(cause);
      } catch (e) {
        if (this.done) break;
        if (e instanceof ZkError && e.code === 'CLOSED') { this.finish(); break; }
        if (e instanceof ZkError && (e.retryable || e.code === 'SESSION_EXPIRED' || e.code === 'NOT_CONNECTED')) {
          // The watch was not armed; read again once there is a session.
          this.dirty = true;
          this.cause = 'resync';
          try { await this.client.waitUntilConnected(this.stop.signal); } catch { /* closed or stopped: loop ends */ }
          continue;
        }
        this.finish();
        throw e;
      }
      if (this.done) break;
      const key = this.keyOf(snapshot);
      // Say nothing twice: a resync after a new session, or a second watch armed by the
      // exists/getData pair, can find the node exactly as last delivered.
      if (key === this.lastKey) continue;
      this.lastKey = key;
      return { value: snapshot, done: false };
    }
    return { value: undefined, done: true };
  }

  async return(): Promise<IteratorResult<WatchSnapshot>> {
    this.finish();
    return Promise.resolve({ value: undefined, done: true });
  }

  private finish(): void {
    if (this.done) return;
    this.done = true;
    this.stop.abort();
    this.signal?.removeEventListener('abort', this.onCallerAbort);
    this.wake?.();
  }

  private readonly listener: WatchListener = (event) => {
    if (this.done) return;
    this.dirty = true;
    this.cause = event.type === 'sessionLost' ? 'resync' : event.type;
    this.wake?.();
  };

  private keyOf(s: WatchSnapshot): string {
    if (!s.stat) return 'absent';
    return this.kind === 'data' ? `${s.stat.czxid}:${s.stat.mzxid}` : `${s.stat.czxid}:${s.stat.pzxid}:${s.stat.cversion}`;
  }

  /** One read that also arms the next watch; a missing node arms an exists watch for its creation. */
  private async read(cause: WatchSnapshot['cause']): Promise<WatchSnapshot> {
    const options = { watch: this.listener, signal: this.stop.signal };
    for (;;) {
      try {
        if (this.kind === 'data') {
          const { data, stat } = await this.client.getData(this.path, options);
          return { path: this.path, cause, stat, data };
        }
        const { children, stat } = await this.client.getChildren(this.path, options);
        return { path: this.path, cause, stat, children };
      } catch (e) {
        if (!(e instanceof ZkError && e.code === 'NO_NODE')) throw e;
      }
      const stat = await this.client.exists(this.path, options);
      // Created between the two reads: its exists-watch is armed, read it again.
      if (stat) continue;
      return this.kind === 'data'
        ? { path: this.path, cause, stat: null, data: null }
        : { path: this.path, cause, stat: null, children: null };
    }
  }
}
