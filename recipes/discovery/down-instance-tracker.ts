import { describeValue, InvalidArgumentError } from '../../src/errors/index.js';

/** When a provider stops handing out an instance that callers report errors for. */
export interface DownInstancePolicy {
  /** Errors (inside `timeoutMs`) after which the instance is skipped. @default 2 */
  errorThreshold?: number;
  /** How long after its first noted error an instance's record is forgotten, re-admitting it. @default 30000 */
  timeoutMs?: number;
}

/** Curator's `DownInstancePolicy` defaults. */
export const DEFAULT_DOWN_INSTANCE_POLICY: Readonly<Required<DownInstancePolicy>> = Object.freeze({ errorThreshold: 2, timeoutMs: 30_000 });

interface ErrorRecord {
  firstErrorAt: number;
  count: number;
}

/**
 * Curator's `DownInstanceManager`, kept in memory only: counts errors per
 * instance id; an instance is down while it has `errorThreshold` or more errors
 * and its first error is less than `timeoutMs` old. Unlike Curator, which purges
 * at most every `timeoutMs / 2`, a record expires exactly `timeoutMs` after its
 * first error.
 */
export class DownInstanceTracker {
  readonly policy: Readonly<Required<DownInstancePolicy>>;
  private readonly records = new Map<string, ErrorRecord>();

  constructor(policy: DownInstancePolicy = {}, private readonly now: () => number = () => performance.now()) {
    const merged = { ...DEFAULT_DOWN_INSTANCE_POLICY, ...policy };
    if (!Number.isInteger(merged.errorThreshold) || merged.errorThreshold < 1) {
      throw new InvalidArgumentError(`downInstancePolicy.errorThreshold must be an integer >= 1, got ${describeValue(merged.errorThreshold)}`, { op: 'provider' });
    }
    if (typeof merged.timeoutMs !== 'number' || !Number.isFinite(merged.timeoutMs) || merged.timeoutMs < 0) {
      throw new InvalidArgumentError(`downInstancePolicy.timeoutMs must be a finite number >= 0, got ${describeValue(merged.timeoutMs)}`, { op: 'provider' });
    }
    this.policy = Object.freeze(merged);
  }

  /** Counts one error for the instance. */
  noteError(id: string): void {
    this.purge();
    const record = this.records.get(id);
    if (record) record.count++;
    else this.records.set(id, { firstErrorAt: this.now(), count: 1 });
  }

  /** True while the instance is to be skipped. */
  isDown(id: string): boolean {
    const record = this.records.get(id);
    if (!record) return false;
    if (this.now() - record.firstErrorAt >= this.policy.timeoutMs) {
      this.records.delete(id);
      return false;
    }
    return record.count >= this.policy.errorThreshold;
  }

  /** Forgets expired records. */
  purge(): void {
    const now = this.now();
    for (const [id, record] of this.records) if (now - record.firstErrorAt >= this.policy.timeoutMs) this.records.delete(id);
  }
}
