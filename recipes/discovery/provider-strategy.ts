import type { ServiceInstance } from './service-instance.js';

/**
 * Picks one instance from the usable ones (enabled, not noted down), which
 * arrive sorted by id. Returns `undefined` only when the list is empty.
 */
export interface ProviderStrategy<P> {
  pick(instances: readonly ServiceInstance<P>[]): ServiceInstance<P> | undefined;
}

/** Names of the built-in strategies. */
export type ProviderStrategyName = 'round-robin' | 'random' | 'sticky';

/** Curator's `RoundRobinStrategy`: a counter modulo the list length. */
export class RoundRobinStrategy<P> implements ProviderStrategy<P> {
  private counter = 0;

  pick(instances: readonly ServiceInstance<P>[]): ServiceInstance<P> | undefined {
    if (instances.length === 0) return undefined;
    const index = this.counter % instances.length;
    // Wrap well before 2^53 so the modulo stays exact.
    this.counter = (this.counter + 1) % Number.MAX_SAFE_INTEGER;
    return instances[index];
  }
}

/** Curator's `RandomStrategy`: uniform over the list. */
export class RandomStrategy<P> implements ProviderStrategy<P> {
  pick(instances: readonly ServiceInstance<P>[]): ServiceInstance<P> | undefined {
    return instances.length === 0 ? undefined : instances[Math.floor(Math.random() * instances.length)];
  }
}

/**
 * Curator's `StickyStrategy`: keeps returning the same instance while it is
 * usable (same id still in the list), and otherwise picks a new one through
 * `master` (random by default, so that many clients spread out).
 */
export class StickyStrategy<P> implements ProviderStrategy<P> {
  private current: string | undefined;
  private switches = 0;

  constructor(private readonly master: ProviderStrategy<P> = new RandomStrategy<P>()) {}

  /** How many times a new instance was chosen (Curator's `getInstanceNumber()`). */
  get instanceNumber(): number {
    return this.switches;
  }

  pick(instances: readonly ServiceInstance<P>[]): ServiceInstance<P> | undefined {
    const kept = this.current === undefined ? undefined : instances.find((i) => i.id === this.current);
    if (kept) return kept;
    const next = this.master.pick(instances);
    this.current = next?.id;
    if (next) this.switches++;
    return next;
  }
}

/** The strategy object for a name. */
export function strategyFor<P>(strategy: ProviderStrategyName | ProviderStrategy<P>): ProviderStrategy<P> | undefined {
  if (typeof strategy === 'object' && strategy !== null && typeof strategy.pick === 'function') return strategy;
  switch (strategy) {
    case 'round-robin': return new RoundRobinStrategy<P>();
    case 'random': return new RandomStrategy<P>();
    case 'sticky': return new StickyStrategy<P>();
    default: return undefined;
  }
}
