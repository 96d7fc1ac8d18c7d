import type { EventEmitter } from 'node:events';
import type { WatchListener, WatchOptions, ZkClient } from '../../src/index.js';

/**
 * Counts the reads a client makes and the one-shot watches it has outstanding,
 * per path and kind, by wrapping the instance's read methods (the client itself
 * is untouched). `maxOutstanding` is the largest number of watches of one kind
 * ever outstanding on one path.
 */
export class ReadRecorder {
  reads = 0;
  maxOutstanding = 0;
  private readonly outstanding = new Map<string, number>();

  constructor(client: ZkClient) {
    for (const [method, kind] of [['getData', 'data'], ['exists', 'data'], ['getChildren', 'children']] as const) {
      const original = client[method].bind(client) as (path: string, options?: WatchOptions) => Promise<unknown>;
      (client as unknown as Record<string, unknown>)[method] = async (path: string, options: WatchOptions = {}) => {
        this.reads++;
        const watch = options.watch;
        if (!watch) return original(path, options);
        const key = `${kind} ${path}`;
        let fired = false;
        const wrapped: WatchListener = (event) => { fired = true; this.change(key, -1); watch(event); };
        this.change(key, +1);
        try {
          return await original(path, { ...options, watch: wrapped });
        } catch (e) {
          // A failed read leaves no watch (the client drops the registration).
          if (!fired) this.change(key, -1);
          throw e;
        }
      };
    }
  }

  private change(key: string, delta: number): void {
    const n = (this.outstanding.get(key) ?? 0) + delta;
    this.outstanding.set(key, n);
    this.maxOutstanding = Math.max(this.maxOutstanding, n);
  }
}

/** Resolves with the arguments of the next `event` whose arguments satisfy `predicate`. */
export function nextEvent<A extends unknown[]>(emitter: EventEmitter, event: string, predicate: (...args: A) => boolean = () => true, timeoutMs = 20_000): Promise<A> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { emitter.off(event, listener); reject(new Error(`no matching '${event}' within ${timeoutMs} ms`)); }, timeoutMs);
    const listener = (...args: unknown[]): void => {
      if (!predicate(...(args as A))) return;
      clearTimeout(timer);
      emitter.off(event, listener);
      resolve(args as A);
    };
    emitter.on(event, listener);
  });
}
