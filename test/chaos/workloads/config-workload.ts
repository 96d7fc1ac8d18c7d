import { ConfigWatcher } from '../../../src/index.js';
import { pause, recordError, type WorkloadContext } from './workload-context.js';

/** The config value of a chaos run: a counter the runner publishes. */
export interface ChaosConfig {
  seq: number;
}

export function validateChaosConfig(value: unknown): ChaosConfig {
  const seq = (value as { seq?: unknown } | null)?.seq;
  if (typeof seq !== 'number' || !Number.isInteger(seq) || seq < 0) throw new TypeError('not a chaos config');
  return { seq };
}

/**
 * One ConfigWatcher for the whole run, recording every value it serves
 * (`config.seen`). `expose` gets the value it serves now (for the
 * convergence check) once it has started; the watcher closes when the
 * participant stops.
 */
export async function runConfigWorkload(ctx: WorkloadContext, expose: (current: () => number) => void): Promise<void> {
  while (!ctx.stopping.aborted) {
    const watcher = new ConfigWatcher<ChaosConfig>(ctx.client, ctx.paths.config, { validate: validateChaosConfig, defaultValue: { seq: 0 } });
    watcher.on('change', (value) => ctx.emit({ kind: 'config.seen', seq: value.seq, version: watcher.version ?? null }));
    try {
      await watcher.start({ timeoutMs: 30_000, signal: ctx.stopping });
      // The value served now (a change may already have been reported while start resolved).
      ctx.emit({ kind: 'config.seen', seq: watcher.value.seq, version: watcher.version ?? null });
    } catch (e) {
      recordError(ctx, 'config.start', e);
      await pause(500, ctx.stopping);
      continue;
    }
    expose(() => watcher.value.seq);
    await pause(2 ** 31 - 1, ctx.stopping);
    await watcher.close();
  }
}
