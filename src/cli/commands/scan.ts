import type { Command } from 'commander';
import { act, type CommandContext } from '../command.js';
import { CliError, EXIT } from '../output.js';

interface ScanFlags {
  changed?: boolean;
  installHook?: boolean;
  removeHook?: boolean;
}

export function registerScanCommand(program: Command, ctx: CommandContext): void {
  program
    .command('scan')
    .description(
      "Index this checkout's code into .codepakt/code.db for `cpk code` (TypeScript, JavaScript, Python, Go, Rust; honours .gitignore and .codepaktignore)",
    )
    .option(
      '--changed',
      'only the files git says changed since the last scan (deleted and renamed files leave the index)',
    )
    .option(
      '--install-hook',
      'run `cpk scan --changed` from the git pre-commit hook (idempotent, honours core.hooksPath)',
    )
    .option('--remove-hook', 'take that step out of the pre-commit hook again')
    .action(
      act(ctx, async (flags: ScanFlags) => {
        const picked = [flags.changed, flags.installHook, flags.removeHook].filter(Boolean).length;
        if (picked > 1)
          throw new CliError(
            EXIT.usage,
            'invalid_option',
            '--changed, --install-hook and --remove-hook go one at a time',
          );
        const { findRoot } = await import('../../code-index/root.js');
        const root = findRoot(ctx.rt.cwd);
        if (flags.installHook || flags.removeHook) {
          const hook = await import('../../code-index/hook.js');
          const result = flags.installHook ? hook.installHook(root) : hook.removeHook(root);
          return {
            value: result,
            human: () => `${result.hook}: ${result.changed ? result.action : `already ${result.action}`}`,
          };
        }
        const { scan } = await import('../../code-index/scan.js');
        const report = await scan(root, { changed: Boolean(flags.changed) });
        return {
          value: report,
          human: () =>
            [
              `${report.files} files indexed (${report.parsed} parsed, ${report.removed} removed, ${report.mode} scan) in ${report.ms} ms`,
              `${report.symbols} symbols; ${report.imports.total} imports: ${report.imports.resolved} resolved to files, ${report.imports.external} external, ${report.imports.unresolved} unresolved`,
              ...(report.failed ?? []).map((f) => `not indexed: ${f.file}: ${f.error}`),
            ].join('\n'),
        };
      }),
    );
}
