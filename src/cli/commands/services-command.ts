import { joinPath, type ZkClient } from '../../client/index.js';
import { callOptions, clientOf, type Command, type CommandContext } from '../command.js';
import { renderTable } from '../format/table.js';
import { orIfMissing } from '../missing-node.js';
import { parseServiceInstance, type ServiceInstanceView } from '../recipes/service-instance.js';

const DEFAULT_BASE_PATH = '/services';

/** Instances of one service, sorted by id; nodes that vanish while being read are left out. */
async function instancesOf(client: ZkClient, basePath: string, service: string, ctx: CommandContext): Promise<ServiceInstanceView[]> {
  const servicePath = joinPath(basePath, service);
  const { children } = await orIfMissing(client.getChildren(servicePath, callOptions(ctx)), { children: [] });
  const read = await Promise.all(children.map(async (node) => {
    const found = await orIfMissing(client.getData(joinPath(servicePath, node), callOptions(ctx)), undefined);
    return found && parseServiceInstance(service, node, found.data, found.stat);
  }));
  return read.filter((i): i is ServiceInstanceView => i !== undefined).sort((a, b) => (a.node < b.node ? -1 : a.node > b.node ? 1 : 0));
}

function row(i: ServiceInstanceView): string[] {
  return [
    i.service, i.id, i.address ?? '-', i.port === null ? '-' : String(i.port), i.sslPort === null ? '-' : String(i.sslPort),
    i.registrationTimeUTC ? new Date(i.registrationTimeUTC).toISOString() : '-',
    i.serviceType + (i.enabled ? '' : ' (disabled)'), i.sessionId,
    i.problem ? `(${i.problem})` : i.payload === null ? '' : JSON.stringify(i.payload),
  ];
}

/**
 * `zkr services [name]`: the instances registered with curator-x-discovery's
 * layout (`basePath/<name>/<id>`, JSON), by this SDK or by a Java service.
 */
export const servicesCommand: Command = {
  name: 'services',
  usage: 'services [-b basePath] [name]',
  summary: 'list registered service instances: address, port, registration time, session (curator-x-discovery layout)',
  options: { 'base-path': { type: 'string', short: 'b', valueName: 'path', description: `discovery base path (default ${DEFAULT_BASE_PATH})` } },
  positionals: [0, 1],
  async run(ctx, args) {
    const basePath = args.string('base-path') ?? DEFAULT_BASE_PATH;
    const name = args.positionals[0];
    const client = await clientOf(ctx);
    const names = name !== undefined
      ? [name]
      : (await orIfMissing(client.getChildren(basePath, callOptions(ctx)), { children: [] })).children.sort();
    const instances = (await Promise.all(names.map((n) => instancesOf(client, basePath, n, ctx)))).flat();
    ctx.out.result({
      basePath,
      services: names.map((n) => ({ name: n, instances: instances.filter((i) => i.service === n).map(({ problem, ...i }) => ({ ...i, problem: problem ?? null })) })),
    }, () => {
      if (instances.length === 0) {
        ctx.out.line(name === undefined ? `no services registered under ${basePath}` : `no instances of ${name} under ${basePath}`);
        return;
      }
      ctx.out.line(...renderTable(['SERVICE', 'ID', 'ADDRESS', 'PORT', 'SSL', 'REGISTERED', 'TYPE', 'SESSION', 'PAYLOAD'], instances.map(row)));
    });
  },
};
