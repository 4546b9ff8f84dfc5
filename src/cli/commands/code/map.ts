import type { Command } from 'commander';
import type { MapOptions } from '../../../code-index/api.js';
import { act, type CommandContext, intOption } from '../../command.js';
import { call, projectContext } from '../../context.js';
import { withIndex } from './shared.js';

export function registerMap(code: Command, ctx: CommandContext): void {
  code
    .command('map')
    .description(
      'A map of the repository that fits a token budget: files ranked by the import graph, with their key symbols (name:line); --task ranks toward a task',
    )
    .option('-t, --tokens <n>', 'the budget in tokens (default 1000)')
    .option('--task <id>', 'rank toward this task (T-012): the files and identifiers its text names')
    .action(
      act(ctx, async (flags: { tokens?: string; task?: string }) => {
        const tokens = intOption('--tokens', flags.tokens, 50, 100_000) ?? 1000;
        const options: MapOptions = { tokens, ...(flags.task ? await taskFocus(ctx, flags.task) : {}) };
        return withIndex(ctx, (index) => {
          const map = index.map(options);
          return {
            value: map,
            human: () =>
              map.files.map((f) => `${f.file}\n${f.symbols.map((s) => `  ${s}`).join('\n')}`).join('\n') ||
              '(nothing indexed)',
          };
        });
      }),
    );
}

/** The task's words and the files it names, from the server. */
async function taskFocus(ctx: CommandContext, id: string): Promise<Pick<MapOptions, 'taskText' | 'taskFiles'>> {
  const p = projectContext(ctx.rt);
  const res = await call(
    p.api.GET('/api/tasks/{id}', { params: { path: { id }, query: { project_id: p.projectId } } }),
    p.url,
  );
  const t = res.data as typeof res.data & { files?: string[] };
  const taskText = [t.title, t.description ?? '', ...(t.acceptance_criteria ?? []), ...(t.context_refs ?? [])].join(
    '\n',
  );
  const taskFiles = [...(t.files ?? []), ...(t.context_refs ?? []).filter((r) => r.includes('/') || r.includes('.'))];
  return { taskText, taskFiles };
}
