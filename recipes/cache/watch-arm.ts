import type { WatchEvent, WatchListener } from '../../src/client/index.js';

/**
 * One one-shot watch registration handed to the client. A cache keeps at most
 * one outstanding arm per node and watch kind: while an arm has not fired, the
 * next read of that node goes without a watch, because the armed one already
 * reports the next change. It is armed only once the read that carried it
 * succeeded (a failed read's registration is withdrawn by the client).
 */
export class WatchArm {
  private fired = false;
  private onFire: ((event: WatchEvent) => void) | undefined;
  readonly listener: WatchListener;

  constructor(onFire: (event: WatchEvent) => void) {
    this.onFire = onFire;
    this.listener = (event) => {
      this.fired = true;
      const fire = this.onFire;
      this.onFire = undefined;
      fire?.(event);
    };
  }

  /** True while the registration can still fire. */
  get outstanding(): boolean {
    return !this.fired;
  }

  /**
   * The owner closed. The registration stays with the client (and on the
   * server) until the watch fires, because the binding cannot remove a watch;
   * dropping the callback here means that it no longer keeps the closed owner
   * (a cache and everything it holds) in memory, and a late firing does nothing.
   */
  disarm(): void {
    this.onFire = undefined;
  }
}
