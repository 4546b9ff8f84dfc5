import type { Command } from 'commander';
import type { CommandContext } from '../command.js';
import { registerAgentCommands } from './agent.js';
import { registerBoardCommands } from './board.js';
import { registerConfigCommands } from './config.js';
import { registerDocsCommands } from './docs.js';
import { registerEventsCommands } from './events.js';
import { registerGenerateCommands } from './generate.js';
import { registerInitCommand } from './init.js';
import { registerServerCommands } from './server.js';
import { registerTaskCommands } from './task.js';

/** The top-level commands, in help order, each with what registers it and its subcommands. */
const GROUPS: Record<string, (program: Command, ctx: CommandContext) => void> = {
  server: registerServerCommands,
  init: registerInitCommand,
  task: registerTaskCommands,
  docs: registerDocsCommands,
  board: registerBoardCommands,
  agent: registerAgentCommands,
  events: registerEventsCommands,
  config: registerConfigCommands,
  generate: registerGenerateCommands,
};

/** Groups that render the agent protocol's command reference, from the whole tree. */
const WRITES_COMMAND_REFERENCE = new Set(['init', 'generate']);

/**
 * The command tree, group by group. With `only` naming a group, just that one: each `cpk` call is a
 * new process, and building the whole tree for `cpk task show` cost it several milliseconds.
 */
export function registerCommands(program: Command, ctx: CommandContext, only?: string): void {
  const alone = only !== undefined && Object.hasOwn(GROUPS, only) && !WRITES_COMMAND_REFERENCE.has(only);
  const group = alone ? GROUPS[only] : undefined;
  if (group) return group(program, ctx);
  for (const register of Object.values(GROUPS)) register(program, ctx);
}
