import { randomUUID } from 'node:crypto';
import { joinPath, type ZkClient } from '../../src/client/index.js';
import { ZkError } from '../../src/errors/index.js';
import { logEvent } from '../../src/observability/logger.js';
import { retryPause } from '../internal/index.js';

/**
 * Create failures after which the node certainly does not exist. Anything else
 * (connection loss, and SESSION_EXPIRED: the first attempt may have created it
 * on the old session) means it may.
 */
const NOT_CREATED = new Set(['NO_NODE', 'NO_AUTH', 'INVALID_PATH', 'INVALID_ARGUMENT', 'DATA_TOO_LARGE', 'INVALID_ACL', 'CLOSED', 'NO_CHILDREN_FOR_EPHEMERALS']);
/** Delete failures after which deleting again is pointless. */
const FINAL_DELETE = new Set(['NO_NODE', 'CLOSED', 'NO_AUTH', 'INVALID_PATH', 'INVALID_ARGUMENT']);

/**
 * Our member node in a double barrier: `<path>/<random UUID>`, ephemeral, not
 * protected and not sequential, exactly Curator's layout (INTEROP.md §7). A
 * new node (new UUID) per `enter`, so a node of one round is never taken for
 * a node of the next.
 *
 * The create is sent at construction and never cancelled: only its outcome
 * tells whether the node exists, and {@link remove} waits for it, so a caller
 * that gives up mid-create still leaves nothing behind. Because the name is
 * unique to us, a NodeExists on the client's retry after a lost reply means
 * the node is ours.
 *
 * Unlike recipes/internal's ParticipantNode, no watch is kept on the node: a
 * double barrier notices the end of its session through the watches it waits
 * on (they fire `sessionLost`), and an extra read per member per round would
 * cost the server work for nothing.
 */
export class MemberNode {
  /** The node name: a lowercase UUID with dashes (Curator's `UUID.randomUUID()`). */
  readonly name: string;
  /** Full path. */
  readonly path: string;
  private readonly created: Promise<string | null>;
  private owner: string | null | undefined;
  private deleted = false;
  private failed = false;
  private removal: Promise<void> | undefined;

  /** Sends the create (missing parents as containers, as Curator does). */
  constructor(private readonly client: ZkClient, parent: string, data: string) {
    this.name = randomUUID();
    this.path = joinPath(parent, this.name);
    this.created = client.create(this.path, data, { mode: 'ephemeral', createParents: 'container' }).then(
      () => this.own(),
      (e: unknown) => {
        if (e instanceof ZkError && e.code === 'NODE_EXISTS') return this.own();
        this.failed = true;
        throw e;
      },
    );
    this.created.catch(() => undefined); // observed through whenCreated()/remove()
  }

  private own(): string | null {
    this.owner = this.client.sessionId;
    return this.owner;
  }

  /** Resolves once the node exists. @throws the create's error (the node then does not exist, or {@link remove} deletes it). */
  async whenCreated(): Promise<void> {
    await this.created;
  }

  /**
   * True once the node is known or presumed gone: its session is no longer the
   * client's current one (lost, or a new session), its create failed, it is
   * being removed, or {@link markGone} was called. False while the create is
   * in flight.
   */
  get gone(): boolean {
    if (this.deleted || this.failed || this.removal) return true;
    return this.owner !== undefined && (this.owner === null || this.owner !== this.client.sessionId);
  }

  /** Records that a listing no longer shows the node (someone deleted it). */
  markGone(): void {
    if (this.deleted) return;
    this.deleted = true;
    logEvent(this.client.log, 'info', `Double barrier member ${this.path} is gone`, 'zk.double_barrier.member_gone', {
      zookeeper: { path: this.path, session_id: this.owner },
    });
  }

  /**
   * Deletes the node once its create has settled, retrying (Curator's
   * guaranteed delete) until it is deleted or known gone (NoNode), or the
   * client closes. It does not stop when the node's session has ended: the
   * server may not have dropped the node yet (the client declares a session
   * lost on its own after a long disconnection), and until it is gone it
   * would be counted next to a new member node of ours. Deleting it from
   * another session is safe: the name is ours alone. A failed attempt is
   * retried as soon as the client reconnects. Idempotent; never rejects.
   */
  remove(): Promise<void> {
    this.removal ??= this.deleteUntilGone();
    return this.removal;
  }

  private async deleteUntilGone(): Promise<void> {
    const mayExist = await this.created.then(() => true, (e: unknown) => !(e instanceof ZkError && NOT_CREATED.has(e.code)));
    if (!mayExist) return;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.client.delete(this.path);
        return;
      } catch (e) {
        if (e instanceof ZkError && FINAL_DELETE.has(e.code)) return;
        logEvent(this.client.log, 'warn', `Deleting double barrier member ${this.path} failed; retrying`, 'zk.double_barrier.member_delete', {
          zookeeper: { path: this.path }, error: e,
        }, 'failure');
        if (!(await retryPause(this.client, Math.min(2000, 100 * 2 ** attempt)))) return;
      }
    }
  }
}
