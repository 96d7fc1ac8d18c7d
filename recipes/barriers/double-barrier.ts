import type { Span } from '@opentelemetry/api';
import { joinPath, type CallOptions, type Deadline, type ZkClient } from '../../src/client/index.js';
import { InvalidArgumentError } from '../../src/errors/index.js';
import { logEvent } from '../../src/observability/logger.js';
import { BarrierAttr } from './attributes.js';
import { runBarrierCall } from './barrier-call.js';
import { enterRound } from './enter-round.js';
import { BarrierClosedError, type BarrierStep } from './errors.js';
import { leaveRound } from './leave-round.js';
import type { MemberNode } from './member-node.js';
import { assertRecipeTarget } from '../internal/index.js';
import { assertCallOptions, resolveDoubleBarrierOptions, type DoubleBarrierOptions } from './options.js';
import { READY_NODE, type RoundContext } from './round-context.js';
import { SharedWatch } from './shared-watch.js';

/**
 * A double barrier (the ZooKeeper recipe): members start a computation
 * together (`enter` blocks until `memberCount` members have entered) and
 * finish it together (`leave` blocks until every member of the round has
 * left). Wire-compatible with Curator's DistributedDoubleBarrier (INTEROP.md
 * §7): Java and Node members of one barrier path enter and leave together.
 *
 * - Nodes: `<path>/<uuid>` per member (ephemeral, data = `memberId`) and a
 *   persistent `<path>/ready` created by the member that completes the count
 *   and removed when the round is over; missing parents are containers.
 * - It never hangs: every wait is on a watch armed before the state is read,
 *   every wake-up re-reads the state, every call is bounded by its deadline,
 *   and session loss wakes every wait (see `enterRound`, `leaveRound`).
 * - Reusable: enter, leave, enter, leave ... on one object; each round uses a
 *   new member node.
 *
 * One round at a time per object: `enter` again before `leave`, or a call
 * while another is in flight, is refused with `InvalidArgumentError`.
 *
 * @example
 * ```ts
 * await using barrier = new DoubleBarrier(client, '/jobs/batch-42', { memberCount: 4 });
 * await barrier.enter({ timeoutMs: 60_000 });   // all 4 workers are here
 * await computeMyShare();
 * await barrier.leave({ timeoutMs: 60_000 });   // all 4 are done
 * ```
 */
export class DoubleBarrier {
  /** The barrier path (parent of the member nodes). */
  readonly path: string;
  /** Members that must enter before anyone passes. */
  readonly memberCount: number;
  /** Data of our member node. */
  readonly memberId: string;
  private readonly client: ZkClient;
  private readonly ctx: RoundContext;
  private readonly closing = new AbortController();
  private member: MemberNode | undefined;
  /** The member node of our latest call, whose removal may still be under way after a give-up. */
  private latest: MemberNode | undefined;
  private inFlight: Promise<unknown> | undefined;

  /**
   * @param path the barrier path (not the root); every member uses the same one.
   * @throws InvalidArgumentError, InvalidPathError for bad arguments (nothing is sent).
   */
  constructor(client: ZkClient, path: string, options: DoubleBarrierOptions) {
    assertRecipeTarget(client, path, 'DoubleBarrier', 'a barrier');
    const { memberCount, memberId } = resolveDoubleBarrierOptions(options, path);
    this.client = client;
    this.path = path;
    this.memberCount = memberCount;
    this.memberId = memberId;
    this.ctx = {
      client, path, readyPath: joinPath(path, READY_NODE), memberCount, memberData: memberId,
      ready: new SharedWatch(client, joinPath(path, READY_NODE), 'exists'),
    };
  }

  /** True between a successful `enter` and the end of `leave`. */
  get isEntered(): boolean {
    return this.member !== undefined;
  }

  /** Path of our member node while entered, else `undefined`. */
  get memberPath(): string | undefined {
    return this.member?.path;
  }

  /**
   * Joins the barrier and resolves once `memberCount` members have entered
   * (at once if `ready` already exists: the round is full).
   *
   * - Timeout: `BarrierTimeoutError` (step `enter`); abort: the signal's
   *   reason (`AbortError`); `close()`: `BarrierClosedError`. Our member node
   *   is deleted before the promise rejects, so the others never count a
   *   member that gave up (while disconnected, the deletion goes on in the
   *   background, and the next `enter` of this object waits for it, within
   *   its deadline, before it creates a new node).
   * - Session loss while waiting: a new member node is created on the new
   *   session, within the same deadline.
   * - Span `zk.double_barrier.enter` (path, member count, members seen, outcome).
   */
  async enter(options: CallOptions = {}): Promise<void> {
    this.checkCall('enter', options);
    if (this.member) throw new InvalidArgumentError('already entered: call leave() first', { op: 'enter', path: this.path });
    await this.track('enter', options, async (deadline, span) => {
      // A call that gave up while disconnected leaves its node's deletion under
      // way; until it is done, a new node of ours would be counted twice.
      if (this.latest) await deadline.race(this.latest.remove());
      this.member = await enterRound(this.ctx, deadline, {
        onMember: (member) => { this.latest = member; span.setAttribute(BarrierAttr.MEMBER, member.name); },
        onSeen: (count) => span.setAttribute(BarrierAttr.MEMBERS_SEEN, count),
      });
      logEvent(this.client.log, 'debug', `Entered double barrier ${this.path}`, 'zk.double_barrier.enter', {
        zookeeper: { path: this.member.path },
      }, 'success');
    });
  }

  /**
   * Leaves the barrier and resolves once every member of this round has left
   * (deleted its node).
   *
   * - Timeout: `BarrierTimeoutError` (step `leave`); abort: the signal's
   *   reason; `close()`: `BarrierClosedError`. Our member node is deleted
   *   before the promise rejects, so to the others we have left, but they may
   *   still be waiting for the rest.
   * - Session loss while leaving: our node went with the session (we have
   *   left); we keep waiting for the others on the new session. If it was
   *   lost before `leave` was called, rejects with `SessionExpiredError`.
   * - Span `zk.double_barrier.leave` (path, member count, members of the round, outcome).
   *
   * @throws InvalidArgumentError without a successful `enter` first.
   */
  async leave(options: CallOptions = {}): Promise<void> {
    this.checkCall('leave', options);
    const member = this.member;
    if (!member) throw new InvalidArgumentError('leave() needs a successful enter() first', { op: 'leave', path: this.path });
    try {
      await this.track('leave', options, async (deadline, span) => {
        span.setAttribute(BarrierAttr.MEMBER, member.name);
        await leaveRound(this.ctx, member, deadline, (size) => span.setAttribute(BarrierAttr.MEMBERS_SEEN, size));
      });
    } finally {
      // Left, or our node was deleted on the way out: either way the round is over for us.
      this.member = undefined;
    }
  }

  /**
   * Ends the calls in flight (`BarrierClosedError`, their node deleted) and,
   * if entered, deletes our member node: to the others we have left. The
   * object cannot be used afterwards. Idempotent.
   */
  async close(): Promise<void> {
    if (!this.closing.signal.aborted) this.closing.abort(new BarrierClosedError(this.path, 'close'));
    await this.inFlight?.catch(() => undefined);
    const member = this.member;
    this.member = undefined;
    await member?.remove();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  private checkCall(op: BarrierStep, options: unknown): void {
    assertCallOptions(options, op, this.path);
    if (this.closing.signal.aborted) throw new BarrierClosedError(this.path, op);
    if (this.inFlight) throw new InvalidArgumentError(`${op}() while another enter() or leave() of this object is in flight`, { op, path: this.path });
  }

  private async track(step: BarrierStep, options: CallOptions, fn: (deadline: Deadline, span: Span) => Promise<void>): Promise<void> {
    const call = runBarrierCall({
      client: this.client, path: this.path, step, spanName: `zk.double_barrier.${step}`,
      attributes: { [BarrierAttr.MEMBER_COUNT]: this.memberCount }, closing: this.closing.signal,
      success: step === 'enter' ? 'entered' : 'left',
    }, options, fn);
    this.inFlight = call;
    try {
      await call;
    } finally {
      this.inFlight = undefined;
    }
  }
}
