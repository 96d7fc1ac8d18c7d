import { ZkError } from '../../src/errors/index.js';
import type { LossCause } from '../internal/index.js';

/**
 * Why a participant stopped being leader: a {@link LossCause} (the connection
 * was suspended under loss policy `'suspended'`, the session was lost or
 * replaced, the client closed, our node was deleted or found owned by another
 * session), or `'released'`: we gave leadership up ourselves (`close()`, or
 * `lead` returned or threw).
 */
export type LeadershipLossCause = LossCause | 'released';

/**
 * Leadership is gone or may be gone: the reason of `leadership.lost` (and of
 * the `signal` handed to `lead`). `lossCause` says why.
 */
export class NotLeaderError extends ZkError {
  /** What ended the leadership. */
  readonly lossCause: LeadershipLossCause;

  constructor(path: string, lossCause: LeadershipLossCause) {
    super('NOT_LEADER', `Leadership of ${path} ended: ${lossCause}`, { op: 'lead', path });
    this.lossCause = lossCause;
  }
}
