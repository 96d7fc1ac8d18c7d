import type { CallOptions, ZkClient } from '../../src/client/index.js';
import { assertRecipeTarget, grantRule, predecessorRule, sequenceSuffix, type TurnRule } from '../internal/index.js';
import { LockUpgradeError } from './errors.js';
import { resolveLockOptions, type LockOptions } from './options.js';
import { readParticipants, type Participant } from './participants.js';
import { SequenceLock, type LockKind, type QueueEntry } from './sequence-lock.js';

/** Curator's `InterProcessReadWriteLock.READ_LOCK_NAME`. */
export const READ_LOCK_NAME = '__READ__';
/** Curator's `InterProcessReadWriteLock.WRITE_LOCK_NAME` (same length as the read name, on purpose). */
export const WRITE_LOCK_NAME = '__WRIT__';
const RW_SORT_NAMES = [READ_LOCK_NAME, WRITE_LOCK_NAME] as const;

/**
 * Curator's reader rule: granted when no writer is queued ahead of us; else
 * watch the first writer ahead (not the nearest node), and every writer ahead
 * blocks.
 */
export const readerRule: TurnRule = (sorted, ourIndex) => {
  const writers = sorted.slice(0, ourIndex).filter((name) => name.includes(WRITE_LOCK_NAME));
  return writers.length === 0 ? null : { watch: writers[0], blockers: writers };
};

const READ_KIND: LockKind = { name: READ_LOCK_NAME, sortNames: RW_SORT_NAMES, rule: readerRule, spanName: 'zk.rwlock.read', appendOnly: true, ownNodesOnly: true };
const WRITE_KIND: LockKind = { name: WRITE_LOCK_NAME, sortNames: RW_SORT_NAMES, rule: predecessorRule, spanName: 'zk.rwlock.write', appendOnly: false, ownNodesOnly: true };

/**
 * The write side of a {@link ReadWriteLock}: a mutex over every node of the lock
 * (readers and writers): it needs index 0 and watches its immediate predecessor.
 */
export class WriteLock extends SequenceLock {
  /** @internal made by ReadWriteLock */
  constructor(client: ZkClient, path: string, options: LockOptions, private readonly readSide: () => ReadLock) {
    super(client, path, WRITE_KIND, options, 'ReadWriteLock');
  }

  /** Name of our write node while held (for a downgrade). @internal */
  get writeNodeName(): string | undefined {
    return this.heldNodeName;
  }

  /** Upgrade (read, then write) is refused: it would wait for our own read node forever. */
  protected override checkAcquire(): void {
    const read = this.readSide();
    if (!this.isHeld && (read.isHeld || read.isAcquiring)) throw new LockUpgradeError(this.path);
  }
}

/**
 * The read side of a {@link ReadWriteLock}: shared with other readers, excluded
 * by writers, and queued behind any writer that arrived earlier (so writers are
 * not starved).
 */
export class ReadLock extends SequenceLock {
  /** @internal made by ReadWriteLock */
  constructor(client: ZkClient, path: string, options: LockOptions, private readonly writeSide: () => WriteLock) {
    super(client, path, READ_KIND, options, 'ReadWriteLock');
  }

  /**
   * Downgrade: while our write lock is held, the read lock is granted at once,
   * on a plain ephemeral node named with the write node's sequence
   * (`_c_<uuid>-__READ__<writeSeq>`, Curator ≥ 5.5, CURATOR-621). It sorts with
   * our write node, ahead of every waiting writer, so no writer can slip in
   * when the write lock is released. (Curator 5.4 queued the read node at the
   * back, which let a waiting writer in while the downgraded reader still held.)
   */
  protected override queueEntry(): QueueEntry {
    const writeNode = this.writeSide().writeNodeName;
    const seq = writeNode === undefined ? undefined : sequenceSuffix(writeNode);
    if (seq === undefined) return super.queueEntry();
    return { name: `${READ_LOCK_NAME}${seq}`, sequential: false, rule: grantRule };
  }
}

/**
 * A distributed read-write lock, wire-compatible with Curator's
 * InterProcessReadWriteLock: `<path>/_c_<uuid>-__READ__<seq>` and
 * `<path>/_c_<uuid>-__WRIT__<seq>` in one parent and one sequence.
 *
 * - Readers share the lock; a writer excludes readers and writers.
 * - A reader queues behind any writer that arrived before it.
 * - Re-entrant per side and per object. Write → read downgrade is allowed
 *   (take the read lock while holding the write lock, then release the write
 *   lock); read → write upgrade is refused with `LockUpgradeError`.
 *
 * @example
 * ```ts
 * const rw = new ReadWriteLock(client, '/locks/catalog');
 * await rw.readLock().withLock(async () => readCatalog());
 * await rw.writeLock().withLock(async (lease) => writeCatalog(lease.fencingToken));
 * ```
 */
export class ReadWriteLock {
  /** The lock path (parent of the read and write nodes). */
  readonly path: string;
  private readonly client: ZkClient;
  private readonly read: ReadLock;
  private readonly write: WriteLock;

  /**
   * @param options `participantData` (Curator's `lockData`) goes into both kinds of node.
   * @throws InvalidArgumentError, InvalidPathError for bad arguments (nothing is sent).
   */
  constructor(client: ZkClient, path: string, options: LockOptions = {}) {
    assertRecipeTarget(client, path, 'ReadWriteLock', 'a lock');
    resolveLockOptions(options, 'ReadWriteLock');
    this.client = client;
    this.path = path;
    this.read = new ReadLock(client, path, options, () => this.write);
    this.write = new WriteLock(client, path, options, () => this.read);
  }

  /** The read lock (always the same object). */
  readLock(): ReadLock {
    return this.read;
  }

  /** The write lock (always the same object). */
  writeLock(): WriteLock {
    return this.write;
  }

  /**
   * Every read and write node in Curator's order: the whole queue. (Each side's
   * `participants()` lists only its own kind, like Curator's.)
   */
  async participants(options: CallOptions = {}): Promise<Participant[]> {
    return readParticipants(this.client, this.path, RW_SORT_NAMES, options);
  }
}
