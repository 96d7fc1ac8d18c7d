import { abortError, describeValue, InvalidArgumentError, TimeoutError } from '../errors/index.js';
import { onAbort } from './abort-fanout.js';

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
 * A call with a signal and no timeout uses the caller's signal as it is.
 */
export class Deadline {
  /** False when nothing can ever abort it (no timeout, no caller signal). */
  readonly bounded: boolean;
  private combined: AbortSignal | undefined;
  private readonly endsAt: number;
  private timer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;

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
    if (timeoutMs === undefined) {
      // Only the caller's signal can end it: use that signal itself (its reason is the
      // one a combined signal would carry), saving an AbortSignal.any per call.
      this.combined = callerSignal;
      return;
    }
    const controller = new AbortController();
    this.combined = controller.signal;
    if (callerSignal) {
      this.unsubscribe = onAbort(callerSignal, () => controller.abort(abortError(callerSignal)));
      if (controller.signal.aborted) return;
    }
    this.timer = setTimeout(() => {
      controller.abort(makeTimeoutError ? makeTimeoutError(timeoutMs) : new TimeoutError(timeoutMs, op === undefined ? {} : { op }));
    }, timeoutMs);
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
    const signal = this.combined;
    if (!this.bounded || !signal) return promise;
    if (signal.aborted) {
      promise.catch(() => {});
      return Promise.reject(signal.reason as Error);
    }
    return new Promise<T>((resolve, reject) => {
      const stop = onAbort(signal, () => reject(signal.reason as Error));
      promise.then(
        (v) => { stop(); resolve(v); },
        (e: Error) => { stop(); reject(e); },
      );
    });
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  [Symbol.dispose](): void {
    this.dispose();
  }
}

/** Resolves after `ms`, or rejects when `signal` aborts; leaves no timer behind. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) { reject(signal.reason as Error); return; }
    let stop: (() => void) | undefined;
    const timer = setTimeout(() => { stop?.(); resolve(); }, ms);
    if (signal) stop = onAbort(signal, () => { clearTimeout(timer); reject(signal.reason as Error); });
  });
}
