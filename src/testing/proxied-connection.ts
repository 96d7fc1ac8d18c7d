import { connect, type Socket } from 'node:net';
import { DelayLine } from './delay-line.js';

/** What a proxy currently does to traffic (read live by each connection). */
export interface TrafficPolicy {
  readonly mode: 'normal' | 'cut' | 'blackhole' | 'delay';
  readonly delayMs: number;
}

/** What travels through a direction: bytes, or the sender's end of the stream. */
type Item = Buffer | 'end' | 'close';

/**
 * One direction of a connection: from `source` to `dest`, through a delay
 * line so that delayed and undelayed bytes never overtake each other.
 */
class Direction {
  readonly line: DelayLine<Item>;
  #paused = false;

  constructor(
    readonly source: Socket,
    readonly dest: () => Socket | undefined,
  ) {
    this.line = new DelayLine((item) => this.deliver(item, false));
  }

  deliver(item: Item, direct: boolean): void {
    const dest = this.dest();
    if (!dest || dest.destroyed) return;
    if (item === 'end') {
      dest.end();
    } else if (item === 'close') {
      // The sender went away without a clean end (reset, error): pass that on.
      // After a clean end the other side closes by itself once it has flushed.
      if (!dest.writableEnded) dest.destroy();
    } else if (dest.writable) {
      const ok = dest.write(item);
      // Backpressure, only on the direct path: a delayed line is a test
      // tool for slowness, not for throughput.
      if (!ok && direct && !this.#paused) {
        this.#paused = true;
        this.source.pause();
        dest.once('drain', () => {
          this.#paused = false;
          this.source.resume();
        });
      }
    }
  }
}

/**
 * A client connection accepted by a FaultProxy and its connection to the
 * target. Bytes flow according to the proxy's live policy; a blackholed
 * connection drops everything until the proxy destroys it.
 */
export class ProxiedConnection {
  readonly client: Socket;
  #upstream: Socket | undefined;
  #blackholed = false;
  readonly #policy: () => TrafficPolicy;
  readonly #onGone: (connection: ProxiedConnection) => void;
  readonly #up: Direction;
  /** Target-to-client; absent when the connection was blackholed from the start. */
  readonly #down: Direction | undefined;
  #gone = false;

  constructor(
    client: Socket,
    target: { host: string; port: number },
    policy: () => TrafficPolicy,
    onGone: (connection: ProxiedConnection) => void,
  ) {
    this.client = client;
    this.#policy = policy;
    this.#onGone = onGone;
    client.setNoDelay(true);
    this.#up = new Direction(client, () => this.#upstream);
    // A connection accepted while blackholed never reaches the target: even
    // opening the upstream connection would be something passing through.
    if (policy().mode === 'blackhole') {
      this.#blackholed = true;
    } else {
      const upstream = connect({ host: target.host, port: target.port, allowHalfOpen: true });
      upstream.setNoDelay(true);
      this.#upstream = upstream;
      this.#down = new Direction(upstream, () => this.client);
      this.#wire(upstream, this.#down);
    }
    this.#wire(client, this.#up);
  }

  /** True once blackholed; such a connection never carries bytes again. */
  get blackholed(): boolean {
    return this.#blackholed;
  }

  #wire(socket: Socket, direction: Direction): void {
    socket.on('data', (chunk: Buffer) => this.#forward(direction, chunk));
    socket.on('end', () => this.#forward(direction, 'end'));
    socket.on('close', () => {
      this.#forward(direction, 'close');
      this.#checkGone();
    });
    // Errors (resets, refused upstream) show up as 'close' too; without a
    // listener an 'error' event would throw.
    socket.on('error', () => undefined);
  }

  #forward(direction: Direction, item: Item): void {
    if (this.#gone) return;
    const { mode, delayMs } = this.#policy();
    if (this.#blackholed || mode === 'blackhole' || mode === 'cut') return;
    if (mode === 'delay' && delayMs > 0) direction.line.push(item, delayMs);
    else if (!direction.line.idle) direction.line.push(item, 0);
    else direction.deliver(item, true);
  }

  /** Stops all traffic, including what is already queued in a delay. */
  blackhole(): void {
    this.#blackholed = true;
    this.#clearLines();
  }

  /** Closes both sides at once; the client sees a reset (a failed network). */
  destroy(): void {
    if (!this.client.destroyed) this.client.resetAndDestroy();
    this.#upstream?.destroy();
    this.#markGone();
  }

  #clearLines(): void {
    this.#up.line.clear();
    this.#down?.line.clear();
  }

  #checkGone(): void {
    const upstreamClosed = this.#upstream === undefined || this.#upstream.closed;
    if (this.client.closed && upstreamClosed) this.#markGone();
  }

  #markGone(): void {
    this.#clearLines();
    if (this.#gone) return;
    this.#gone = true;
    this.#onGone(this);
  }
}
