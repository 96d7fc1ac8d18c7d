import { clockMs, type ChaosEvent, type ChaosEventKind, type EventBody, type EventOf } from './events.js';

/**
 * The run's shared, append-only record. Events may arrive slightly out of
 * order (a child's lines are read a little later than they were written), so
 * readers sort by `at` when order matters.
 */
export class History {
  readonly #events: ChaosEvent[] = [];
  readonly #listeners = new Set<(event: ChaosEvent) => void>();

  /** Records an event made elsewhere (a child process) as it is. */
  add(event: ChaosEvent): void {
    this.#events.push(event);
    for (const listener of this.#listeners) listener(event);
  }

  /** Records an event of `client`, stamped now. */
  record(client: string, body: EventBody): void {
    this.add({ ...body, at: clockMs(), client });
  }

  /** Calls `listener` for every event added from now on; returns the unsubscribe. */
  subscribe(listener: (event: ChaosEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  get size(): number {
    return this.#events.length;
  }

  /** Every event, in time order. */
  sorted(): ChaosEvent[] {
    return [...this.#events].sort((a, b) => a.at - b.at);
  }

  /** Every event of one kind, in time order. */
  ofKind<K extends ChaosEventKind>(kind: K): EventOf<K>[] {
    return this.sorted().filter((e): e is EventOf<K> => e.kind === kind);
  }

  /** Events whose kind starts with one of `prefixes`, in time order. */
  withPrefix(...prefixes: string[]): ChaosEvent[] {
    return this.sorted().filter((e) => prefixes.some((p) => e.kind.startsWith(p)));
  }

  /** Events in [from, to] (optionally only of some clients), in time order: the context of a violation. */
  slice(from: number, to: number, clients?: readonly string[]): ChaosEvent[] {
    return this.sorted().filter((e) => e.at >= from && e.at <= to && (!clients || clients.includes(e.client) || e.client === 'nemesis'));
  }
}

/** One line per event, times relative to `origin`, for a violation report. */
export function formatEvents(events: readonly ChaosEvent[], origin: number): string[] {
  return events.map((e) => {
    const { at, client, kind, ...rest } = e;
    const fields = Object.entries(rest).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join(' ');
    return `${((at - origin) / 1000).toFixed(3).padStart(9)}s ${client.padEnd(7)} ${kind.padEnd(22)} ${fields}`;
  });
}
