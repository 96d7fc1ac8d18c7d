interface Subscriber<T> {
  pending: { value: T } | undefined;
  wake: (() => void) | undefined;
}

/**
 * Hands the latest value to any number of async iterators. A consumer that is
 * slower than the changes skips the values it could not take in time and gets
 * the newest one next: for configuration, only the latest value matters, and a
 * queue would let a slow consumer fall arbitrarily far behind.
 */
export class LatestValueFeed<T> {
  private readonly subscribers = new Set<Subscriber<T>>();
  private ended = false;

  /** Offers `value` to every iterator (replacing one it has not taken yet). */
  publish(value: T): void {
    for (const s of this.subscribers) {
      s.pending = { value };
      s.wake?.();
    }
  }

  /** Ends every iterator (after the value it may still hold). */
  end(): void {
    this.ended = true;
    for (const s of this.subscribers) s.wake?.();
  }

  /**
   * An iterator that first yields `initial` (if given), then each newer value;
   * it ends on `end()`, on `signal`, or when the consumer breaks.
   */
  async *subscribe(initial: { value: T } | undefined, signal?: AbortSignal): AsyncGenerator<T, void, undefined> {
    const sub: Subscriber<T> = { pending: initial, wake: undefined };
    const onAbort = (): void => sub.wake?.();
    this.subscribers.add(sub);
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      while (!signal?.aborted) {
        const next = sub.pending;
        if (next) {
          sub.pending = undefined;
          yield next.value;
          continue;
        }
        if (this.ended) return;
        await new Promise<void>((resolve) => { sub.wake = resolve; });
        sub.wake = undefined;
      }
    } finally {
      this.subscribers.delete(sub);
      signal?.removeEventListener('abort', onAbort);
    }
  }
}
