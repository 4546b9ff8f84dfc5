import type { Command } from 'commander';
import { act, type CommandContext, intOption } from '../../command.js';
import { table } from '../../output.js';
import { indexPath, requireFile, withIndex } from './shared.js';

export function registerDependents(code: Command, ctx: CommandContext): void {
  code
    .command('dependents')
    .description('Files that import a file, directly or (with --depth) through others, with the path between')
    .option('-f, --file <path>', 'the file depended on')
    .option('-d, --depth <n>', 'follow importers this many levels up (default 1)')
    .action(
      act(ctx, async (flags: { file?: string; depth?: string }) => {
        const file = requireFile(flags.file, 'dependents');
        const depth = intOption('--depth', flags.depth, 1, 100) ?? 1;
        return withIndex(ctx, (index) => {
          const rows = index.dependents(indexPath(ctx, index, file), depth);
          return {
            value: rows,
            human: () =>
              rows.length
                ? table(
                    rows.map((r) => ({ at: r.at, depth: r.depth, via: (r.via ?? []).join(' → ') })),
                    ['at', 'depth', 'via'],
                  )
                : '(no dependents)',
          };
        });
      }),
    );
}
