import { describeValue, InvalidArgumentError } from '../../src/errors/index.js';
import type { LossPolicy } from '../internal/index.js';
import type { Leadership } from './leadership.js';

/** Options of {@link LeaderLatch}. */
export interface LeaderLatchOptions {
  /**
   * Who this participant is: written into its node as UTF-8 and returned by
   * `getLeader()` / `getParticipants()` here and in Curator (`Participant.getId()`).
   * @default '' (empty node data, as Curator's LeaderLatch writes without an id)
   */
  participantId?: string;
  /**
   * When leadership counts as lost: `'suspended'` as soon as the connection
   * drops (Curator's standard policy: no other leader can appear before we
   * step down), or `'session'` only when the session is lost (Curator's
   * session policy: a partition shorter than the session timeout keeps
   * leadership, but a partition just longer than it leaves a window in which
   * the server has elected another leader and we have not yet noticed; use the
   * epoch as a fencing token). See docs/leader.md.
   * @default 'suspended'
   */
  lossPolicy?: LossPolicy;
}

/** Options of {@link LeaderElection}. */
export interface LeaderElectionOptions extends LeaderLatchOptions {
  /**
   * The leader's work. Runs only while this participant is leader; `signal`
   * aborts (reason: `NotLeaderError`) the moment leadership may be lost
   * (suspended/lost per `lossPolicy`, a new session, our node deleted,
   * `close()`). Leadership is released as soon as it returns or throws. It must
   * stop when `signal` aborts: leadership is not released (our node stays
   * first, unless the session ended) until it does.
   */
  lead: (signal: AbortSignal, leadership: Leadership) => Promise<void> | void;
  /**
   * Queue again after each term (`lead` returned or threw, leadership lost), as
   * Curator's `autoRequeue()`. Without it, call `requeue()` to take part again.
   * @default false
   */
  autoRequeue?: boolean;
}

/** Options after validation. */
export interface ResolvedLeaderOptions {
  participantId: string;
  lossPolicy: LossPolicy;
}

/**
 * Validates the common options up front; `maxIdBytes` is the largest node data
 * the client accepts under the election path. @throws InvalidArgumentError
 */
export function resolveLeaderOptions(options: LeaderLatchOptions | undefined, op: string, maxIdBytes: number): ResolvedLeaderOptions {
  if (options !== undefined && (options === null || typeof options !== 'object')) {
    throw new InvalidArgumentError(`options must be an object, got ${describeValue(options)}`, { op });
  }
  const participantId = options?.participantId ?? '';
  if (typeof participantId !== 'string') {
    throw new InvalidArgumentError(`participantId must be a string, got ${describeValue(participantId)}`, { op });
  }
  if (Buffer.byteLength(participantId, 'utf8') > maxIdBytes) {
    throw new InvalidArgumentError(`participantId is longer than the ${maxIdBytes} bytes a node can hold`, { op });
  }
  const lossPolicy = options?.lossPolicy ?? 'suspended';
  if (lossPolicy !== 'suspended' && lossPolicy !== 'session') {
    throw new InvalidArgumentError(`lossPolicy must be "suspended" or "session", got ${describeValue(lossPolicy)}`, { op });
  }
  return { participantId, lossPolicy };
}
