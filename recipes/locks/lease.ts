/** What a {@link Lease} reads from the hold it belongs to. */
export interface LeaseSource {
  readonly nodePath: string;
  readonly fencingToken: bigint;
  readonly lost: AbortSignal;
  readonly active: boolean;
  /** Gives back one lease; resolves once the node is deleted if it was the last one. */
  leave(): Promise<void>;
}

/**
 * A held lock (or semaphore lease), returned by `acquire`. Release it exactly
 * when done, preferably with `await using`:
 *
 * @example
 * ```ts
 * await using lease = await mutex.acquire({ timeoutMs: 5_000 });
 * await store.write(value, { fencingToken: lease.fencingToken, signal: lease.lost });
 * ```
 *
 * Re-entrant acquisitions through the same lock object return separate Lease
 * objects on the same node: each must be released, and the node is deleted
 * when the last one is.
 */
export class Lease implements AsyncDisposable {
  #source: LeaseSource;
  #release: Promise<void> | undefined;

  /** @internal Leases are made by the locks; there is no public way to build one. */
  constructor(source: LeaseSource) {
    this.#source = source;
  }

  /** Full path of the lock node this lease stands on. */
  get node(): string {
    return this.#source.nodePath;
  }

  /**
   * The czxid of the lock node: strictly larger for every later holder of the
   * same lock path (a later node is a later ZooKeeper transaction). Pass it with
   * every write to the resource the lock guards, and have the resource refuse a
   * write whose token is lower than the highest it has seen: a holder that lost
   * the lock without knowing it (a long pause, a partition) is then refused.
   */
  get fencingToken(): bigint {
    return this.#source.fencingToken;
  }

  /**
   * Aborts (reason: `LockLostError`) the moment the lease may be lost: the
   * connection is suspended (loss policy `'suspended'`, the default) or the
   * session is lost (both policies), the client reconnects on a new session or
   * closes, or the lock node is deleted by someone else. Pass it to the work done
   * under the lock. It never aborts because of `release()`.
   *
   * The watch that reports a deletion by someone else is armed by the first
   * read of `lost` when the acquisition did not need it (an uncontended acquire
   * claimed from its listings): a lock cycle that never looks at `lost` spares
   * that read and its notification. A deletion before the first read is
   * reported as soon as the watch's read returns.
   */
  get lost(): AbortSignal {
    return this.#source.lost;
  }

  /** True until this lease is released or {@link lost} aborts (reading this does not arm {@link lost}'s watch). */
  get isHeld(): boolean {
    return this.#release === undefined && this.#source.active;
  }

  /**
   * Gives the lease back. Idempotent: later calls return the same promise. When
   * it is the last lease on the node, resolves once the node is deleted (retried
   * across connection loss, like Curator's guaranteed delete) or known to die
   * with its session. Never rejects.
   */
  release(): Promise<void> {
    this.#release ??= this.#source.leave();
    return this.#release;
  }

  /** Same as {@link release}, for `await using`. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.release();
  }
}
