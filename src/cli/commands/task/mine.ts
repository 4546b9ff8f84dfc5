import type { Command } from 'commander';
import { act, type CommandContext } from '../../command.js';
import { call, projectContext } from '../../context.js';
import { actingAgent } from '../../acting-agent.js';
import { rowView, taskTable } from '../../task-views.js';

export function registerMine(task: Command, ctx: CommandContext): void {
  task
    .command('mine')
    .description('Your in-progress and review tasks')
    .option('-a, --agent <name>', 'agent name (default CPK_AGENT, else the agent CPK_TOKEN is bound to)')
    .action(
      act(ctx, async (opts: { agent?: string }) => {
        const agent = actingAgent(ctx.rt, opts.agent);
        const p = projectContext(ctx.rt);
        const res = await call(
          p.api.GET('/api/tasks/mine', { params: { query: { project_id: p.projectId, agent } } }),
          p.url,
        );
        return { value: res.data.map(rowView), human: () => taskTable(res.data) };
      }),
    );
}
