import { joinPath, type ZkClient } from '../../client/index.js';
import { NoNodeError } from '../../errors/index.js';
import { callOptions, clientOf, type Command, type CommandContext } from '../command.js';
import { aclJson, aclLines } from '../format/acl-format.js';
import { dataJson, dataText } from '../format/node-data.js';
import { statJson, statLines } from '../format/stat-format.js';

/** Every path below `path` (itself first), depth first with children sorted, as `ls -R` lists them. */
async function subtree(client: ZkClient, path: string, ctx: CommandContext): Promise<string[]> {
  const { children } = await client.getChildren(path, callOptions(ctx));
  const paths = [path];
  for (const child of [...children].sort()) paths.push(...await subtree(client, joinPath(path, child), ctx));
  return paths;
}

/** `ls [-s] [-R] path`: children as zkCli prints them, `[a, b]`, sorted. */
export const lsCommand: Command = {
  name: 'ls',
  usage: 'ls [-s] [-R] [path]',
  summary: 'list the children of a node (-s: and its stat, -R: the whole subtree)',
  zkCli: 'ls',
  options: {
    stat: { type: 'boolean', short: 's', description: 'print the node\'s stat after the children' },
    recursive: { type: 'boolean', short: 'R', description: 'list every path of the subtree' },
  },
  positionals: [0, 1],
  async run(ctx, args) {
    const path = args.positionals[0] ?? '/';
    const client = await clientOf(ctx);
    if (args.flag('recursive')) {
      const paths = await subtree(client, path, ctx);
      ctx.out.result({ path, paths }, () => ctx.out.line(...paths));
      return;
    }
    const { children, stat } = await client.getChildren(path, callOptions(ctx));
    const sorted = [...children].sort();
    const withStat = args.flag('stat');
    ctx.out.result({ path, children: sorted, ...(withStat ? { stat: statJson(stat) } : {}) }, () => {
      ctx.out.line(`[${sorted.join(', ')}]`);
      if (withStat) ctx.out.line(...statLines(stat));
    });
  },
};

/** `stat path`: the node's stat, zkCli's format. */
export const statCommand: Command = {
  name: 'stat',
  aliases: ['ls2'],
  usage: 'stat path',
  summary: 'print the stat of a node (zxids, times, versions, ephemeral owner)',
  zkCli: 'stat (ls2)',
  positionals: [1, 1],
  async run(ctx, args) {
    const path = args.at(0);
    const client = await clientOf(ctx);
    const stat = await client.exists(path, callOptions(ctx));
    if (!stat) {
      // exists() answers null rather than throwing; report it as zkCli does.
      throw new NoNodeError({ op: 'stat', path });
    }
    ctx.out.result({ path, stat: statJson(stat) }, () => ctx.out.line(...statLines(stat)));
  },
};

/** `get [-s] path`: the data as text (hex when binary), then the stat with -s. */
export const getCommand: Command = {
  name: 'get',
  usage: 'get [-s] path',
  summary: 'print the data of a node (-s: and its stat)',
  zkCli: 'get',
  options: { stat: { type: 'boolean', short: 's', description: 'print the stat after the data' } },
  positionals: [1, 1],
  async run(ctx, args) {
    const path = args.at(0);
    const client = await clientOf(ctx);
    const { data, stat } = await client.getData(path, callOptions(ctx));
    ctx.out.result({ path, ...dataJson(data), stat: statJson(stat) }, () => {
      ctx.out.line(dataText(data));
      if (args.flag('stat')) ctx.out.line(...statLines(stat));
    });
  },
};

/** `getAcl [-s] path`: `'scheme,'id` / `: perms` lines, as zkCli prints them. */
export const getAclCommand: Command = {
  name: 'getAcl',
  usage: 'getAcl [-s] path',
  summary: 'print the ACL of a node (-s: and its stat)',
  zkCli: 'getAcl',
  options: { stat: { type: 'boolean', short: 's', description: 'print the stat after the ACL' } },
  positionals: [1, 1],
  async run(ctx, args) {
    const path = args.at(0);
    const client = await clientOf(ctx);
    const { acl, stat } = await client.getAcl(path, callOptions(ctx));
    ctx.out.result({ path, acl: aclJson(acl), stat: statJson(stat) }, () => {
      ctx.out.line(...aclLines(acl));
      if (args.flag('stat')) ctx.out.line(...statLines(stat));
    });
  },
};
