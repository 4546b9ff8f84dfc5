import type { Command } from 'commander';
import { SYMBOL_KINDS, type SymbolKind } from '../../../code-index/kinds.js';
import { act, type CommandContext, intOption } from '../../command.js';
import { CliError, EXIT, table } from '../../output.js';
import { indexPath, withIndex } from './shared.js';

interface Flags {
  name?: string;
  kind?: string;
  file?: string;
  exported?: boolean;
  limit?: string;
}

export function registerSymbols(code: Command, ctx: CommandContext): void {
  code
    .command('symbols')
    .description(
      'Definitions: functions, classes, methods, interfaces, types, enums, constants, structs, traits, impls',
    )
    .option('-n, --name <text>', 'name contains this (case-insensitive; * and ? make it a glob); exact matches first')
    .option('-k, --kind <kind>', `one of ${SYMBOL_KINDS.join(', ')}`)
    .option('-f, --file <path>', 'in this file or folder (or glob)')
    .option('--exported', 'only what the file exports')
    .option('-l, --limit <n>', 'at most this many (default 50)')
    .action(
      act(ctx, async (flags: Flags) => {
        const limit = intOption('--limit', flags.limit, 1, 10_000);
        if (flags.kind !== undefined && !(SYMBOL_KINDS as readonly string[]).includes(flags.kind))
          throw new CliError(
            EXIT.usage,
            'invalid_option',
            `--kind must be one of ${SYMBOL_KINDS.join(', ')}, got "${flags.kind}"`,
          );
        return withIndex(ctx, (index) => {
          const rows = index.symbols({
            ...(flags.name ? { name: flags.name } : {}),
            ...(flags.kind ? { kind: flags.kind as SymbolKind } : {}),
            ...(flags.file ? { file: /[*?[]/.test(flags.file) ? flags.file : indexPath(ctx, index, flags.file) } : {}),
            ...(flags.exported ? { exported: true } : {}),
            ...(limit ? { limit } : {}),
          });
          return {
            value: rows,
            human: () =>
              rows.length
                ? table(
                    rows.map((r) => ({ ...r, exported: r.exported ? 'yes' : '', parent: r.parent ?? '' })),
                    ['name', 'kind', 'at', 'exported', 'parent'],
                  )
                : '(no symbols match)',
          };
        });
      }),
    );
}
