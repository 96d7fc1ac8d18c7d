import { UsageError } from '../cli-error.js';
import { COMMON_OPTIONS } from '../command-args.js';
import type { Command } from '../command.js';
import { renderTable } from '../format/table.js';

/** Commands under a heading, for `help`. */
export interface CommandGroup {
  title: string;
  commands: readonly Command[];
}

/** The line above the command list. */
export const GLOBAL_USAGE = [
  'usage: zkr [-s host:port[,...][/chroot]] [--json] [--debug] [--timeout ms] [--auth scheme:credentials] <command> [args]',
  '       zkr            (no command: an interactive shell with the same commands, help and quit)',
  'The connect string defaults to $ZK_CONNECT, then 127.0.0.1:2181. -server works too, as in zkCli.',
];

function optionLine(name: string, spec: { short?: string; type: string; valueName?: string; description?: string }): string {
  const flag = `${spec.short ? `-${spec.short}, ` : ''}--${name}${spec.type === 'string' ? ` <${spec.valueName ?? 'value'}>` : ''}`;
  return `  ${flag.padEnd(28)} ${spec.description ?? ''}`.trimEnd();
}

/** `help [command]`: every command by group, or one command's usage and options. */
export function makeHelpCommand(groups: () => readonly CommandGroup[]): Command {
  return {
    name: 'help',
    usage: 'help [command]',
    summary: 'list the commands, or explain one',
    zkCli: 'help',
    positionals: [0, 1],
    run(ctx, args) {
      const all = groups().flatMap((g) => g.commands);
      const name = args.positionals[0];
      if (name === undefined) {
        ctx.out.result({ commands: all.map((c) => ({ name: c.name, aliases: c.aliases ?? [], usage: c.usage, summary: c.summary, zkCli: c.zkCli ?? null })) }, () => {
          ctx.out.line(...GLOBAL_USAGE);
          for (const group of groups()) {
            ctx.out.line('', `${group.title}:`);
            ctx.out.line(...renderTable(['', ''], group.commands.map((c) => [`  ${c.usage}`, c.summary])).slice(1));
          }
          ctx.out.line('', 'Every command takes --json. Details: zkr help <command>.');
        });
        return Promise.resolve();
      }
      const command = all.find((c) => c.name === name || c.aliases?.includes(name));
      if (!command) throw new UsageError(`help: unknown command "${name}"`);
      const options = { ...(command.options ?? {}), ...COMMON_OPTIONS };
      ctx.out.result({ name: command.name, usage: command.usage, summary: command.summary, zkCli: command.zkCli ?? null, options: Object.keys(options) }, () => {
        ctx.out.line(`usage: ${command.usage}`, command.summary);
        if (command.aliases?.length) ctx.out.line(`aliases: ${command.aliases.join(', ')}`);
        if (command.zkCli) ctx.out.line(`zkCli: ${command.zkCli}`);
        ctx.out.line('options:', ...Object.entries(options).map(([n, spec]) => optionLine(n, spec)));
      });
      return Promise.resolve();
    },
  };
}
