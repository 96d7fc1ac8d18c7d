/**
 * Leader election, wire-compatible with Apache Curator 5.x:
 * {@link LeaderLatch} (Curator's LeaderLatch) and {@link LeaderElection}
 * (Curator's LeaderSelector, on the Mutex). Every term of leadership has an
 * epoch (a fencing token) and a `lost` signal. See docs/leader.md.
 */
export { LeaderLatch, type LatchCloseOptions } from './leader-latch.js';
export { LeaderElection } from './leader-election.js';
export { LeaderContender, type ContenderState } from './leader-contender.js';
export { Leadership, type LeadershipChange, type LeaderEvents } from './leadership.js';
export { NotLeaderError, type LeadershipLossCause } from './errors.js';
export { LeaderAttr } from './attributes.js';
export type { LeaderLatchOptions, LeaderElectionOptions } from './options.js';
export type { LeaderParticipant } from './participants.js';
