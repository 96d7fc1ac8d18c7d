import { joinPath, type Stat, type ZkClient } from '../../client/index.js';
import { NoNodeError, ZkError } from '../../errors/index.js';
import { callOptions, clientOf, type Command, type CommandContext } from '../command.js';
import { isEphemeral, sessionHex } from '../format/stat-format.js';
import { orIfMissing } from '../missing-node.js';

/** One node of the drawn tree. */
interface TreeNode {
  name: string;
  path: string;
  dataLength: number;
  numChildren: number;
  ephemeralOwner: string | null;
  children: TreeNode[];
  /** True when `--depth` stopped the descent here although the node has children. */
  truncated: boolean;
  /** Why its children could not be listed (`NO_AUTH`: the ACL denies us READ), if so. */
  unreadable?: string;
}

function sizeOf(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

async function load(client: ZkClient, path: string, name: string, stat: Stat, depth: number, ctx: CommandContext): Promise<TreeNode> {
  const node: TreeNode = {
    name, path, dataLength: stat.dataLength, numChildren: stat.numChildren,
    ephemeralOwner: isEphemeral(stat) ? sessionHex(stat.ephemeralOwner) : null, children: [], truncated: false,
  };
  if (stat.numChildren === 0) return node;
  if (depth <= 0) { node.truncated = true; return node; }
  let children: string[];
  try {
    ({ children } = await orIfMissing(client.getChildren(path, callOptions(ctx)), { children: [] }));
  } catch (e) {
    // A node we may not read is drawn as such; the rest of the tree is still worth seeing.
    if (!(e instanceof ZkError && e.code === 'NO_AUTH')) throw e;
    node.unreadable = e.code;
    return node;
  }
  // Siblings are read together: the binding answers about one reply per event-loop turn (FACTS.md).
  const loaded = await Promise.all([...children].sort().map(async (child) => {
    const childPath = joinPath(path, child);
    const childStat = await client.exists(childPath, callOptions(ctx));
    // Gone since the listing (an ephemeral whose session ended): skip it.
    return childStat ? load(client, childPath, child, childStat, depth - 1, ctx) : undefined;
  }));
  node.children = loaded.filter((c): c is TreeNode => c !== undefined);
  return node;
}

function label(node: TreeNode): string {
  const facts = [sizeOf(node.dataLength)];
  if (node.ephemeralOwner) facts.push(`ephemeral ${node.ephemeralOwner}`);
  if (node.truncated) facts.push(`${node.numChildren} children not shown`);
  if (node.unreadable) facts.push(`${node.numChildren} children not readable: ${node.unreadable}`);
  return `${node.name} (${facts.join(', ')})`;
}

function draw(node: TreeNode, prefix: string, lines: string[]): void {
  node.children.forEach((child, i) => {
    const last = i === node.children.length - 1;
    lines.push(`${prefix}${last ? '└── ' : '├── '}${label(child)}`);
    draw(child, `${prefix}${last ? '    ' : '│   '}`, lines);
  });
}

function count(node: TreeNode): number {
  return 1 + node.children.reduce((n, c) => n + count(c), 0);
}

/** `zkr tree [path]`: the subtree drawn with data sizes and ephemeral owners. */
export const treeCommand: Command = {
  name: 'tree',
  usage: 'tree [-d depth] [path]',
  summary: 'draw a subtree with data sizes and ephemeral owners',
  options: { depth: { type: 'string', short: 'd', valueName: 'n', description: 'levels below the path to show (default: all)' } },
  positionals: [0, 1],
  async run(ctx, args) {
    const path = args.positionals[0] ?? '/';
    const depth = args.integer('depth', 0) ?? Number.MAX_SAFE_INTEGER;
    const client = await clientOf(ctx);
    const stat = await client.exists(path, callOptions(ctx));
    if (!stat) throw new NoNodeError({ op: 'tree', path });
    const root = await load(client, path, path, stat, depth, ctx);
    ctx.out.result({ path, nodes: count(root), tree: root }, () => {
      const lines = [label(root)];
      draw(root, '', lines);
      ctx.out.line(...lines, `${count(root)} node(s)`);
    });
  },
};
