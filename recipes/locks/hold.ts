import type { ZkClient } from '../../src/client/index.js';
import { RecipeMetricAttr } from '../../src/observability/attributes.js';
import { logEvent } from '../../src/observability/logger.js';
import { HoldMonitor, inRecipeSpan, type LossCause, type LossPolicy, type ParticipantNode } from '../internal/index.js';
import { LockAttr } from './attributes.js';
import { LockLostError } from './errors.js';
import { Lease, type LeaseSource } from './lease.js';
import { recipeKind } from './recipe-kind.js';

/** Where a hold lives and how it reports. */
export interface HoldContext {
  client: ZkClient;
  /** The lock (or semaphore) path, for errors and logs. */
  path: string;
  lossPolicy: LossPolicy;
  /** Span name prefix, e.g. `zk.mutex`: the release span is `<prefix>.release`. */
  spanName: string;
}

/**
 * One node held by one lock object: the leases on it (a re-entrancy count), its
 * fencing token, and its loss signal. When the count drops to zero the node is
 * deleted; when the hold is lost the node is deleted in the background (once
 * the connection is back, if the session survived) so that it does not block
 * the next holder, and every lease on it stops being held.
 */
export class Hold implements LeaseSource {
  readonly fencingToken: bigint;
  private readonly monitor: HoldMonitor;
  private count = 0;
  private ended: Promise<void> | undefined;
  private readonly heldSince = performance.now();

  /**
   * @param onEnd called once when the hold ends (released or lost), so the owner forgets it.
   * @param claim how the acquisition was confirmed (span attribute `zookeeper.lock.claim`).
   */
  constructor(
    private readonly ctx: HoldContext, readonly node: ParticipantNode, czxid: bigint, private readonly onEnd: (hold: Hold) => void,
    readonly claim: 'pipelined' | 'read' = 'read',
  ) {
    this.fencingToken = czxid;
    this.monitor = new HoldMonitor(ctx.client, node, ctx.lossPolicy, (cause) => new LockLostError(ctx.path, cause), (cause) => this.onLost(cause));
  }

  /**
   * The loss signal. Reading it arms the watch on our node if the acquisition
   * left it unarmed (a pipelined claim): from then on a deletion of the node by
   * someone else aborts it too (one read; a deletion that already happened is
   * reported as soon as that read returns). Connection and session loss abort
   * it whether it was read or not.
   */
  get lost(): AbortSignal {
    this.node.watch();
    return this.monitor.lost;
  }

  get nodePath(): string {
    return this.node.path;
  }

  /** Leases on it right now. */
  get leases(): number {
    return this.count;
  }

  /** Neither released nor lost. */
  get active(): boolean {
    return this.ended === undefined && !this.monitor.isLost;
  }

  /** One more lease on this node (re-entrancy). */
  enter(): Lease {
    this.count++;
    return new Lease(this);
  }

  leave(): Promise<void> {
    if (this.ended) return this.ended;
    this.count--;
    if (this.count > 0) return Promise.resolve();
    return this.end();
  }

  /** Ends the hold now, whatever the count (no lease was ever taken, or the semaphore gives up). */
  end(): Promise<void> {
    if (this.ended) return this.ended;
    this.monitor.dispose();
    this.onEnd(this);
    this.recordHold();
    const { client, path, spanName } = this.ctx;
    this.ended = inRecipeSpan(client, `${spanName}.release`, { [LockAttr.PATH]: path, [LockAttr.NODE]: this.node.path }, async () => {
      await this.node.remove();
      logEvent(client.log, 'debug', `Released ${path}`, `${spanName}.release`, { zookeeper: { path: this.node.path } }, 'success');
    });
    return this.ended;
  }

  private onLost(cause: LossCause): void {
    const { client, path, spanName } = this.ctx;
    logEvent(client.log, 'warn', `Lock ${path} may be lost: ${cause}`, `${spanName}.lost`, {
      zookeeper: { path: this.node.path, session_id: this.node.ownerSession }, lock: { cause, fencing_token: this.fencingToken.toString() },
    }, 'failure');
    this.onEnd(this);
    this.recordHold();
    this.ended = this.node.remove();
  }

  /** `zookeeper.lock.hold.duration`, once per hold, by recipe kind (`mutex`, `rwlock.read`, ...). */
  private recordHold(): void {
    this.ctx.client.telemetry.recipes.lockHold.record((performance.now() - this.heldSince) / 1000, { [RecipeMetricAttr.RECIPE]: recipeKind(this.ctx.spanName) });
  }
}
