import { joinPath, type CreateMode } from '../../client/index.js';
import { UsageError } from '../cli-error.js';
import type { CommandArgs } from '../command-args.js';
import { callOptions, clientOf, type Command } from '../command.js';
import { parseAcl } from '../format/acl-format.js';
import { statJson, statLines } from '../format/stat-format.js';

/** The create mode zkCli's flags ask for; refuses the combinations zkCli refuses. */
function createMode(args: CommandArgs): { mode: CreateMode; ttlMs?: number } {
  const ephemeral = args.flag('ephemeral');
  const sequential = args.flag('sequential');
  const ttlMs = args.integer('ttl', 1);
  if (args.flag('container')) {
    if (ephemeral || sequential || ttlMs !== undefined) throw new UsageError('create: -c cannot be combined with -e, -s or -t');
    return { mode: 'container' };
  }
  if (ttlMs !== undefined) {
    if (ephemeral) throw new UsageError('create: TTLs cannot be used with ephemeral nodes (-t with -e)');
    return { mode: sequential ? 'persistent-sequential-ttl' : 'persistent-ttl', ttlMs };
  }
  if (ephemeral) return { mode: sequential ? 'ephemeral-sequential' : 'ephemeral' };
  return { mode: sequential ? 'persistent-sequential' : 'persistent' };
}

/** `create [-e] [-s] [-c] [-t ttl] path [data]`: prints `Created <actual path>`. */
export const createCommand: Command = {
  name: 'create',
  usage: 'create [-e] [-s] [-c] [-t ttlMs] [-p] path [data]',
  summary: 'create a node: -e ephemeral, -s sequential, -c container, -t TTL in ms, -p with parents',
  zkCli: 'create',
  options: {
    ephemeral: { type: 'boolean', short: 'e', description: 'ephemeral: removed when this session ends' },
    sequential: { type: 'boolean', short: 's', description: 'append a 10-digit sequence number' },
    container: { type: 'boolean', short: 'c', description: 'container: removed by the server once its last child goes' },
    ttl: { type: 'string', short: 't', valueName: 'ms', description: 'persistent node removed after ms without changes or children' },
    parents: { type: 'boolean', short: 'p', description: 'create missing parents (persistent)' },
  },
  positionals: [1, 2],
  async run(ctx, args) {
    const path = args.at(0);
    const { mode, ttlMs } = createMode(args);
    const client = await clientOf(ctx);
    const created = await client.create(path, args.positionals[1], {
      mode, ...(ttlMs === undefined ? {} : { ttlMs }), ...(args.flag('parents') ? { createParents: true } : {}), ...callOptions(ctx),
    });
    ctx.out.result({ path: created, mode, ...(ttlMs === undefined ? {} : { ttlMs }) }, () => ctx.out.line(`Created ${created}`));
  },
};

const VERSION_OPTION = { type: 'string', short: 'v', valueName: 'version', description: 'only if the node is at this version' } as const;

/** `set [-s] [-v version] path data`. */
export const setCommand: Command = {
  name: 'set',
  usage: 'set [-s] [-v version] path data',
  summary: 'write the data of a node (-v: only at that version, -s: print the new stat)',
  zkCli: 'set',
  options: { stat: { type: 'boolean', short: 's', description: 'print the new stat' }, version: VERSION_OPTION },
  positionals: [2, 2],
  async run(ctx, args) {
    const path = args.at(0);
    const version = args.integer('version', -1);
    const client = await clientOf(ctx);
    const stat = await client.setData(path, args.at(1), { ...(version === undefined ? {} : { version }), ...callOptions(ctx) });
    ctx.out.result({ path, stat: statJson(stat) }, () => {
      if (args.flag('stat')) ctx.out.line(...statLines(stat));
    });
  },
};

/** `delete [-v version] path`: refuses a node with children (use `deleteall`). */
export const deleteCommand: Command = {
  name: 'delete',
  usage: 'delete [-v version] path',
  summary: 'delete a node without children (-v: only at that version)',
  zkCli: 'delete',
  options: { version: VERSION_OPTION },
  positionals: [1, 1],
  async run(ctx, args) {
    const path = args.at(0);
    const version = args.integer('version', -1);
    const client = await clientOf(ctx);
    await client.delete(path, { ...(version === undefined ? {} : { version }), ...callOptions(ctx) });
    ctx.out.result({ path, deleted: true }, () => undefined);
  },
};

/** `deleteall path` (zkCli's `rmr`): the node and its whole subtree. */
export const deleteAllCommand: Command = {
  name: 'deleteall',
  aliases: ['rmr'],
  usage: 'deleteall path',
  summary: 'delete a node and everything below it',
  zkCli: 'deleteall (rmr)',
  positionals: [1, 1],
  async run(ctx, args) {
    const path = args.at(0);
    const client = await clientOf(ctx);
    await client.delete(path, { recursive: true, ...callOptions(ctx) });
    ctx.out.result({ path, deleted: true }, () => undefined);
  },
};

/** `setAcl [-s] [-v version] [-R] path acl`, the ACL in zkCli's `scheme:id:perms[,...]` syntax. */
export const setAclCommand: Command = {
  name: 'setAcl',
  usage: 'setAcl [-s] [-v version] [-R] path scheme:id:perms[,...]',
  summary: 'replace the ACL of a node (e.g. world:anyone:r, digest:user:hash:cdrwa, ip:127.0.0.1:cdrwa)',
  zkCli: 'setAcl',
  options: {
    stat: { type: 'boolean', short: 's', description: 'print the stat afterwards' },
    version: { ...VERSION_OPTION, description: 'only if the ACL is at this version' },
    recursive: { type: 'boolean', short: 'R', description: 'also every node below' },
  },
  positionals: [2, 2],
  async run(ctx, args) {
    const path = args.at(0);
    const acl = parseAcl(args.at(1));
    const version = args.integer('version', -1);
    const client = await clientOf(ctx);
    const paths = [path];
    if (args.flag('recursive')) {
      for (let i = 0; i < paths.length; i += 1) {
        const parent = paths[i];
        const { children } = await client.getChildren(parent, callOptions(ctx));
        paths.push(...children.map((c) => joinPath(parent, c)));
      }
    }
    for (const p of paths) await client.setAcl(p, acl, { ...(version === undefined || p !== path ? {} : { version }), ...callOptions(ctx) });
    const { stat } = await client.getAcl(path, callOptions(ctx)).catch(() => ({ stat: undefined }));
    ctx.out.result({ path, updated: paths.length, ...(stat ? { stat: statJson(stat) } : {}) }, () => {
      if (args.flag('stat') && stat) ctx.out.line(...statLines(stat));
    });
  },
};

/** `addauth scheme auth`: adds credentials to this session (in the shell, for the next commands). */
export const addAuthCommand: Command = {
  name: 'addauth',
  usage: 'addauth scheme auth',
  summary: 'add credentials to the session (e.g. addauth digest user:password)',
  zkCli: 'addauth',
  positionals: [2, 2],
  async run(ctx, args) {
    const client = await clientOf(ctx);
    await client.addAuth({ scheme: args.at(0), credentials: args.at(1) }, callOptions(ctx));
    ctx.out.result({ scheme: args.at(0), added: true }, () => undefined);
  },
};

/** `sync path`: waits until the connected server has caught up with the leader. */
export const syncCommand: Command = {
  name: 'sync',
  usage: 'sync path',
  summary: 'make the connected server catch up with the leader for a path',
  zkCli: 'sync',
  positionals: [1, 1],
  async run(ctx, args) {
    const path = args.at(0);
    const client = await clientOf(ctx);
    await client.sync(path, callOptions(ctx));
    ctx.out.result({ path, synced: true }, () => ctx.out.line('Sync is OK'));
  },
};
