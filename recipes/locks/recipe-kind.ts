/**
 * The metric attribute `zookeeper.recipe` of a lock span prefix or name:
 * `zk.mutex.acquire` → `mutex`, `zk.rwlock.read` → `rwlock.read`, `zk.semaphore` → `semaphore`.
 */
export function recipeKind(spanName: string): string {
  return spanName.replace(/^zk\./, '').replace(/\.(acquire|release)$/, '');
}
