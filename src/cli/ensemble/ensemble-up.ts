import { setTimeout as delay } from 'node:timers/promises';
import { locateZooKeeper } from '../../testing/index.js';
import { CliError, UsageError } from '../cli-error.js';
import type { CommandContext } from '../command.js';
import { DetachedServer } from './detached-server.js';
import { EnsembleLayout, type EnsembleManifest } from './ensemble-layout.js';
import { hasQuorum, memberStatuses, statusTable, type MemberStatus } from './ensemble-status.js';
import { planPorts } from './port-plan.js';

/** What `ensemble up` was asked for. */
export interface UpOptions {
  servers: number;
  observers: number;
  basePort: number | undefined;
  tickTimeMs: number;
  waitMs: number;
}

/** Polls every member until one leads and all serve, or `waitMs` passes. */
export async function waitForQuorum(servers: readonly DetachedServer[], waitMs: number, signal: AbortSignal): Promise<MemberStatus[]> {
  const end = Date.now() + waitMs;
  for (;;) {
    const statuses = await memberStatuses(servers);
    if (hasQuorum(statuses)) return statuses;
    const gone = statuses.find((s) => s.role === 'stopped');
    if (gone) throw new CliError(`server ${gone.id} exited while forming a quorum; last log line: ${await servers.find((s) => s.id === gone.id)!.lastLogLine()}`, 'START_FAILED');
    if (Date.now() >= end) {
      throw new CliError(`no quorum after ${waitMs} ms (roles: ${statuses.map((s) => `${s.id}=${s.role}`).join(' ')})`, 'NO_QUORUM');
    }
    await delay(200, undefined, { signal });
  }
}

/** The servers of an ensemble, in id order. */
export function serversOf(layout: EnsembleLayout, manifest: EnsembleManifest): DetachedServer[] {
  return manifest.members.map((m) => new DetachedServer(layout, manifest, m));
}

/**
 * `ensemble up`: writes zoo.cfg/myid per member, starts every JVM detached on
 * 127.0.0.1, waits for a quorum and prints the connect string. On failure the
 * servers it started are stopped again; the files stay for their logs.
 */
export async function ensembleUp(ctx: CommandContext, layout: EnsembleLayout, options: UpOptions): Promise<void> {
  if (options.servers < 1) throw new UsageError('ensemble up: --servers must be at least 1');
  if (layout.hasManifest()) {
    const existing = serversOf(layout, await layout.read());
    const running = (await Promise.all(existing.map((s) => s.pid()))).some((p) => p !== undefined);
    throw new CliError(running
      ? `an ensemble is already running in ${layout.dir} (see: zkr ensemble status --dir ${layout.dir})`
      : `${layout.dir} already holds a stopped ensemble (zkr ensemble start, or zkr ensemble down to remove it)`, 'ENSEMBLE_EXISTS');
  }
  locateZooKeeper();
  const count = options.servers + options.observers;
  const ports = await planPorts(count, options.basePort);
  const manifest: EnsembleManifest = {
    format: 1, tickTimeMs: options.tickTimeMs, extendedTypes: true, createdAt: new Date().toISOString(),
    members: ports.map((p, i) => ({ id: i + 1, ...p, observer: i >= options.servers })),
  };
  await layout.create(manifest);
  const servers = serversOf(layout, manifest);
  let statuses: MemberStatus[];
  try {
    for (const server of servers) await server.start();
    await Promise.all(servers.map((s) => s.waitUntilAnswering(options.waitMs)));
    statuses = await waitForQuorum(servers, options.waitMs, ctx.signal);
  } catch (error) {
    await Promise.allSettled(servers.map((s) => s.stop()));
    if (error instanceof CliError) {
      throw new CliError(`${error.message} (logs: ${layout.dir}/server-*/zookeeper.log; zkr ensemble down --dir ${layout.dir} removes the files)`, error.code);
    }
    throw error;
  }
  const connectString = EnsembleLayout.connectString(manifest);
  ctx.out.result({ dir: layout.dir, connectString, members: statuses }, () => {
    const observers = options.observers > 0 ? ` + ${options.observers} observer(s)` : '';
    ctx.out.line(`Ensemble of ${options.servers} server(s)${observers} is up in ${layout.dir}`);
    ctx.out.line(...statusTable(statuses));
    ctx.out.line(`Connect string: ${connectString}`);
  });
}
