import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { LeaderContender, LeadershipLossCause } from '../../src/index.js';

/** Curator's protected LeaderLatch node name. */
export const LATCH_NODE = /^_c_[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}-latch-\d{10}$/;

/** One leadership transition seen through the typed events, with `performance.now()`. */
export interface Transition {
  who: string;
  isLeader: boolean;
  at: number;
  epoch: bigint;
  cause?: LeadershipLossCause;
}

/** Records every `isLeader` / `notLeader` of the contenders it is given, in order. */
export class TransitionLog {
  readonly transitions: Transition[] = [];

  /** Starts recording `contender` under the name `who`. */
  add<T extends LeaderContender>(who: string, contender: T): T {
    contender.on('isLeader', (l) => this.transitions.push({ who, isLeader: true, at: performance.now(), epoch: l.epoch }));
    contender.on('notLeader', (cause, l) => this.transitions.push({ who, isLeader: false, at: performance.now(), epoch: l.epoch, cause }));
    return contender;
  }

  /** The transitions of `who`. */
  of(who: string): Transition[] {
    return this.transitions.filter((t) => t.who === who);
  }

  /** The first `isLeader` of anyone but `who` (after `since`). */
  firstElectedOtherThan(who: string, since = 0): Transition | undefined {
    return this.transitions.find((t) => t.isLeader && t.who !== who && t.at >= since);
  }
}

/**
 * Samples, every `intervalMs`, how many of `leaders()` claim leadership at that
 * instant, until stopped; records the largest count and every sample's count.
 */
export class LeaderSampler {
  max = 0;
  samples = 0;
  readonly overlaps: string[][] = [];
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly leaders: () => string[], intervalMs = 2) {
    this.timer = setInterval(() => this.sample(), intervalMs);
  }

  sample(): number {
    const now = this.leaders();
    this.samples++;
    this.max = Math.max(this.max, now.length);
    if (now.length > 1) this.overlaps.push(now);
    return now.length;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

/** Resolves with the first `isLeader` (or `notLeader`) of `contender` from now on. */
export function next(contender: LeaderContender, event: 'isLeader' | 'notLeader', timeoutMs = 30_000): Promise<number> {
  return new Promise((resolve, reject) => {
    const done = (): void => { clearTimeout(timer); contender.off(event, done); resolve(performance.now()); };
    const timer = setTimeout(() => { contender.off(event, done); reject(new Error(`no ${event} within ${timeoutMs} ms`)); }, timeoutMs);
    contender.on(event, done);
  });
}

/**
 * A latch participant in its own process (fixtures/latch-participant.ts): its
 * output lines, in order, and a way to kill it like a crash.
 */
export class ParticipantProcess {
  private readonly lines: string[] = [];
  private wake: (() => void) | undefined;
  private exited = false;
  private stderr = '';

  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    createInterface({ input: child.stdout }).on('line', (line) => { this.lines.push(line); this.wake?.(); });
    child.stderr.on('data', (d: Buffer) => { this.stderr += d.toString(); });
    child.on('exit', () => { this.exited = true; this.wake?.(); });
  }

  /** Starts the fixture: `connect path participantId sessionTimeoutMs`. */
  static start(args: string[]): ParticipantProcess {
    const fixture = fileURLToPath(new URL('./fixtures/latch-participant.ts', import.meta.url));
    return new ParticipantProcess(spawn(process.execPath, ['--import', 'tsx', fixture, ...args], { stdio: 'pipe' }));
  }

  /** Removes and returns the next output line (waiting for it). */
  async nextLine(timeoutMs = 30_000): Promise<string> {
    const end = Date.now() + timeoutMs;
    while (this.lines.length === 0) {
      if (this.exited) throw new Error(`participant exited; stderr:\n${this.stderr}`);
      const left = end - Date.now();
      if (left <= 0) throw new Error(`no line from the participant within ${timeoutMs} ms; stderr:\n${this.stderr}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => { clearTimeout(timer); resolve(); };
      });
      this.wake = undefined;
    }
    return this.lines.shift()!;
  }

  /** Ends the process with `signal` (SIGKILL: a crash; its session ends by timeout) and waits for it. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    if (this.exited) return;
    const done = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill(signal);
    await done;
  }
}
