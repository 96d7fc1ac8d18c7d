/**
 * What a chaos run records: one flat, JSON-safe event per thing a client did
 * or saw, and per fault injected. Clients in the runner's process and in
 * child processes record the same shapes; a child sends them over stdout.
 *
 * `at` is {@link clockMs}: one clock for every process of the machine, so
 * that events of different processes can be ordered.
 */

/**
 * Milliseconds of the machine's monotonic clock (`process.hrtime`, Linux
 * CLOCK_MONOTONIC: one clock shared by every process, sub-microsecond).
 * Not `performance.timeOrigin + performance.now()`: each process pairs its
 * own wall-clock origin with the monotonic clock once, at start, and the
 * pairing is not exact. A 10-minute run (seed 20261130) had one child's
 * timestamps about 4.8 ms ahead of the others' for the whole run, which
 * turned about 1,100 ordinary lock hand-offs (1.5–3 ms apart) into overlaps.
 */
export function clockMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

interface Base {
  at: number;
  /** Participant id (`c1`...), or `nemesis` for faults, or `runner`. */
  client: string;
}

/** The kinds of fault the nemesis injects. */
export type FaultKind =
  | 'isolate-short' | 'isolate-long' | 'cut' | 'delay' | 'expire'
  | 'kill-leader' | 'stop-leader' | 'kill-follower' | 'stop-follower';

export type ChaosEvent = Base & (
  | { kind: 'session'; state: string; sessionId: string | null; newSession: boolean }
  | { kind: 'fault.start'; fault: FaultKind; target: string; detail: string }
  | { kind: 'fault.end'; fault: FaultKind; target: string }
  | { kind: 'op.error'; op: string; code: string; message: string }
  // Mutex: a critical section from acquire to release; `lost` when lease.lost fired.
  | { kind: 'mutex.enter'; token: string; node: string }
  | { kind: 'mutex.lost'; token: string; cause: string }
  | { kind: 'mutex.exit'; token: string }
  // Leader: a term from isLeader to notLeader (or the latch's close).
  | { kind: 'leader.gained'; epoch: string }
  | { kind: 'leader.lost'; epoch: string; cause: string }
  // Discovery: instances this client registered or gave up.
  | { kind: 'discovery.registered'; service: string; id: string }
  | { kind: 'discovery.unregistered'; service: string; id: string; ok: boolean }
  | { kind: 'discovery.stopped'; service: string; ids: string[] }
  // Config: every value a watcher served, and every value the runner published.
  | { kind: 'config.seen'; seq: number; version: number | null }
  | { kind: 'config.published'; seq: number; version: number }
  // DoubleBarrier: one member's calls in one round.
  | { kind: 'barrier.call'; step: 'enter' | 'leave'; round: number }
  | { kind: 'barrier.pass'; step: 'enter' | 'leave'; round: number }
  | { kind: 'barrier.fail'; step: 'enter' | 'leave'; round: number; code: string }
  | { kind: 'barrier.sit-out'; round: number }
);

export type ChaosEventKind = ChaosEvent['kind'];

/** The event of one kind. */
export type EventOf<K extends ChaosEventKind> = Extract<ChaosEvent, { kind: K }>;

/** Where a participant's events go: the shared history, or the child's stdout. */
export type EventSink = (event: ChaosEvent) => void;

/** Distributes `Omit` over the union, so that a call site may leave out `at` and `client`. */
export type EventBody = ChaosEvent extends infer E ? (E extends ChaosEvent ? Omit<E, 'at' | 'client'> : never) : never;
