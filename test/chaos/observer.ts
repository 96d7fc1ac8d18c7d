import { fileURLToPath } from 'node:url';
import { ChildChannel } from './child-channel.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/observer-process.ts', import.meta.url));

/**
 * The runner's view of ZooKeeper, in a child process (fixtures/observer-process.ts):
 * it creates the run's base path, publishes config values and reads the
 * owners of instance nodes. Connected straight to the ensemble, so member
 * faults reach it but client faults do not.
 */
export class Observer {
  #stopped: Promise<void> | undefined;

  private constructor(private readonly channel: ChildChannel) {}

  static async start(connect: string, base: string, configPath: string): Promise<Observer> {
    const channel = new ChildChannel('observer', FIXTURE, [connect, base, configPath], () => undefined);
    await channel.ready();
    return new Observer(channel);
  }

  /** Writes `{ seq }` to the config node (any version); resolves with the node's new version. */
  async publish(seq: number, timeoutMs: number): Promise<number> {
    return (await this.channel.call('publish', { seq, timeoutMs })) as number;
  }

  /** After a sync: the session owning each node (`ephemeralOwner`), or null where there is no node. */
  async owners(paths: readonly string[], timeoutMs = 10_000): Promise<(string | null)[]> {
    return (await this.channel.call('owners', { paths, timeoutMs })) as (string | null)[];
  }

  stop(): Promise<void> {
    this.#stopped ??= this.channel.stop();
    return this.#stopped;
  }
}
