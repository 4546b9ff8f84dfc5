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

/** The command tree, group by group. */
export function registerCommands(program: Command, ctx: CommandContext): void {
  registerServerCommands(program, ctx);
  registerInitCommand(program, ctx);
  registerTaskCommands(program, ctx);
  registerDocsCommands(program, ctx);
  registerBoardCommands(program, ctx);
  registerAgentCommands(program, ctx);
  registerEventsCommands(program, ctx);
  registerConfigCommands(program, ctx);
  registerGenerateCommands(program, ctx);
}
