/**
 * What a participant waits for: the node to watch, and every node that must be
 * gone before it may go ahead (the watched one included). `null` means it is
 * our turn now.
 */
export type TurnVerdict = { watch: string; blockers: readonly string[] } | null;

/**
 * Decides from the queue in Curator's order (see `sortBySequence`) and our index
 * in it whether it is our turn. Curator's `LockInternalsDriver.getsTheLock`.
 */
export type TurnRule = (sorted: readonly string[], ourIndex: number) => TurnVerdict;

/**
 * The mutex, LeaderSelector and LeaderLatch rule: our turn at index 0; otherwise
 * watch the immediate predecessor only (no herd), and every node ahead blocks.
 */
export const predecessorRule: TurnRule = (sorted, ourIndex) =>
  ourIndex === 0 ? null : { watch: sorted[ourIndex - 1], blockers: sorted.slice(0, ourIndex) };

/** A rule that grants at once, whatever the queue (a write-lock holder taking the read lock). */
export const grantRule: TurnRule = () => null;
