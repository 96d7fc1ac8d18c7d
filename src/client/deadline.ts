import { abortError, describeValue, InvalidArgumentError, TimeoutError } from '../errors/index.js';

/** Options every blocking call takes. */
export interface CallOptions {
  /** Give up after this many milliseconds (`TimeoutError`, or the recipe's own timeout error). */
  timeoutMs?: number;
  /** Give up when this signal aborts (the standard `AbortError`, or the signal's reason). */
  signal?: AbortSignal;
}

/** Throws `InvalidArgumentError` unless `timeoutMs` is absent or a finite number ≥ 0. */
export function assertValidTimeout(timeoutMs: unknown, op?: string): void {
  if (timeoutMs === undefined) return;
  if (typeof timeoutMs !== 'number' || !Number.isFinite(timeoutMs) || timeoutMs < 0) {
    throw new InvalidArgumentError(`timeoutMs must be a finite number >= 0, got ${describeValue(timeoutMs)}`, op === undefined ? {} : { op });
  }
}

/**
 * One deadline for a whole blocking call: the caller's `timeoutMs` and `signal`
 * folded into a single signal, so that every wait inside the call (reconnects,
 * retries, watches) spends the same budget. Always `dispose()` it.
 *
 * A call with neither a timeout nor a signal can never be cut short, and most
 * calls are like that: its deadline allocates nothing (no AbortController)
 * until someone asks for `signal`, and `race` hands the promise back as is.
 */
export class Deadline {
  /** False when nothing can ever abort it (no timeout, no caller signal). */
  readonly bounded: boolean;
  private combined: AbortSignal | undefined;
  private readonly endsAt: number;
  private timer: NodeJS.Timeout | undefined;

  /**
   * @param makeTimeoutError builds the error thrown when time runs out (a recipe
   * passes its own, such as `LockTimeoutError`).
   */
  constructor(options: CallOptions = {}, op?: string, makeTimeoutError?: (timeoutMs: number) => Error) {
    const timeoutMs = options.timeoutMs;
    assertValidTimeout(timeoutMs, op);
    this.endsAt = timeoutMs === undefined ? Infinity : Date.now() + timeoutMs;
    const callerSignal = options.signal;
    this.bounded = callerSignal !== undefined || timeoutMs !== undefined;
    if (!this.bounded) return;
    const controller = new AbortController();
    // AbortSignal.any holds the caller's signal weakly: many concurrent calls on one
    // signal add no listeners to it (no MaxListenersExceededWarning, nothing to remove).
    this.combined = callerSignal ? AbortSignal.any([callerSignal, controller.signal]) : controller.signal;
    if (callerSignal?.aborted) controller.abort(abortError(callerSignal));
    if (timeoutMs !== undefined && !this.combined.aborted) {
      this.timer = setTimeout(() => {
        controller.abort(makeTimeoutError ? makeTimeoutError(timeoutMs) : new TimeoutError(timeoutMs, op === undefined ? {} : { op }));
      }, timeoutMs);
    }
  }

  /** Aborts when the deadline passes (never, for a call without timeout or signal). */
  get signal(): AbortSignal {
    this.combined ??= new AbortController().signal;
    return this.combined;
  }

  /** Milliseconds left (`Infinity` without a timeout, 0 once passed). */
  remainingMs(): number {
    return Math.max(0, this.endsAt - Date.now());
  }

  get aborted(): boolean {
    return this.combined?.aborted ?? false;
  }

  /** Throws the abort or timeout reason if the deadline has passed. */
  throwIfAborted(): void {
    if (this.combined?.aborted) throw this.combined.reason;
  }

  /** Settles with `promise`, or rejects with the reason as soon as the deadline passes. */
  race<T>(promise: Promise<T>): Promise<T> {
    if (!this.bounded) return promise;
    if (this.signal.aborted) {
      promise.catch(() => {});
      return Promise.reject(this.signal.reason as Error);
    }
    return new Promise<T>((resolve, reject) => {
      const onAbort = (): void => reject(this.signal.reason as Error);
      this.signal.addEventListener('abort', onAbort, { once: true });
      promise.then(
        (v) => { this.signal.removeEventListener('abort', onAbort); resolve(v); },
        (e: Error) => { this.signal.removeEventListener('abort', onAbort); reject(e); },
      );
    });
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  [Symbol.dispose](): void {
    this.dispose();
  }
}

/** Resolves after `ms`, or rejects when `signal` aborts; leaves no timer behind. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) { reject(signal.reason as Error); return; }
    const onAbort = (): void => { clearTimeout(timer); reject(signal?.reason as Error); };
    const timer = setTimeout(() => { signal?.removeEventListener('abort', onAbort); resolve(); }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
