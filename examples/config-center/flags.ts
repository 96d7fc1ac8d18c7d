/** The feature flags every instance of the "orders" service reads. */
export interface FeatureFlags {
  newCheckout: boolean;
  discountPercent: number;
}

/** Where the flags live in ZooKeeper. */
export const FLAGS_PATH = '/config/orders/feature-flags';

/** Used until someone publishes flags. */
export const DEFAULT_FLAGS: FeatureFlags = { newCheckout: false, discountPercent: 0 };

/** A hand-written validator (any zod-style `parse` works the same way): returns the flags or throws. */
export function parseFlags(value: unknown): FeatureFlags {
  const v = value as Partial<FeatureFlags> | null;
  if (!v || typeof v !== 'object') throw new TypeError('flags must be a JSON object');
  if (typeof v.newCheckout !== 'boolean') throw new TypeError('newCheckout must be a boolean');
  if (typeof v.discountPercent !== 'number' || v.discountPercent < 0 || v.discountPercent > 100) {
    throw new TypeError('discountPercent must be a number in 0..100');
  }
  return { newCheckout: v.newCheckout, discountPercent: v.discountPercent };
}
