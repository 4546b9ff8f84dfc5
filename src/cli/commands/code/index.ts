import type { Command } from 'commander';
import type { CommandContext } from '../../command.js';
import { registerDependents } from './dependents.js';
import { registerImports } from './imports.js';
import { registerMap } from './map.js';
import { registerSummary } from './summary.js';
import { registerSymbols } from './symbols.js';

export function registerCodeCommands(program: Command, ctx: CommandContext): void {
  const code = program
    .command('code')
    .description(
      'Ask the code index (.codepakt/code.db, built by `cpk scan`): symbols, imports, dependents, a ranked map',
    );
  registerSymbols(code, ctx);
  registerImports(code, ctx);
  registerDependents(code, ctx);
  registerSummary(code, ctx);
  registerMap(code, ctx);
}
