import type { Stat, ZkClient } from '../../client/index.js';
import { ZkError } from '../../errors/index.js';
import { UsageError } from '../cli-error.js';
import type { CommandArgs } from '../command-args.js';
import { callOptions, clientOf, type Command, type CommandContext } from '../command.js';
import { dataText, utf8OrUndefined } from '../format/node-data.js';
import { hex } from '../format/stat-format.js';

/** A config value for `--json`: parsed when it is JSON, else the text. */
function valueJson(path: string, data: Buffer | null, stat: Stat | null): Record<string, unknown> {
  if (!data || !stat) return { path, exists: false, value: null };
  const text = utf8OrUndefined(data);
  let value: unknown = text ?? null;
  if (text !== undefined) {
    try { value = JSON.parse(text); } catch { /* plain text stays text */ }
  }
  return { path, exists: true, value, data: text ?? null, dataBase64: data.toString('base64'), version: stat.version, mZxid: hex(stat.mzxid), mtime: stat.mtime };
}

async function getValue(ctx: CommandContext, client: ZkClient, path: string): Promise<void> {
  const { data, stat } = await client.getData(path, callOptions(ctx));
  ctx.out.result(valueJson(path, data, stat), () => ctx.out.line(dataText(data)));
}

/** Writes the value, creating the node (and its parents) when it does not exist yet. */
async function setValue(ctx: CommandContext, client: ZkClient, path: string, value: string, args: CommandArgs): Promise<void> {
  const version = args.integer('version', -1);
  let stat: Stat;
  try {
    stat = await client.setData(path, value, { ...(version === undefined ? {} : { version }), ...callOptions(ctx) });
  } catch (error) {
    if (!(error instanceof ZkError && error.code === 'NO_NODE') || (version !== undefined && version !== -1)) throw error;
    await client.create(path, value, { createParents: true, ...callOptions(ctx) });
    ({ stat } = await client.getData(path, callOptions(ctx)));
  }
  ctx.out.result({ path, version: stat.version, mZxid: hex(stat.mzxid) }, () => ctx.out.line(`${path} = ${value} (version ${stat.version})`));
}

/** Prints the value now and after every change until Ctrl-C (the context's signal), which ends it with success. */
async function watchValue(ctx: CommandContext, client: ZkClient, path: string): Promise<void> {
  for await (const snapshot of client.watch(path, { kind: 'data', signal: ctx.signal })) {
    const data = snapshot.data ?? null;
    ctx.out.result({ ...valueJson(path, data, snapshot.stat), cause: snapshot.cause }, () =>
      ctx.out.line(data ? dataText(data) : `(${path} does not exist)`));
  }
}

/**
 * `zkr config get|set|watch <path> [value]`: a configuration value kept in one
 * node, as a ConfigWatcher or Curator NodeCache reads it.
 */
export const configCommand: Command = {
  name: 'config',
  usage: 'config get|set|watch path [value]',
  summary: 'read, write (creating it if needed) or follow a config node; watch prints each new value until Ctrl-C',
  options: { version: { type: 'string', short: 'v', valueName: 'version', description: 'set: only if the node is at this version' } },
  positionals: [2, 3],
  async run(ctx, args) {
    const action = args.at(0);
    const path = args.at(1);
    if (action !== 'set' && args.positionals.length > 2) throw new UsageError(`config ${action}: unexpected argument "${args.at(2)}"`);
    switch (action) {
      case 'get':
        await getValue(ctx, await clientOf(ctx), path);
        return;
      case 'set':
        if (args.positionals.length < 3) throw new UsageError('config set: missing value (usage: config set path value)');
        await setValue(ctx, await clientOf(ctx), path, args.at(2), args);
        return;
      case 'watch':
        await watchValue(ctx, await clientOf(ctx), path);
        return;
      default:
        throw new UsageError(`config: unknown action "${action}" (get, set or watch)`);
    }
  },
};
