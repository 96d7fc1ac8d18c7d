/**
 * recipes/internal: the machinery every queue-based recipe shares (locks,
 * leader election, barriers). Not part of the public API; recipes import it
 * from here, never from the files behind it.
 *
 * ## The pieces
 *
 * | export | what it does |
 * | --- | --- |
 * | {@link createParticipant} | Protected ephemeral(-sequential) create (`_c_<uuid>-<name>`, container parents) **pipelined** between two getChildren of the queue: one round trip; the listing is returned only if it contains our node, and our czxid when the two listings prove it. |
 * | {@link ParticipantNode} | Our node: path/name/parent; a getData watch on it from birth (its stat → czxid, `ephemeralOwner`); `gone` (made on demand; `isGone` for the recipes) aborts when it is deleted, its session ends or it is not owned by the current session; `remove()` is Curator's guaranteed delete. |
 * | {@link sequenceKey}, {@link sortBySequence} | Curator's order: text after the last recipe name (`lock-`, `latch-`, `__READ__`...), string compare, stable. |
 * | {@link TurnRule}, {@link predecessorRule}, {@link grantRule} | "Is it my turn, and whom do I watch?" (Curator's `getsTheLock`). |
 * | {@link takeTurn} | The whole wait loop: create+list, sort, rule, watch what the rule names, wake on its change or our node going, re-queue after session loss, confirm `connected` + `ephemeralOwner === sessionId` before returning, delete our node on timeout/abort/error **before** rejecting. |
 * | {@link provenCzxid}, {@link claimPipelined} | Our czxid from the listings around our create (exactly one child change between them: ours), and the claim that needs no read of our node (same session still connected). |
 * | {@link confirmOwned} | The claim check on its own (connected, node present, `ephemeralOwner === sessionId`; re-read after a reconnect) → the node's stat or `null`. |
 * | {@link isTransient} | Errors a waiting recipe should outlast (connection loss after the client's retries, no connection, session expired) rather than fail on. |
 * | {@link watchNode} | One getData watch on a node (`false` if already gone, leaving no watch). |
 * | {@link Wakeup} | A latch for "wait for one change within a signal": pass `wake` as the watch listener before arming it. |
 * | {@link HoldMonitor}, {@link LossPolicy} | The loss signal of something held on a node: aborts on `suspended` (policy `'suspended'`) / `lost` / `closed`, a new session, or the node gone. |
 * | {@link inRecipeSpan} | An INTERNAL span for a recipe step, with errors recorded. |
 * | {@link retryPause} | The pause before retrying a cleanup: ends at `close()` (false) or early on a reconnect. |
 * | {@link assertRecipeTarget} | Constructor check: a ZkClient and a valid path other than the root. |
 * | {@link readQueue} | A queue in Curator's order, each node read once (vanished nodes left out): what `participants()` is made of. |
 * | {@link LazyAbort} | An abort state whose signal is made only when asked for (`gone`, `lost`). |
 *
 * ## Typical use (a leader latch)
 *
 * ```ts
 * const turn = await takeTurn(client, {
 *   parent: '/election/cron', name: 'latch-', data: participantId,
 *   sortNames: ['latch-'], rule: predecessorRule,
 * }, signal);                                   // resolves when we are first
 * const epoch = turn!.stat!.czxid;              // the leader's epoch / fencing token
 * const monitor = new HoldMonitor(client, turn!.node, 'suspended', (cause) => new NotLeaderError(cause));
 * monitor.lost.addEventListener('abort', () => { ... leadership lost; create a new node when connected ... });
 * // after `suspended` → `connected` on the same session, resume with the same node:
 * //   await takeTurn(client, { ...request, node: turn.node }, signal)
 * // on close: monitor.dispose(); await turn!.node.remove();
 * ```
 *
 * ## Guarantees the pieces keep
 *
 * - No herd: a participant watches one node chosen by its rule.
 * - No duplicate node after a lost create reply (protected create), and a node
 *   of an ended session is never adopted (`ephemeralOwner` check).
 * - Nothing left behind: `takeTurn` deletes its node before rejecting (when
 *   connected; else the deletion continues in the background and the session's
 *   end removes the node anyway).
 * - No leaked timers or listeners: every listener is removed on the path that
 *   added it; one-shot watches are consumed by our own delete or the session end.
 */
export { createParticipant, type CreatedParticipant, type ParticipantSpec, type QueueBaseline } from './create-participant.js';
export { ParticipantNode, type GoneReason } from './participant-node.js';
export { sequenceKey, sortBySequence, sequenceSuffix } from './sequence-order.js';
export { predecessorRule, grantRule, type TurnRule, type TurnVerdict } from './turn-rule.js';
export { provenCzxid, claimPipelined } from './pipelined-claim.js';
export { takeTurn, confirmOwned, isTransient, type Turn, type TurnRequest } from './take-turn.js';
export { watchNode } from './watch-node.js';
export { Wakeup, type WakeReason } from './wakeup.js';
export { HoldMonitor, type LossCause, type LossPolicy } from './hold-monitor.js';
export { inRecipeSpan } from './recipe-span.js';
export { retryPause } from './retry-pause.js';
export { assertRecipeTarget } from './recipe-target.js';
export { readQueue, type QueueNode, type QueueReadOptions } from './queue-reader.js';
export { LazyAbort } from './lazy-abort.js';
