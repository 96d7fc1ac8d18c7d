import { createServer, type Server, type Socket } from 'node:net';
import { ProxiedConnection, type TrafficPolicy } from './proxied-connection.js';

/** Options for {@link FaultProxy.start}. */
export interface FaultProxyOptions {
  /** Where to forward: `"host:port"` (e.g. a TestingServer's connectString) or an object. */
  readonly target: string | { readonly host: string; readonly port: number };
  /** Port to listen on (127.0.0.1); default: a free port chosen by the kernel. */
  readonly port?: number;
}

/** What a FaultProxy currently does to traffic. */
export type FaultMode = TrafficPolicy['mode'];

function parseTarget(target: FaultProxyOptions['target']): { host: string; port: number } {
  if (typeof target !== 'string') return { host: target.host, port: target.port };
  const match = /^(.+):(\d+)$/.exec(target);
  if (!match) throw new TypeError(`target must be "host:port", got ${JSON.stringify(target)}`);
  return { host: match[1].replace(/^\[(.*)\]$/, '$1'), port: Number(match[2]) };
}

/**
 * A TCP proxy on 127.0.0.1 that injects network faults between a client and
 * a server (e.g. a ZkClient and a TestingServer): give the client
 * `proxy.connectString` instead of the server's.
 *
 * - `cut()`: every open connection is reset, new ones are reset on accept
 *   (the client sees a connection loss right away).
 * - `blackhole()`: connections stay open but nothing passes either way,
 *   bytes are dropped, not buffered (a network partition: the client only
 *   notices through its own timeouts). New connections are accepted and
 *   go nowhere.
 * - `delay(ms)`: every chunk, both ways, is forwarded `ms` later, in order.
 * - `restore()`: normal forwarding for new bytes and connections. Connections
 *   that were blackholed are reset at that moment, because bytes were lost in
 *   the middle of their streams: they cannot carry a protocol again, and the
 *   client reconnects cleanly instead. Bytes already delayed are still
 *   delivered, in order.
 *
 * Switching from one fault to another goes through the same rules (leaving
 * a blackhole resets its connections).
 */
export class FaultProxy implements AsyncDisposable {
  /** Port the proxy listens on, on 127.0.0.1. */
  readonly port: number;
  /** Where connections are forwarded. */
  readonly target: { readonly host: string; readonly port: number };
  readonly #server: Server;
  readonly #connections = new Set<ProxiedConnection>();
  #policy: TrafficPolicy = { mode: 'normal', delayMs: 0 };
  #closed: Promise<void> | undefined;

  private constructor(server: Server, port: number, target: { host: string; port: number }) {
    this.#server = server;
    this.port = port;
    this.target = target;
    server.on('connection', (socket) => this.#accept(socket));
  }

  /** Starts listening; resolves once the proxy accepts connections. */
  static async start(options: FaultProxyOptions): Promise<FaultProxy> {
    const target = parseTarget(options.target);
    // Half-open connections are kept so that a client that ends its side
    // (as a four letter word client does) still receives the reply.
    const server = createServer({ allowHalfOpen: true });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: '127.0.0.1', port: options.port ?? 0 }, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('proxy is not on a TCP port');
    return new FaultProxy(server, address.port, target);
  }

  /** `127.0.0.1:<port>`, to give the client instead of the target's address. */
  get connectString(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** Client connections currently open through the proxy (blackholed ones included). */
  get connections(): number {
    return this.#connections.size;
  }

  /** The fault in force now. */
  get mode(): FaultMode {
    return this.#policy.mode;
  }

  /** Resets every connection and every new one until restore(). */
  cut(): void {
    this.#setPolicy({ mode: 'cut', delayMs: 0 });
    for (const connection of [...this.#connections]) connection.destroy();
  }

  /** Drops every byte both ways, keeping connections open, until restore(). */
  blackhole(): void {
    this.#setPolicy({ mode: 'blackhole', delayMs: 0 });
    for (const connection of this.#connections) connection.blackhole();
  }

  /** Forwards every chunk, both ways, `ms` after it arrived, in order, until restore(). */
  delay(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('delay must be a finite number of ms >= 0');
    this.#setPolicy({ mode: 'delay', delayMs: ms });
  }

  /** Normal forwarding again; connections that were blackholed are reset. */
  restore(): void {
    this.#setPolicy({ mode: 'normal', delayMs: 0 });
  }

  #setPolicy(policy: TrafficPolicy): void {
    if (this.#closed) throw new Error('FaultProxy is closed');
    this.#policy = policy;
    if (policy.mode !== 'blackhole') {
      for (const connection of [...this.#connections]) {
        if (connection.blackholed) connection.destroy();
      }
    }
  }

  #accept(socket: Socket): void {
    socket.on('error', () => undefined);
    if (this.#policy.mode === 'cut' || this.#closed) {
      socket.resetAndDestroy();
      return;
    }
    const connection = new ProxiedConnection(
      socket,
      this.target,
      () => this.#policy,
      (gone) => this.#connections.delete(gone),
    );
    this.#connections.add(connection);
  }

  /** Stops listening, resets every connection and cancels every timer. Idempotent. */
  close(): Promise<void> {
    this.#closed ??= new Promise<void>((resolve) => {
      this.#server.close(() => resolve());
      for (const connection of [...this.#connections]) connection.destroy();
    });
    return this.#closed;
  }

  /** Same as {@link close}, for `await using`. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
