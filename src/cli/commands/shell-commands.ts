import { UsageError } from '../cli-error.js';
import type { Command } from '../command.js';

/** `quit` (zkCli's `quit`, also `exit`): leaves the shell; a no-op on the command line. */
export const quitCommand: Command = {
  name: 'quit',
  aliases: ['exit'],
  usage: 'quit',
  summary: 'leave the interactive shell',
  zkCli: 'quit',
  positionals: [0, 0],
  run(ctx) {
    ctx.shell?.quit();
    return Promise.resolve();
  },
};

/** `history`: the commands entered in this shell, numbered as zkCli numbers them. */
export const historyCommand: Command = {
  name: 'history',
  usage: 'history',
  summary: 'list the commands entered in this shell (also on the up/down arrow keys)',
  zkCli: 'history',
  positionals: [0, 0],
  run(ctx) {
    if (!ctx.shell) throw new UsageError('history: only in the interactive shell');
    const entries = ctx.shell.history();
    ctx.out.result({ history: entries }, () => ctx.out.line(...entries.map((line, i) => `${i} - ${line}`)));
    return Promise.resolve();
  },
};

/** `connect host:port[,...][/chroot]`: closes the session and uses another ensemble from the next command. */
export const connectCommand: Command = {
  name: 'connect',
  usage: 'connect host:port[,...][/chroot]',
  summary: 'switch to another server or ensemble (closes the current session)',
  zkCli: 'connect',
  positionals: [1, 1],
  async run(ctx, args) {
    await ctx.connection.reconnect(args.at(0));
    await ctx.connection.client();
    ctx.out.result({ connectString: args.at(0), connected: true }, () => undefined);
  },
};
