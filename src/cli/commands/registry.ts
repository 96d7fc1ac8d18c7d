import type { Command } from '../command.js';
import { ensembleCommand } from '../ensemble/ensemble-command.js';
import { barrierCommand } from './barrier-command.js';
import { configCommand } from './config-command.js';
import { makeHelpCommand, type CommandGroup } from './help-command.js';
import { leaderCommand } from './leader-command.js';
import { locksCommand } from './locks-command.js';
import { getAclCommand, getCommand, lsCommand, statCommand } from './read-commands.js';
import { servicesCommand } from './services-command.js';
import { connectCommand, historyCommand, quitCommand } from './shell-commands.js';
import { treeCommand } from './tree-command.js';
import {
  addAuthCommand, createCommand, deleteAllCommand, deleteCommand, setAclCommand, setCommand, syncCommand,
} from './write-commands.js';

/** Every command, grouped as `help` shows them. */
export const COMMAND_GROUPS: readonly CommandGroup[] = [
  {
    title: 'ZooKeeper (as in zkCli)',
    commands: [lsCommand, statCommand, getCommand, createCommand, setCommand, deleteCommand, deleteAllCommand,
      getAclCommand, setAclCommand, addAuthCommand, syncCommand],
  },
  { title: 'Recipes', commands: [locksCommand, leaderCommand, servicesCommand, barrierCommand, configCommand, treeCommand] },
  { title: 'Local ensemble', commands: [ensembleCommand] },
  { title: 'Shell', commands: [makeHelpCommand(() => COMMAND_GROUPS), connectCommand, historyCommand, quitCommand] },
];

/** The command called `name` (or one of its aliases). */
export function findCommand(name: string): Command | undefined {
  for (const group of COMMAND_GROUPS) {
    const found = group.commands.find((c) => c.name === name || c.aliases?.includes(name));
    if (found) return found;
  }
  return undefined;
}
