import type { ZkClient } from '../../../src/index.js';
import { ZkError } from '../../../src/errors/index.js';
import type { EventBody } from '../events.js';
import type { SeededRandom } from '../seeded-random.js';

/** Where every recipe of one chaos run lives. */
export interface ChaosPaths {
  mutex: string;
  leader: string;
  services: string;
  config: string;
  barrier: string;
}

/** The paths of a run under `base` (one base per run, so runs never meet). */
export function chaosPaths(base: string): ChaosPaths {
  return {
    mutex: `${base}/mutex`,
    leader: `${base}/leader`,
    services: `${base}/services`,
    config: `${base}/config`,
    barrier: `${base}/barrier`,
  };
}

/** What a workload of one participant gets. */
export interface WorkloadContext {
  /** The participant id (`c1`...). */
  readonly id: string;
  readonly client: ZkClient;
  /** This workload's own random stream. */
  readonly random: SeededRandom;
  readonly paths: ChaosPaths;
  /** Records an event of this participant. */
  emit(body: EventBody): void;
  /** Aborts when the participant stops: every loop ends and every wait gives up. */
  readonly stopping: AbortSignal;
  /**
   * Aborts before the end-of-run checks (and at stop): workloads whose state
   * is checked stop changing it (no new registrations, no stepping down).
   */
  readonly quiescing: AbortSignal;
}

/** The stable code of an error, for the record: a ZkError's `code`, `ABORTED`, or the error's name. */
export function codeOf(error: unknown): string {
  if (error instanceof ZkError) return error.code;
  if (error instanceof Error && error.name === 'AbortError') return 'ABORTED';
  return error instanceof Error ? error.name : typeof error;
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Waits `ms`, or less if `signal` aborts; never rejects. */
export function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) { resolve(); return; }
    const done = (): void => { clearTimeout(timer); signal?.removeEventListener('abort', done); resolve(); };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Records a failed operation unless it failed because the participant is stopping. */
export function recordError(ctx: WorkloadContext, op: string, error: unknown): void {
  if (ctx.stopping.aborted) return;
  ctx.emit({ kind: 'op.error', op, code: codeOf(error), message: messageOf(error) });
}
