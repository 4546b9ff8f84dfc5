import type { Command } from 'commander';
import { act, type CommandContext } from '../../command.js';
import { call, projectContext } from '../../context.js';
import { actingAgent } from '../../acting-agent.js';
import { brief } from './shared.js';

export function registerRelease(task: Command, ctx: CommandContext): void {
  task
    .command('release')
    .description('Give your in-progress task back to the board (→ open)')
    .argument('<id>', 'task number or id')
    .option('-a, --agent <name>', 'agent name (default CPK_AGENT, else the agent CPK_TOKEN is bound to)')
    .option('--force', 'release a task held by another agent')
    .action(
      act(ctx, async (id: string, opts: { agent?: string; force?: boolean }) => {
        const agent = actingAgent(ctx.rt, opts.agent);
        const p = projectContext(ctx.rt);
        const res = await call(
          p.api.POST('/api/tasks/{id}/release', {
            params: { path: { id }, query: { project_id: p.projectId } },
            body: { agent, force: opts.force },
          }),
          p.url,
        );
        return { value: brief(res.data), human: () => `${res.data.task_number} is now ${res.data.status}` };
      }),
    );
}
