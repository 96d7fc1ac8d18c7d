import { hasCode, ZK, type RawZk } from './raw-zk.js';

const SESSION_EVENT = -1;

/**
 * The minimal ZooKeeper lock written by hand on the raw package (the recipe
 * from the ZooKeeper docs): create an ephemeral-sequential node, list, lowest
 * wins, otherwise watch the predecessor and list again when it goes. Three
 * round trips uncontended (create, list, delete). No fencing token, no loss
 * detection, no retries: the floor.
 */
export class RawLock {
  private node: string | undefined;

  /** @param onNotification called for every watch notification this lock receives. */
  constructor(private readonly zk: RawZk, private readonly path: string, private readonly onNotification?: () => void) {}

  /** The full path of our node while held. */
  get held(): string | undefined {
    return this.node;
  }

  async acquire(): Promise<string> {
    const node = await this.zk.create(`${this.path}/lock-`, '', ZK.EPHEMERAL_SEQUENTIAL);
    const name = node.slice(this.path.length + 1);
    for (;;) {
      const children = (await this.zk.get_children(this.path, false)).sort();
      const index = children.indexOf(name);
      if (index === 0) { this.node = node; return node; }
      const gone = new Promise<void>((resolve, reject) => {
        // getData, not exists: no watch is left behind when the node is already gone.
        const watched = this.zk.w_get(`${this.path}/${children[index - 1]}`, (type) => {
          if (type !== SESSION_EVENT) this.onNotification?.();
          resolve();
        });
        void watched.catch((e: unknown) => (hasCode(e, -101) ? resolve() : reject(e as Error)));
      });
      await gone;
    }
  }

  async release(): Promise<void> {
    const node = this.node;
    this.node = undefined;
    if (node) await this.zk.delete_(node, -1);
  }
}
