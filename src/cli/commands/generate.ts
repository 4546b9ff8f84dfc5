import type { Command } from 'commander';
import type { CommandContext } from '../command.js';

export function registerGenerateCommands(program: Command, ctx: CommandContext): void {
  void program;
  void ctx;
}
