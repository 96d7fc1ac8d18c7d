import type { NodeData, WatchEvent, ZkClient } from '../../src/client/index.js';
import { joinPath } from '../../src/client/index.js';
import { NoNodeError } from '../../src/errors/index.js';

/**
 * The watches a ServiceCache keeps on one service, and the work they signal.
 *
 * Invariant: at most one watch of each kind is outstanding per node. A flag is
 * set just before a read that leaves a watch, and cleared only by that watch
 * firing (including `sessionLost`, which the client delivers to every watch of
 * an ended session) or by that read failing (the client then drops the
 * registration). A read while the flag is set leaves no new watch.
 */
export class ServiceWatches {
  private childrenWatched = false;
  private existsWatched = false;
  private readonly dataWatched = new Set<string>();
  private childrenDirty = true;
  private readonly dataDirty = new Set<string>();

  constructor(
    private readonly client: ZkClient,
    private readonly servicePath: string,
    private readonly onWork: () => void,
    private readonly stopped: AbortSignal,
  ) {}

  hasWork(): boolean {
    return this.childrenDirty || this.dataDirty.size > 0;
  }

  markChildrenDirty(): void {
    this.childrenDirty = true;
  }

  markDataDirty(name: string): void {
    this.dataDirty.add(name);
  }

  /** After a new session: list again and read every known instance again. */
  markAllDirty(names: Iterable<string>): void {
    this.childrenDirty = true;
    for (const name of names) this.dataDirty.add(name);
  }

  /** True (and clears the flag) if the children need listing. */
  takeChildrenDirty(): boolean {
    const dirty = this.childrenDirty;
    this.childrenDirty = false;
    return dirty;
  }

  /** The instances that need reading (and clears the set). */
  takeDirtyData(): string[] {
    const names = [...this.dataDirty];
    this.dataDirty.clear();
    return names;
  }

  /** Number of watches this cache has outstanding (for tests and diagnostics). */
  get outstanding(): number {
    return (this.childrenWatched ? 1 : 0) + (this.existsWatched ? 1 : 0) + this.dataWatched.size;
  }

  /**
   * The service's children, leaving a children watch; `undefined` if the
   * service node does not exist, in which case an `exists` watch waits for it.
   */
  async listChildren(): Promise<string[] | undefined> {
    const watch = this.childrenWatched ? undefined : this.once(() => { this.childrenWatched = false; }, () => this.markChildrenDirty());
    if (watch) this.childrenWatched = true;
    try {
      return (await this.client.getChildren(this.servicePath, watch ? { watch } : {})).children;
    } catch (e) {
      if (watch) this.childrenWatched = false;
      if (!(e instanceof NoNodeError)) throw e;
    }
    if (this.existsWatched) return undefined;
    const existsWatch = this.once(() => { this.existsWatched = false; }, () => this.markChildrenDirty());
    this.existsWatched = true;
    try {
      // Created in between: list again right away.
      if (await this.client.exists(this.servicePath, { watch: existsWatch })) this.markChildrenDirty();
    } catch (e) {
      this.existsWatched = false;
      throw e;
    }
    return undefined;
  }

  /** One instance node's data and stat, leaving a data watch. @throws NoNodeError */
  async readInstance(name: string): Promise<NodeData> {
    const watched = this.dataWatched.has(name);
    const watch = watched ? undefined : this.once(() => { this.dataWatched.delete(name); }, () => this.markDataDirty(name));
    if (watch) this.dataWatched.add(name);
    try {
      return await this.client.getData(joinPath(this.servicePath, name), watch ? { watch } : {});
    } catch (e) {
      if (watch) this.dataWatched.delete(name);
      throw e;
    }
  }

  /** A watch listener: `disarm` always; `dirty` and a wake-up unless the session ended or the cache stopped. */
  private once(disarm: () => void, dirty: () => void): (event: WatchEvent) => void {
    return (event) => {
      disarm();
      if (event.type === 'sessionLost' || this.stopped.aborted) return;
      dirty();
      this.onWork();
    };
  }
}
