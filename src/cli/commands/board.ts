import type { Command } from 'commander';
import type { CommandContext } from '../command.js';

export function registerBoardCommands(program: Command, ctx: CommandContext): void {
  void program;
  void ctx;
}
