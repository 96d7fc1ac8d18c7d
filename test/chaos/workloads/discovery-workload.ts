import { ServiceDiscovery, type ServiceInstance } from '../../../src/index.js';
import { codeOf, pause, recordError, type WorkloadContext } from './workload-context.js';

const CALL_TIMEOUT_MS = 10_000;
const MAX_INSTANCES = 3;

/** The instances a participant has registered and not given up, for the end-of-run check. */
export interface DiscoveryState {
  service: string;
  registered(): string[];
}

/**
 * A service of this participant (`svc-<id>`) whose instances come and go:
 * register a new instance, unregister one, or stop the whole service
 * (`close()` the ServiceDiscovery, which unregisters everything) and start a
 * new one. Every instance given up, or whose registration failed, must be
 * gone at the end; every instance still registered must exist under the
 * participant's current session (self-healing after session loss).
 * Once `quiescing` aborts it makes no more changes and calls `idle`; the
 * service stops (its instances are unregistered) when the participant stops.
 */
export async function runDiscoveryWorkload(ctx: WorkloadContext, expose: (state: DiscoveryState) => void, idle: () => void): Promise<void> {
  const service = `svc-${ctx.id}`;
  let discovery = await startDiscovery(ctx);
  let next = 1;
  expose({ service, registered: () => discovery.registered().map((i) => i.id) });
  try {
    while (!ctx.quiescing.aborted) {
      await pause(ctx.random.int(300, 1_500), ctx.quiescing);
      if (ctx.quiescing.aborted) break;
      const current = discovery.registered();
      const action = current.length === 0 ? 'register'
        : ctx.random.weighted({ register: current.length < MAX_INSTANCES ? 4 : 0, unregister: 2, stop: 1 });
      if (action === 'register') {
        const id = `${ctx.id}-${next++}`;
        try {
          await discovery.register({ name: service, id, address: '127.0.0.1', port: 10_000 + next }, { timeoutMs: CALL_TIMEOUT_MS });
          ctx.emit({ kind: 'discovery.registered', service, id });
        } catch (e) {
          // Not registered, as far as the caller knows: it must not remain.
          ctx.emit({ kind: 'discovery.unregistered', service, id, ok: false });
          recordError(ctx, 'discovery.register', e);
        }
      } else if (action === 'unregister') {
        const victim: ServiceInstance = ctx.random.pick(current);
        try {
          await discovery.unregister(victim, { timeoutMs: CALL_TIMEOUT_MS });
          ctx.emit({ kind: 'discovery.unregistered', service, id: victim.id, ok: true });
        } catch (e) {
          ctx.emit({ kind: 'discovery.unregistered', service, id: victim.id, ok: false });
          recordError(ctx, 'discovery.unregister', e);
        }
      } else {
        const ids = current.map((i) => i.id);
        await discovery.close();
        ctx.emit({ kind: 'discovery.stopped', service, ids });
        discovery = await startDiscovery(ctx);
      }
    }
    idle();
    await pause(2 ** 31 - 1, ctx.stopping);
  } finally {
    await discovery.close().catch((e: unknown) => recordError(ctx, `discovery.close:${codeOf(e)}`, e));
  }
}

async function startDiscovery(ctx: WorkloadContext): Promise<ServiceDiscovery> {
  const discovery = new ServiceDiscovery(ctx.client, { basePath: ctx.paths.services });
  await discovery.start();
  return discovery;
}
