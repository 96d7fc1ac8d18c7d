import type { DriverWatcher } from '../zk/driver.js';
import type { ZkLogger } from '../observability/logger.js';
import { logEvent } from '../observability/logger.js';
import type { WatchListener } from './types.js';

interface Entry {
  listener: WatchListener;
  path: string;
  generation: number;
  done: boolean;
}

/**
 * The one-shot watches handed to the driver, so that each fires exactly once:
 * with its event, or with `sessionLost` when its session ends first (the C
 * client silently drops a dead session's watches, and a waiter must not wait
 * forever for them).
 */
export class OneShotWatches {
  private readonly entries = new Set<Entry>();

  constructor(private readonly logger: ZkLogger, private readonly onEvent: (type: string) => void = () => {}) {}

  /** Registers a listener for one attempt; `cancel` it if the attempt failed. */
  register(listener: WatchListener, path: string, generation: number): { watcher: DriverWatcher; cancel: () => void } {
    const entry: Entry = { listener, path, generation, done: false };
    this.entries.add(entry);
    return {
      watcher: (event) => this.fire(entry, event),
      cancel: () => { entry.done = true; this.entries.delete(entry); },
    };
  }

  private fire(entry: Entry, event: Parameters<WatchListener>[0]): void {
    if (entry.done) return;
    entry.done = true;
    this.entries.delete(entry);
    this.onEvent(event.type);
    try {
      entry.listener(event);
    } catch (e) {
      logEvent(this.logger, 'error', 'A watch listener threw', 'zookeeper.watch', { zookeeper: { path: entry.path }, error: e });
    }
  }

  /** Fires `sessionLost` on every watch of sessions up to `generation`. */
  sessionLost(generation: number): void {
    for (const entry of [...this.entries]) {
      if (entry.generation <= generation) this.fire(entry, { type: 'sessionLost', path: entry.path });
    }
  }

  /** Fires `sessionLost` on all (the client is closing). */
  clear(): void {
    this.sessionLost(Number.MAX_SAFE_INTEGER);
  }

  get size(): number {
    return this.entries.size;
  }
}
