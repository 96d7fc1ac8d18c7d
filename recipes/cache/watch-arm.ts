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
  readonly listener: WatchListener;

  constructor(onFire: (event: WatchEvent) => void) {
    this.listener = (event) => {
      this.fired = true;
      onFire(event);
    };
  }

  /** True while the registration can still fire. */
  get outstanding(): boolean {
    return !this.fired;
  }
}
