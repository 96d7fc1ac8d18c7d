import { isProtectedName, PROTECTED_PREFIX } from '../../client/index.js';

/** Length of the UUID in a protected name (`_c_<36 characters>-`). */
const UUID_LENGTH = 36;

/** Which recipe wrote a node, as far as its name tells. */
export type RecipeMarker = 'lock-' | 'latch-' | 'lease-' | '__READ__' | '__WRIT__' | '__lock__' | '__rlock__';

/** How a lock node takes part: alone (`exclusive`) or beside other readers (`shared`). */
export type LockMode = 'exclusive' | 'shared';

/** Which client library's naming the node follows. */
export type NamingStyle = 'curator' | 'kazoo' | 'other';

/**
 * The recipe names Curator and kazoo put before the sequence number
 * (INTEROP.md §2, §3, §5, §10), with what each means for a lock.
 */
const MARKERS: readonly { marker: RecipeMarker; mode: LockMode; recipe: string }[] = [
  { marker: '__READ__', mode: 'shared', recipe: 'read lock (Curator)' },
  { marker: '__WRIT__', mode: 'exclusive', recipe: 'write lock (Curator)' },
  { marker: '__rlock__', mode: 'shared', recipe: 'read lock (kazoo)' },
  { marker: '__lock__', mode: 'exclusive', recipe: 'lock (kazoo)' },
  { marker: 'latch-', mode: 'exclusive', recipe: 'leader latch' },
  { marker: 'lease-', mode: 'shared', recipe: 'semaphore lease' },
  { marker: 'lock-', mode: 'exclusive', recipe: 'lock' },
];

/** A participant node's name, taken apart. */
export interface RecipeNodeName {
  /** The node name as listed. */
  name: string;
  /** The recipe name found nearest the end, or `undefined` for a name no recipe writes. */
  marker: RecipeMarker | undefined;
  /** What the marker means, for people (`write lock (Curator)`), or `unknown`. */
  recipe: string;
  /** Lock semantics of the marker; exclusive for names without one (they block like any lock node). */
  mode: LockMode;
  /**
   * What Curator sorts by: the text after the last occurrence of the recipe
   * name (the sequence digits), or the whole name when there is none
   * (`StandardLockInternalsDriver.standardFixForSorting`).
   */
  sortKey: string;
  /** The sequence number ZooKeeper appended, if the name ends with one. */
  sequence: number | undefined;
  /** Curator protected-mode UUID (`_c_<uuid>-`), if any. */
  protectedId: string | undefined;
  naming: NamingStyle;
}

const SEQUENCE = /(\d{10})$/;
const KAZOO_PREFIX = /^[0-9a-f]{32}/;

/**
 * Parses a recipe node name the way Curator and kazoo read them, without
 * relying on our own recipes, so nodes made by Curator (`_c_<uuid>-lock-<seq>`,
 * `-latch-`, `__READ__`/`__WRIT__`) and by kazoo (`<hex>__lock__<seq>`,
 * `__rlock__`, or `<hex>-lock-<seq>` with the compatible subclass) all parse.
 */
export function parseRecipeNodeName(name: string): RecipeNodeName {
  let found: (typeof MARKERS)[number] | undefined;
  let at = -1;
  for (const entry of MARKERS) {
    const i = name.lastIndexOf(entry.marker);
    // The marker nearest the end wins: `__lock__` contains no `lock-`, but a
    // user id before the marker might contain anything.
    if (i > at) { at = i; found = entry; }
  }
  const protectedName = isProtectedName(name);
  const sequenceText = SEQUENCE.exec(name)?.[1];
  return {
    name,
    marker: found?.marker,
    recipe: found?.recipe ?? 'unknown',
    mode: found?.mode ?? 'exclusive',
    sortKey: found ? name.slice(at + found.marker.length) : name,
    sequence: sequenceText === undefined ? undefined : Number(sequenceText),
    protectedId: protectedName ? name.slice(PROTECTED_PREFIX.length, PROTECTED_PREFIX.length + UUID_LENGTH) : undefined,
    naming: protectedName ? 'curator' : KAZOO_PREFIX.test(name) ? 'kazoo' : 'other',
  };
}

/** Curator's order: by sort key, compared as Java compares strings (UTF-16 code units). */
export function compareRecipeNodes(a: RecipeNodeName, b: RecipeNodeName): number {
  if (a.sortKey < b.sortKey) return -1;
  if (a.sortKey > b.sortKey) return 1;
  return 0;
}
