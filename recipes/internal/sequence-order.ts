/**
 * Curator's participant order (INTEROP.md §0, §2, §3): a child's sort key is
 * the text after the last occurrence of the recipe's name (`lock-`, `latch-`,
 * `__READ__`, ...), i.e. its 10-digit sequence; a child without the name sorts
 * by its whole name. Keys compare as strings by UTF-16 code unit, exactly like
 * Java's `String.compareTo` (never `localeCompare`).
 */

/**
 * The sort key of `child` for the recipe names `names`, applied one after the
 * other like Curator's `SortingLockInternalsDriver` (read-write lock:
 * `['__READ__', '__WRIT__']`); a single name is `standardFixForSorting`.
 */
export function sequenceKey(child: string, names: readonly string[]): string {
  let key = child;
  for (const name of names) {
    const at = key.lastIndexOf(name);
    if (at >= 0) key = key.slice(at + name.length);
  }
  return key;
}

/**
 * `children` in Curator's order (holder or leader first). The sort is stable, as
 * Java's `Collections.sort` is, so equal keys keep the server's order.
 */
export function sortBySequence(children: readonly string[], names: readonly string[]): string[] {
  const keyed = children.map((child) => ({ child, key: sequenceKey(child, names) }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return keyed.map((k) => k.child);
}

/**
 * The 10-digit sequence ZooKeeper appended to a sequential node's name, or
 * `undefined` if the name does not end in one.
 */
export function sequenceSuffix(child: string): string | undefined {
  return /(\d{10})$/.exec(child)?.[1];
}
