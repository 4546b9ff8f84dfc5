import type { Command } from 'commander';
import type { CommandContext } from '../command.js';
import { registerConfigCommands } from './config.js';
import { registerInitCommand } from './init.js';
import { registerServerCommands } from './server.js';

/** The command tree, group by group. */
export function registerCommands(program: Command, ctx: CommandContext): void {
  registerServerCommands(program, ctx);
  registerInitCommand(program, ctx);
  registerConfigCommands(program, ctx);
}
