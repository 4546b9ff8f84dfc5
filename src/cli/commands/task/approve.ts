import type { Command } from 'commander';
import { act, type CommandContext } from '../../command.js';
import { call, optionalAgent, projectContext } from '../../context.js';
import { brief } from './shared.js';

export function registerApprove(task: Command, ctx: CommandContext): void {
  task
    .command('approve')
    .description('Approve a task in review (→ done); its implementer cannot')
    .argument('<id>', 'task number or id')
    .option('-a, --agent <name>', 'who approves (default CPK_AGENT, else "human")')
    .option('--notes <text>', 'what the review found')
    .action(
      act(ctx, async (id: string, opts: { agent?: string; notes?: string }) => {
        const p = projectContext(ctx.rt);
        const agent = optionalAgent(ctx.rt, opts.agent);
        const res = await call(
          p.api.POST('/api/tasks/{id}/approve', {
            params: { path: { id }, query: { project_id: p.projectId } },
            body: { agent, notes: opts.notes },
          }),
          p.url,
        );
        return { value: brief(res.data), human: () => `${res.data.task_number} is now ${res.data.status}` };
      }),
    );
}
