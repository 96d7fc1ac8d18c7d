import { BarrierTimeoutError, DoubleBarrier, ZkClient } from '../../src/index.js';

/** How a soak of DoubleBarrier rounds runs. */
export interface SoakOptions {
  connect: string;
  /** Normal rounds each member goes through. */
  rounds: number;
  /** @default 8 */
  members?: number;
  /** The barrier path (every round reuses it). */
  path: string;
  /** Rounds between two give-up scenarios (enter timeout, leave timeout, abort in turn). @default 50 */
  blockSize?: number;
  /** timeoutMs of every normal enter/leave: reaching it is a failure. @default 30_000 */
  timeoutMs?: number;
  /** timeoutMs of the calls that are meant to give up. @default 250 */
  shortTimeoutMs?: number;
  /** A call still pending this long after its own timeout is hung (and aborted). @default 10_000 */
  hangAfterMs?: number;
  onBlock?: (roundsDone: number, result: SoakResult) => void;
}

/** What a soak saw. */
export interface SoakResult {
  rounds: number;
  /** Calls still pending `hangAfterMs` after their timeout. */
  hung: number;
  /** Give-up calls that rejected as they must (BarrierTimeoutError / AbortError), of those made. */
  timeoutsHonoured: number;
  timeoutsExpected: number;
  /** Largest delay between a give-up call's timeout and its rejection, ms (informative only). */
  maxTimeoutOvershootMs: number;
  /** A member passed enter/leave before every member had called it, or nodes were left behind. */
  violations: string[];
  /** Normal calls that failed (timeouts included). */
  errors: string[];
  /** Each member's round (enter call to leave resolved), ms. */
  roundMs: number[];
}

/**
 * Drives `members` DoubleBarrier members (one ZkClient each) through `rounds`
 * rounds on one path. Members loop on their own, so fast members enter the next
 * round while slow ones are still leaving, as in a real batch. Checks on every
 * return that no member passed `enter`/`leave` of a round before every member
 * had called it. Every `blockSize` rounds the members stop together and run a
 * give-up scenario: an enter with one member missing (timeout), a leave with
 * one member still busy (timeout), an enter aborted by its signal; each must
 * reject with the right error and leave no member node behind.
 */
export async function runSoak(options: SoakOptions): Promise<SoakResult> {
  const n = options.members ?? 8;
  const blockSize = options.blockSize ?? 50;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const shortMs = options.shortTimeoutMs ?? 250;
  const hangAfterMs = options.hangAfterMs ?? 10_000;
  const result: SoakResult = {
    rounds: 0, hung: 0, timeoutsHonoured: 0, timeoutsExpected: 0, maxTimeoutOvershootMs: 0, violations: [], errors: [], roundMs: [],
  };
  const clients = await Promise.all(Array.from({ length: n }, async () => {
    const c = new ZkClient({ connect: options.connect, sessionTimeoutMs: 10_000, connectTimeoutMs: 15_000 });
    await c.connect();
    return c;
  }));
  const barriers = clients.map((c, i) => new DoubleBarrier(c, options.path, { memberCount: n, memberId: `member-${i}` }));
  const enterCalls = new Array<number>(n).fill(0);
  const leaveCalls = new Array<number>(n).fill(0);

  /** Runs a call with a watchdog: pending `hangAfterMs` after `callTimeoutMs` counts as hung and is aborted. */
  async function guarded(label: string, callTimeoutMs: number, call: (signal: AbortSignal) => Promise<void>): Promise<{ error?: unknown; ms: number }> {
    const watchdog = new AbortController();
    const timer = setTimeout(() => { result.hung++; result.errors.push(`${label}: HUNG`); watchdog.abort(); }, callTimeoutMs + hangAfterMs);
    const started = performance.now();
    try {
      await call(watchdog.signal);
      return { ms: performance.now() - started };
    } catch (error) {
      return { error, ms: performance.now() - started };
    } finally {
      clearTimeout(timer);
    }
  }

  function check(kind: 'enter' | 'leave', i: number, round: number): void {
    const calls = kind === 'enter' ? enterCalls : leaveCalls;
    const missing = calls.findIndex((r) => r < round);
    if (missing >= 0) result.violations.push(`member ${i} passed ${kind} of round ${round} before member ${missing} called it`);
  }

  async function member(i: number, from: number, to: number): Promise<void> {
    for (let round = from; round <= to; round++) {
      const started = performance.now();
      if (Math.random() < 0.5) await pause(Math.random() * 3);
      enterCalls[i] = round;
      const entered = await guarded(`member ${i} enter ${round}`, timeoutMs, (signal) => barriers[i].enter({ timeoutMs, signal }));
      if (entered.error) { result.errors.push(`member ${i} enter ${round}: ${describe(entered.error)}`); return; }
      check('enter', i, round);
      if (Math.random() < 0.3) await pause(Math.random() * 3);
      leaveCalls[i] = round;
      const left = await guarded(`member ${i} leave ${round}`, timeoutMs, (signal) => barriers[i].leave({ timeoutMs, signal }));
      if (left.error) { result.errors.push(`member ${i} leave ${round}: ${describe(left.error)}`); return; }
      check('leave', i, round);
      result.roundMs.push(performance.now() - started);
    }
  }

  /** A give-up call: must reject with `expected`; records the overshoot past its timeout. */
  async function giveUp(label: string, call: (signal: AbortSignal) => Promise<void>, expected: (e: unknown) => boolean): Promise<void> {
    result.timeoutsExpected++;
    const outcome = await guarded(label, shortMs, call);
    if (outcome.error && expected(outcome.error)) {
      result.timeoutsHonoured++;
      result.maxTimeoutOvershootMs = Math.max(result.maxTimeoutOvershootMs, outcome.ms - shortMs);
    } else {
      result.violations.push(`${label}: expected a give-up, got ${outcome.error ? describe(outcome.error) : 'success'}`);
    }
  }

  const isTimeout = (step: string) => (e: unknown) => e instanceof BarrierTimeoutError && e.code === 'BARRIER_TIMEOUT' && e.step === step;
  const isAbort = (e: unknown) => e instanceof Error && e.name === 'AbortError';

  async function scenario(kind: number): Promise<void> {
    const others = barriers.slice(0, n - 1);
    if (kind === 0) {
      await Promise.all(others.map((b, i) => giveUp(`enter timeout (member ${i})`, (signal) => b.enter({ timeoutMs: shortMs, signal }), isTimeout('enter'))));
    } else if (kind === 1) {
      await Promise.all(barriers.map((b) => b.enter({ timeoutMs })));
      await Promise.all(others.map((b, i) => giveUp(`leave timeout (member ${i})`, (signal) => b.leave({ timeoutMs: shortMs, signal }), isTimeout('leave'))));
      await barriers[n - 1].leave({ timeoutMs });
    } else {
      await Promise.all(others.map((b, i) => giveUp(`enter abort (member ${i})`, async (signal) => {
        const abort = new AbortController();
        const timer = setTimeout(() => abort.abort(), shortMs);
        try {
          await b.enter({ signal: AbortSignal.any([signal, abort.signal]) });
        } finally {
          clearTimeout(timer);
        }
      }, isAbort)));
    }
    const left = await clients[0].getChildren(options.path).then((r) => r.children, () => []);
    if (left.length) result.violations.push(`give-up scenario ${kind} left nodes behind: ${left.join(', ')}`);
  }

  try {
    for (let from = 1, block = 0; from <= options.rounds; from += blockSize, block++) {
      const to = Math.min(options.rounds, from + blockSize - 1);
      await Promise.all(barriers.map((_, i) => member(i, from, to)));
      if (result.errors.length) break;
      result.rounds = to;
      await scenario(block % 3);
      options.onBlock?.(to, result);
    }
  } finally {
    await Promise.all(barriers.map((b) => b.close()));
    await Promise.all(clients.map((c) => c.close()));
  }
  return result;
}

function describe(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : JSON.stringify(e);
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The p-th percentile (0..100) of `values`. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
