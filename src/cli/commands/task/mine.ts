import type { Command } from 'commander';
import { act, type CommandContext } from '../../command.js';
import { call, projectContext, requireAgent } from '../../context.js';
import { rowView, taskTable } from '../../task-views.js';

export function registerMine(task: Command, ctx: CommandContext): void {
  task
    .command('mine')
    .description('Your in-progress and review tasks')
    .option('-a, --agent <name>', 'agent name (default CPK_AGENT)')
    .action(
      act(ctx, async (opts: { agent?: string }) => {
        const agent = requireAgent(ctx.rt, opts.agent);
        const p = projectContext(ctx.rt);
        const res = await call(
          p.api.GET('/api/tasks/mine', { params: { query: { project_id: p.projectId, agent } } }),
          p.url,
        );
        return { value: res.data.map(rowView), human: () => taskTable(res.data) };
      }),
    );
}
