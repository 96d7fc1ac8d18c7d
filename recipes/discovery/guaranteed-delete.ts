import type { ZkClient } from '../../src/client/index.js';
import { ZkError } from '../../src/errors/index.js';
import { logEvent } from '../../src/observability/index.js';
import { retryPause } from '../internal/index.js';

/** Delete failures after which trying again cannot help (or is not needed: NO_NODE). */
const FINAL = new Set(['NO_NODE', 'CLOSED', 'NO_AUTH', 'INVALID_PATH', 'INVALID_ARGUMENT', 'NOT_EMPTY']);
const FIRST_DELAY_MS = 100;
const MAX_DELAY_MS = 5_000;

/**
 * Curator's guaranteed delete for instance nodes: a delete that failed (or a
 * register whose create may have reached the server after the caller gave up)
 * is tried again in the background until the node is gone, the failure is
 * final, or the client closes. One job per path; a later write of the same
 * path waits for it (`settled`), so it never deletes a newer registration.
 *
 * Deleting from a later session is safe: an instance path belongs to one
 * registration (its id), and a stale ephemeral may outlive the client's
 * declaration that its session is lost.
 */
export class GuaranteedDeletes {
  private readonly jobs = new Map<string, Promise<void>>();

  constructor(private readonly client: ZkClient) {}

  /** Starts (or joins) the background deletion of `path`. */
  schedule(path: string, why: string): void {
    if (this.jobs.has(path)) return;
    const job = this.run(path, why).finally(() => {
      if (this.jobs.get(path) === job) this.jobs.delete(path);
    });
    this.jobs.set(path, job);
  }

  /** Resolves once no deletion of `path` is under way. */
  async settled(path: string): Promise<void> {
    await this.jobs.get(path);
  }

  /** Paths still being deleted (for tests and close()). */
  get pending(): number {
    return this.jobs.size;
  }

  private async run(path: string, why: string): Promise<void> {
    logEvent(this.client.log, 'info', `Deleting service instance node ${path} in the background (${why})`, 'zookeeper.discovery.guaranteed_delete', { zookeeper: { path } });
    for (let delay = FIRST_DELAY_MS; ; delay = Math.min(delay * 2, MAX_DELAY_MS)) {
      if (this.client.state === 'closed') return;
      try {
        await this.client.delete(path);
        return;
      } catch (e) {
        if (e instanceof ZkError && FINAL.has(e.code)) return;
        logEvent(this.client.log, 'warn', `Background delete of ${path} failed; retrying`, 'zookeeper.discovery.guaranteed_delete', { zookeeper: { path }, error: e }, 'failure');
      }
      if (!(await retryPause(this.client, delay))) return;
    }
  }
}
