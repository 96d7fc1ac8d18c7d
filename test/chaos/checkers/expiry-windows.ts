import type { ChaosEvent } from '../events.js';

/** From the moment the nemesis began to end a client's session (`expire`) until the client reported it lost. */
interface Window {
  start: number;
  end: number;
}

/**
 * The `expire` faults of a run, per client. The nemesis ends the session on
 * the server (a second handle joins it and closes it) while the client is
 * still connected, and the fault ends once the client reports `lost`.
 *
 * During such a window the old holder of a lock or leadership cannot be
 * told first: the server that applies the session's close deletes its
 * ephemeral nodes and sends the others' watch notifications before it closes
 * the owner's connection, so the next holder may learn of it a few ms before
 * the owner does. This is ZooKeeper's order, not the recipe's (Curator has
 * the same exposure), and it is the case fencing tokens and epochs are for
 * (docs/guarantees.md). The checkers excuse an overlap only when the history
 * shows exactly that: it began inside such a window of the old holder, and
 * the old holder learned of it before the window closed: its loss signal
 * fired, or its client left `connected` (which ends a lease or a term under
 * the default loss policy; a section can end normally a moment before that
 * event is processed).
 */
export class ExpiryWindows {
  readonly #windows = new Map<string, Window[]>();
  /** Per client, when its client reported a state other than `connected`. */
  readonly #disconnects = new Map<string, number[]>();

  constructor(events: readonly ChaosEvent[]) {
    const open = new Map<string, number>();
    for (const e of events) {
      if (e.kind === 'session' && e.state !== 'connected') {
        const list = this.#disconnects.get(e.client) ?? [];
        list.push(e.at);
        this.#disconnects.set(e.client, list);
      } else if (e.kind === 'fault.start' && e.fault === 'expire') open.set(e.target, e.at);
      else if (e.kind === 'fault.end' && e.fault === 'expire') {
        const start = open.get(e.target);
        if (start === undefined) continue;
        open.delete(e.target);
        const list = this.#windows.get(e.target) ?? [];
        list.push({ start, end: e.at });
        this.#windows.set(e.target, list);
      }
    }
  }

  /**
   * True when another client took over at `takenAt` while the server was
   * ending `holder`'s session, and `holder` learned of it before the fault
   * was over: its loss signal fired (at `toldAt`), or its client left
   * `connected`.
   */
  excuses(holder: string, takenAt: number, toldAt: number | undefined): boolean {
    return (this.#windows.get(holder) ?? []).some((w) => {
      if (takenAt < w.start || takenAt > w.end) return false;
      const disconnected = (this.#disconnects.get(holder) ?? []).find((at) => at >= w.start);
      const told = Math.min(toldAt ?? Infinity, disconnected ?? Infinity);
      return told <= w.end;
    });
  }
}
