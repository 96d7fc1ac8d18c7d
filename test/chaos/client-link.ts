import { FaultProxy, type TestingCluster } from '../../src/testing/index.js';

/**
 * One client's network: a FaultProxy in front of every ensemble member, and
 * the client's connect string lists only its own proxies. A fault on the
 * link applies to all of them at once, because a fault on one proxy does not
 * isolate a client with a multi-host connect string: it just reconnects to
 * another member (its session moves, nothing is lost). Killing a member
 * still works as in production: the client fails over to another proxy.
 */
export class ClientLink {
  private constructor(private readonly proxies: readonly FaultProxy[]) {}

  static async open(cluster: TestingCluster): Promise<ClientLink> {
    const proxies = await Promise.all(cluster.members.map((member) => FaultProxy.start({ target: member.connectString })));
    return new ClientLink(proxies);
  }

  get connectString(): string {
    return this.proxies.map((proxy) => proxy.connectString).join(',');
  }

  /** A partition: nothing passes either way, connections stay open (the client notices through its own timeouts). */
  blackhole(): void {
    for (const proxy of this.proxies) proxy.blackhole();
  }

  /** Resets every connection, and every new one until restore(). */
  cut(): void {
    for (const proxy of this.proxies) proxy.cut();
  }

  /** Every byte both ways `ms` late. */
  delay(ms: number): void {
    for (const proxy of this.proxies) proxy.delay(ms);
  }

  restore(): void {
    for (const proxy of this.proxies) proxy.restore();
  }

  async close(): Promise<void> {
    await Promise.all(this.proxies.map((proxy) => proxy.close()));
  }
}
