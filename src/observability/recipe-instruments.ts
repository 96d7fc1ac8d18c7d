import type { Counter, Histogram, Meter, UpDownCounter } from '@opentelemetry/api';
import { RecipeMetricName } from './attributes.js';

/** Lock wait buckets: hand-offs take milliseconds, contended waits seconds. */
const WAIT_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/**
 * The recipes' metrics, created once per client. Attributes are low-cardinality
 * only (recipe kind, outcome, event type): no session ids and no paths, which
 * would make one time series per lock or per session.
 */
export class RecipeInstruments {
  /** Time from `acquire()` to the outcome, seconds; attributes `zookeeper.recipe`, `zookeeper.outcome`. */
  readonly lockWait: Histogram;
  /** Time a lease was held, seconds; attribute `zookeeper.recipe`. */
  readonly lockHold: Histogram;
  /** Acquisitions by `zookeeper.recipe` and `zookeeper.outcome` (acquired, timeout, aborted, lost, error). */
  readonly lockAcquisitions: Counter;
  /** 1 while this process leads (per participant), 0 otherwise: an up-down counter. */
  readonly leadership: UpDownCounter;
  /** Leadership changes by `zookeeper.leader.event` (elected, lost). */
  readonly leadershipChanges: Counter;
  /** Service instances this process has registered. */
  readonly registeredInstances: UpDownCounter;
  /** Config reloads by `zookeeper.outcome` (valid, invalid). */
  readonly configReloads: Counter;
  /** Watch notifications delivered, by `zookeeper.watch.type`. */
  readonly watchEvents: Counter;

  constructor(meter: Meter) {
    this.lockWait = meter.createHistogram(RecipeMetricName.LOCK_WAIT, {
      unit: 's', description: 'Time spent waiting for a lock or semaphore lease', advice: { explicitBucketBoundaries: WAIT_BUCKETS },
    });
    this.lockHold = meter.createHistogram(RecipeMetricName.LOCK_HOLD, {
      unit: 's', description: 'Time a lock or semaphore lease was held', advice: { explicitBucketBoundaries: WAIT_BUCKETS },
    });
    this.lockAcquisitions = meter.createCounter(RecipeMetricName.LOCK_ACQUISITIONS, { description: 'Lock acquisition attempts by outcome' });
    this.leadership = meter.createUpDownCounter(RecipeMetricName.LEADERSHIP, { description: 'Participants of this process that currently lead' });
    this.leadershipChanges = meter.createCounter(RecipeMetricName.LEADERSHIP_CHANGES, { description: 'Leadership gained or lost' });
    this.registeredInstances = meter.createUpDownCounter(RecipeMetricName.REGISTERED_INSTANCES, { description: 'Service instances registered by this process' });
    this.configReloads = meter.createCounter(RecipeMetricName.CONFIG_RELOADS, { description: 'Config reloads by outcome' });
    this.watchEvents = meter.createCounter(RecipeMetricName.WATCH_EVENTS, { description: 'Watch notifications delivered' });
  }
}
