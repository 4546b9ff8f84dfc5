import type { Command } from 'commander';
import { act, type CommandContext } from '../../command.js';
import { withIndex } from './shared.js';

export function registerSummary(code: Command, ctx: CommandContext): void {
  code
    .command('summary')
    .description('Counts of files by language, symbols by kind, imports by outcome, and the most imported files')
    .action(
      act(ctx, async () =>
        withIndex(ctx, (index) => {
          const s = index.summary();
          const pairs = (o: Record<string, number>) =>
            Object.entries(o)
              .map(([k, n]) => `${k} ${n}`)
              .join(', ');
          return {
            value: { ...s, root: undefined },
            human: () =>
              [
                `${s.files} files (${pairs(s.languages)})`,
                `${s.symbols} symbols (${pairs(s.kinds)})`,
                `${s.imports.total} imports: ${s.imports.resolved} resolved, ${s.imports.external} external, ${s.imports.unresolved} unresolved`,
                ...(s.most_imported.length
                  ? ['Most imported:', ...s.most_imported.map((m) => `  ${m.file}  ${m.dependents}`)]
                  : []),
              ].join('\n'),
          };
        }),
      ),
    );
}
