import type { Command } from 'commander';
import { act, type CommandContext } from '../../command.js';
import { call, optionalAgent, projectContext } from '../../context.js';
import { brief } from './shared.js';

export function registerUnblock(task: Command, ctx: CommandContext): void {
  task
    .command('unblock')
    .description('Unblock a task (→ open); clears the reason and the assignee')
    .argument('<id>', 'task number or id')
    .option('-a, --agent <name>', 'who unblocks (default CPK_AGENT, else "human")')
    .action(
      act(ctx, async (id: string, opts: { agent?: string }) => {
        const p = projectContext(ctx.rt);
        const agent = optionalAgent(ctx.rt, opts.agent);
        const res = await call(
          p.api.POST('/api/tasks/{id}/unblock', {
            params: { path: { id }, query: { project_id: p.projectId } },
            body: agent ? { agent } : {},
          }),
          p.url,
        );
        return { value: brief(res.data), human: () => `${res.data.task_number} is now ${res.data.status}` };
      }),
    );
}
