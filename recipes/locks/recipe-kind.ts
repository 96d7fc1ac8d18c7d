const kinds = new Map<string, string>();

/**
 * The metric attribute `zookeeper.recipe` of a lock span prefix or name:
 * `zk.mutex.acquire` → `mutex`, `zk.rwlock.read` → `rwlock.read`, `zk.semaphore` → `semaphore`.
 * Remembered per name: it is asked twice per lock cycle and there are only a few names.
 */
export function recipeKind(spanName: string): string {
  let kind = kinds.get(spanName);
  if (kind === undefined) {
    kind = spanName.replace(/^zk\./, '').replace(/\.(acquire|release)$/, '');
    kinds.set(spanName, kind);
  }
  return kind;
}
