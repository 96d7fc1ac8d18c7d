import { sleep, type CallOptions, type Deadline, type NodeDataInput, type Stat, type ZkClient } from '../../src/client/index.js';
import { ZkError } from '../../src/errors/index.js';
import { isTransient, Wakeup } from '../internal/index.js';
import { runBarrierCall } from './barrier-call.js';
import { BarrierClosedError } from './errors.js';
import { assertRecipeTarget } from '../internal/index.js';
import { assertCallOptions } from './options.js';
import { SharedWatch } from './shared-watch.js';

/** Options of {@link Barrier}. */
export interface BarrierOptions {
  /**
   * Data of the barrier node written by `set()`. Not part of the protocol
   * (Curator writes its host's IP address text, kazoo nothing).
   * @default empty
   */
  data?: NodeDataInput;
}

/**
 * A gate: while the barrier node exists, `wait()` blocks; removing the node
 * releases every waiter. Wire-compatible with Curator's DistributedBarrier
 * and kazoo's Barrier (INTEROP.md §7, §10): a Java or Python process can set
 * or remove the barrier that Node processes wait on, and the other way round.
 *
 * - `set()` creates `<path>` (persistent; missing parents as containers),
 *   ignoring NodeExists; `remove()` deletes it, ignoring NoNode.
 * - `wait()` watches the node (no polling) and resolves once it is gone.
 *   Spurious wake-ups (a data change, a reconnect) only make it read again.
 *   The watch is a getData watch (Curator: exists; peers cannot tell), so
 *   none is left on the server once the node is gone.
 *
 * One Barrier object keeps at most one watch on the server however many
 * `wait()` calls time out (see `SharedWatch`). It has no background
 * work; `close()` only ends the waits in flight.
 *
 * @example
 * ```ts
 * const gate = new Barrier(client, '/deploy/gate');
 * await gate.set();                       // the coordinator closes the gate
 * await gate.wait({ timeoutMs: 60_000 }); // workers block here ...
 * await gate.remove();                    // ... until the coordinator opens it
 * ```
 */
export class Barrier {
  /** The barrier node's path. */
  readonly path: string;
  private readonly client: ZkClient;
  private readonly data: NodeDataInput;
  private readonly watch: SharedWatch;
  private readonly closing = new AbortController();

  /**
   * @param path the barrier node (not the root).
   * @throws InvalidArgumentError, InvalidPathError for bad arguments (nothing is sent).
   */
  constructor(client: ZkClient, path: string, options: BarrierOptions = {}) {
    assertRecipeTarget(client, path, 'Barrier', 'a barrier');
    assertCallOptions(options, 'Barrier', path);
    this.client = client;
    this.path = path;
    this.data = options.data ?? null;
    this.watch = new SharedWatch(client, path, 'data');
  }

  /**
   * Sets the barrier (creates its node). Idempotent: an existing node is
   * left as it is. `timeoutMs`/`signal` bound the create (`TimeoutError`,
   * `AbortError`); on session loss the create fails with `SessionExpiredError`.
   */
  async set(options: CallOptions = {}): Promise<void> {
    try {
      await this.client.create(this.path, this.data, { createParents: 'container', ...options });
    } catch (e) {
      if (!(e instanceof ZkError && e.code === 'NODE_EXISTS')) throw e;
    }
  }

  /**
   * Removes the barrier (deletes its node), releasing every waiter.
   * Idempotent: a missing node is fine. @throws NotEmptyError if someone
   * created children under the barrier node.
   */
  async remove(options: CallOptions = {}): Promise<void> {
    try {
      await this.client.delete(this.path, options);
    } catch (e) {
      if (!(e instanceof ZkError && e.code === 'NO_NODE')) throw e;
    }
  }

  /** True if the barrier node exists now. */
  async isSet(options: CallOptions = {}): Promise<boolean> {
    return (await this.client.exists(this.path, options)) !== null;
  }

  /**
   * Resolves once the barrier node does not exist (at once if it is not set).
   *
   * - Timeout: rejects with `BarrierTimeoutError` (step `wait`); abort: with the
   *   signal's reason (`AbortError`); `close()`: with `BarrierClosedError`.
   *   Nothing is left for the call: its listener is dropped, and the shared
   *   watch is reused by the next wait.
   * - Connection loss and session loss do not end the wait: the watch fires
   *   `sessionLost`, the node is read again on the new session and watched
   *   again, within the same deadline.
   * - Span `zk.barrier.wait` with the path and the outcome.
   */
  async wait(options: CallOptions = {}): Promise<void> {
    assertCallOptions(options, 'wait', this.path);
    const call = {
      client: this.client, path: this.path, step: 'wait' as const, spanName: 'zk.barrier.wait',
      attributes: {}, closing: this.closing.signal, success: 'released',
    };
    await runBarrierCall(call, options, async (deadline) => {
      for (;;) {
        const wakeup = new Wakeup();
        const unsubscribe = this.watch.subscribe(wakeup.wake);
        try {
          if ((await this.readStat(deadline)) === null) return;
          await wakeup.wait(deadline.signal);
        } finally {
          unsubscribe();
        }
      }
    });
  }

  /** Reads the node with the shared watch; connection trouble is waited out (retried) within the deadline. */
  private async readStat(deadline: Deadline): Promise<Stat | null> {
    for (let failures = 0; ; failures++) {
      try {
        return await this.watch.read(deadline);
      } catch (e) {
        if (deadline.aborted || !isTransient(e)) throw e;
        await sleep(Math.min(1000, 50 * 2 ** failures), deadline.signal);
      }
    }
  }

  /** Ends every `wait()` in flight with `BarrierClosedError`; the node is left as it is. Idempotent. */
  close(): Promise<void> {
    if (!this.closing.signal.aborted) this.closing.abort(new BarrierClosedError(this.path, 'wait'));
    return Promise.resolve();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
