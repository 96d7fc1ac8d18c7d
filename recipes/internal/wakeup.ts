import { onAbort, type WatchEvent } from '../../src/client/index.js';

/** Why a {@link Wakeup} was woken: a watch event, or the name of another source. */
export type WakeReason = WatchEvent | { type: 'signal'; source: string };

/**
 * A one-shot latch for "wait for the next change": hand {@link wake} to a watch
 * (or any event source) *before* the read that arms it, then {@link wait}. A wake
 * that arrives before the wait is kept, so no notification can fall between
 * arming a watch and starting to wait. One Wakeup serves one round of waiting;
 * make a new one per round.
 */
export class Wakeup {
  private reason: WakeReason | undefined;
  private resolve: ((reason: WakeReason) => void) | undefined;

  /** Wakes the waiter (the first call wins; later ones are ignored). Bound, so it can be passed as a watch listener. */
  readonly wake = (reason: WakeReason): void => {
    if (this.reason) return;
    this.reason = reason;
    this.resolve?.(reason);
  };

  /** Wakes the waiter when `signal` aborts; call the returned function to stop listening. */
  wakeOn(signal: AbortSignal, source: string): () => void {
    return onAbort(signal, () => this.wake({ type: 'signal', source }));
  }

  /** True once woken. */
  get woken(): boolean {
    return this.reason !== undefined;
  }

  /**
   * Resolves with the reason of the first wake (at once if it already came), or
   * rejects with `signal.reason` when `signal` aborts first. Leaves no listener.
   */
  wait(signal: AbortSignal): Promise<WakeReason> {
    if (this.reason) return Promise.resolve(this.reason);
    if (signal.aborted) return Promise.reject(signal.reason as Error);
    return new Promise<WakeReason>((resolve, reject) => {
      const stop = onAbort(signal, () => { this.resolve = undefined; reject(signal.reason as Error); });
      this.resolve = (reason) => { this.resolve = undefined; stop(); resolve(reason); };
    });
  }
}
