/**
 * Delivers items in the order they were pushed, each no earlier than its own
 * delay after it was pushed. One timer per line (not one per chunk), so a
 * busy connection does not pile up timers, and clear() leaves none behind.
 */
export class DelayLine<T> {
  readonly #deliver: (item: T) => void;
  #queue: Array<{ due: number; item: T }> = [];
  #timer: NodeJS.Timeout | undefined;

  constructor(deliver: (item: T) => void) {
    this.#deliver = deliver;
  }

  /** True when nothing waits; then a new item may bypass the line without overtaking. */
  get idle(): boolean {
    return this.#queue.length === 0;
  }

  /** Queues `item` for delivery after `delayMs` (later if earlier items are due later). */
  push(item: T, delayMs: number): void {
    const last = this.#queue.at(-1);
    // Never before an earlier item: a shorter delay set later must not reorder bytes.
    const due = Math.max(Date.now() + delayMs, last?.due ?? 0);
    this.#queue.push({ due, item });
    this.#schedule();
  }

  /** Drops everything queued and cancels the timer. */
  clear(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#queue = [];
  }

  #schedule(): void {
    const head = this.#queue[0];
    if (this.#timer !== undefined || head === undefined) return;
    this.#timer = setTimeout(() => this.#flush(), Math.max(0, head.due - Date.now()));
  }

  #flush(): void {
    this.#timer = undefined;
    const now = Date.now();
    // A timer may fire a millisecond early; items not yet due wait for the next one.
    while (this.#queue.length > 0 && this.#queue[0].due <= now) {
      this.#deliver(this.#queue.shift()!.item);
    }
    this.#schedule();
  }
}
