/**
 * An abort state whose `AbortSignal` is made only when someone asks for it.
 * Recipes keep one per node and per hold, and most are ended by their owner
 * without anyone listening: building and aborting a signal for each costs
 * more than the rest of a lock cycle's bookkeeping.
 */
export class LazyAbort<R> {
  #reason: R | undefined;
  #controller: AbortController | undefined;

  /** Aborted (with {@link reason}) once {@link abort} was called; made on first use. */
  get signal(): AbortSignal {
    if (!this.#controller) {
      this.#controller = new AbortController();
      if (this.#reason !== undefined) this.#controller.abort(this.#reason);
    }
    return this.#controller.signal;
  }

  get aborted(): boolean {
    return this.#reason !== undefined;
  }

  /** The reason given to {@link abort}, or `undefined` before. */
  get reason(): R | undefined {
    return this.#reason;
  }

  /** Aborts with `reason`; false (and nothing changes) if it was aborted already. */
  abort(reason: R): boolean {
    if (this.#reason !== undefined) return false;
    this.#reason = reason;
    this.#controller?.abort(reason);
    return true;
  }
}
