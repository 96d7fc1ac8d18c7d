import { UsageError } from '../cli-error.js';
import type { CommandArgs } from '../command-args.js';
import type { Command, CommandContext } from '../command.js';
import type { DetachedServer } from './detached-server.js';
import { EnsembleLayout } from './ensemble-layout.js';
import { hasQuorum, memberStatuses, statusTable } from './ensemble-status.js';
import { ensembleUp, serversOf } from './ensemble-up.js';

const DEFAULT_WAIT_MS = 60_000;

async function status(ctx: CommandContext, layout: EnsembleLayout): Promise<void> {
  const manifest = await layout.read();
  const statuses = await memberStatuses(serversOf(layout, manifest));
  const connectString = EnsembleLayout.connectString(manifest);
  const quorum = hasQuorum(statuses);
  ctx.out.result({ dir: layout.dir, connectString, quorum, members: statuses }, () => {
    const leader = statuses.find((s) => s.role === 'leader');
    ctx.out.line(`Ensemble in ${layout.dir}: ${quorum ? `serving, leader is server ${leader?.id}` : 'no quorum'}`);
    ctx.out.line(...statusTable(statuses));
    ctx.out.line(`Connect string: ${connectString}`);
  });
}

/** The member named by the id argument. */
function pick(servers: readonly DetachedServer[], args: CommandArgs, action: string): DetachedServer {
  const text = args.positionals[1];
  if (text === undefined) throw new UsageError(`ensemble ${action}: missing server id (usage: ensemble ${action} <id>)`);
  const server = servers.find((s) => String(s.id) === text);
  if (!server) throw new UsageError(`ensemble ${action}: no server "${text}" (ids: ${servers.map((s) => s.id).join(', ')})`);
  return server;
}

async function stop(ctx: CommandContext, layout: EnsembleLayout, args: CommandArgs): Promise<void> {
  const server = pick(serversOf(layout, await layout.read()), args, 'stop');
  const pid = await server.stop();
  ctx.out.result({ id: server.id, stopped: pid !== undefined, pid: pid ?? null }, () =>
    ctx.out.line(pid === undefined ? `server ${server.id} was not running` : `stopped server ${server.id} (pid ${pid})`));
}

async function start(ctx: CommandContext, layout: EnsembleLayout, args: CommandArgs, waitMs: number): Promise<void> {
  const all = serversOf(layout, await layout.read());
  const chosen = args.positionals[1] === undefined ? all : [pick(all, args, 'start')];
  const started: { id: number; pid: number; wasRunning: boolean }[] = [];
  for (const server of chosen) {
    const wasRunning = await server.pid() !== undefined;
    started.push({ id: server.id, pid: await server.start(), wasRunning });
  }
  // Serving needs a quorum, which may be down on purpose: wait for the JVM only.
  await Promise.all(chosen.map((s) => s.waitUntilAnswering(waitMs)));
  ctx.out.result({ started }, () => {
    for (const s of started) ctx.out.line(s.wasRunning ? `server ${s.id} is already running (pid ${s.pid})` : `started server ${s.id} (pid ${s.pid})`);
  });
}

async function down(ctx: CommandContext, layout: EnsembleLayout): Promise<void> {
  const manifest = await layout.read();
  const pids = await Promise.all(serversOf(layout, manifest).map((s) => s.stop()));
  await layout.remove(manifest);
  const stopped = pids.filter((p): p is number => p !== undefined);
  ctx.out.result({ dir: layout.dir, stopped }, () => ctx.out.line(`stopped ${stopped.length} server(s) and removed the ensemble in ${layout.dir}`));
}

/**
 * `zkr ensemble up|status|stop|start|down`: a local ensemble on 127.0.0.1
 * whose servers outlive `zkr`; later invocations find them through the
 * directory (`--dir`, `$ZKR_ENSEMBLE_DIR`, or `./zkr-ensemble`).
 */
export const ensembleCommand: Command = {
  name: 'ensemble',
  usage: 'ensemble up|status|stop <id>|start [id]|down [options]',
  summary: 'run a local ensemble: up writes zoo.cfg/myid and starts the servers; status shows roles from srvr',
  options: {
    dir: { type: 'string', valueName: 'dir', description: 'ensemble directory (default $ZKR_ENSEMBLE_DIR or ./zkr-ensemble)' },
    servers: { type: 'string', valueName: 'n', description: 'up: voting servers (default 3)' },
    observers: { type: 'string', valueName: 'n', description: 'up: observers (default 0)' },
    'base-port': { type: 'string', valueName: 'port', description: 'up: client ports from here, quorum +707, election +1707 (default: free ports)' },
    'tick-time': { type: 'string', valueName: 'ms', description: 'up: ZooKeeper tickTime (default 2000)' },
    wait: { type: 'string', valueName: 'ms', description: `up/start: how long to wait for the servers (default ${DEFAULT_WAIT_MS})` },
  },
  positionals: [1, 2],
  async run(ctx, args) {
    const action = args.at(0);
    const layout = EnsembleLayout.locate(args.string('dir'), ctx.cwd, ctx.env);
    const waitMs = args.integer('wait', 1) ?? DEFAULT_WAIT_MS;
    if (action !== 'stop' && action !== 'start' && args.positionals.length > 1) {
      throw new UsageError(`ensemble ${action}: unexpected argument "${args.at(1)}"`);
    }
    switch (action) {
      case 'up':
        return ensembleUp(ctx, layout, {
          servers: args.integer('servers', 1) ?? 3,
          observers: args.integer('observers', 0) ?? 0,
          basePort: args.integer('base-port', 1, 65535),
          tickTimeMs: args.integer('tick-time', 1) ?? 2000,
          waitMs,
        });
      case 'status': return status(ctx, layout);
      case 'stop': return stop(ctx, layout, args);
      case 'start': return start(ctx, layout, args, waitMs);
      case 'down': return down(ctx, layout);
      default: throw new UsageError(`ensemble: unknown action "${action}" (up, status, stop, start, down)`);
    }
  },
};
