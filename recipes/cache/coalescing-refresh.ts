import { sleep, type ZkClient } from '../../src/client/index.js';
import { ZkError } from '../../src/errors/index.js';

/** Codes after which a read is simply tried again once there is a session. */
const TRANSIENT = new Set(['CONNECTION_LOSS', 'OPERATION_TIMEOUT', 'SESSION_EXPIRED', 'SESSION_MOVED', 'NOT_CONNECTED']);

/** True for failures that a later attempt (on this or a new session) can get past. */
export function isTransientError(e: unknown): boolean {
  return e instanceof ZkError && (e.retryable || TRANSIENT.has(e.code));
}

/** What a refresh tells its owner. */
export interface RefreshHooks {
  /** A non-transient failure (e.g. NO_AUTH): the refresh gives up until requested again. */
  onError(error: unknown): void;
  /** The refresh went from idle to busy (requested, not yet done). */
  onBusy?(): void;
  /** The refresh has nothing left to do (or was stopped): balances every `onBusy`. */
  onIdle?(): void;
}

/**
 * One re-read of one thing (a node's data, a node's children), run at most once
 * at a time: requests that arrive while it runs are folded into one more run.
 * This is how watch events coalesce: however many notifications arrive during a
 * read, one more read follows, and it sees the latest state.
 *
 * A read that fails because the connection or the session went away is tried
 * again after a short backoff, once the client is connected (on the new session
 * if the old one is gone); so the refresh always ends on a successful read, or
 * on `stop()`, or on a failure that retrying cannot fix (reported to `onError`;
 * so is the client closing, after which the refresh stops for good).
 */
export class CoalescingRefresh {
  private dirty = false;
  private active = false;
  private stopped = false;
  private running: Promise<void> = Promise.resolve();

  /**
   * @param work one read; it must arm its own watch. `signal` aborts when the owner closes.
   */
  constructor(
    private readonly client: ZkClient,
    private readonly signal: AbortSignal,
    private readonly work: (signal: AbortSignal) => Promise<void>,
    private readonly hooks: RefreshHooks,
  ) {}

  /** Asks for one more run (starts one now if idle). */
  request(): void {
    if (this.stopped || this.signal.aborted) return;
    this.dirty = true;
    if (this.active) return;
    this.active = true;
    this.hooks.onBusy?.();
    this.running = this.loop();
  }

  /** True while a run is pending or in progress. */
  get busy(): boolean {
    return this.active;
  }

  /** No more runs; the current one (if any) ends after its read, whose result the owner ignores. */
  cancel(): void {
    this.stopped = true;
  }

  /** No more runs; resolves once the current one (if any) has returned. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.running;
  }

  private async loop(): Promise<void> {
    let failures = 0;
    try {
      while (this.dirty && !this.stopped && !this.signal.aborted) {
        this.dirty = false;
        try {
          await this.work(this.signal);
          failures = 0;
        } catch (e) {
          if (this.stopped || this.signal.aborted) return;
          if (e instanceof ZkError && e.code === 'CLOSED') {
            // The client closed under us: no read can succeed again. Say so (a
            // start() waiting for the first read must not wait forever) and stop.
            this.report(e);
            return;
          }
          if (!isTransientError(e)) {
            this.report(e);
            continue;
          }
          this.dirty = true;
          failures += 1;
          await this.pause(failures);
        }
      }
    } finally {
      // Synchronous with the last check of `dirty`: a request() cannot slip in between.
      this.active = false;
      this.hooks.onIdle?.();
    }
  }

  private report(e: unknown): void {
    try {
      this.hooks.onError(e);
    } catch {
      // An owner's error handler must not stop the refresh.
    }
  }

  /** Backs off (50 ms doubling to 2 s), then waits for a connected session. */
  private async pause(failures: number): Promise<void> {
    try {
      await sleep(Math.min(2000, 50 * 2 ** (failures - 1)), this.signal);
      await this.client.waitUntilConnected(this.signal);
    } catch {
      // Closed, stopped, or still not connected: the loop decides what is next.
    }
  }
}
