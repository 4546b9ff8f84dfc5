import type { Command } from 'commander';
import { act, type CommandContext } from '../../command.js';
import { table } from '../../output.js';
import { indexPath, requireFile, withIndex } from './shared.js';

export function registerImports(code: Command, ctx: CommandContext): void {
  code
    .command('imports')
    .description('What a file imports, each resolved to a file of the repository or marked external')
    .option('-f, --file <path>', 'the importing file')
    .action(
      act(ctx, async (flags: { file?: string }) => {
        const file = requireFile(flags.file, 'imports');
        return withIndex(ctx, (index) => {
          const rows = index.imports(indexPath(ctx, index, file));
          return {
            value: rows,
            human: () =>
              rows.length
                ? table(
                    rows.map((r) => ({
                      line: r.line,
                      spec: r.spec,
                      resolves_to: r.file ?? (r.external ? '(external)' : '(unresolved)'),
                    })),
                    ['line', 'spec', 'resolves_to'],
                  )
                : '(no imports)',
          };
        });
      }),
    );
}
