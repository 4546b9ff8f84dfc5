import type { Command } from 'commander';
import { act, durationOption, type CommandContext } from '../../command.js';
import { call, projectContext } from '../../context.js';
import { actingAgent } from '../../acting-agent.js';

export function registerHeartbeat(task: Command, ctx: CommandContext): void {
  task
    .command('heartbeat')
    .description('Extend your lease on an in-progress task')
    .argument('<id>', 'task number or id')
    .option('-a, --agent <name>', 'agent name (default CPK_AGENT, else the agent CPK_TOKEN is bound to)')
    .option('--lease <duration>', 'new lease from now: 90s, 45m, 2h (default: project setting)')
    .action(
      act(ctx, async (id: string, opts: { agent?: string; lease?: string }) => {
        const agent = actingAgent(ctx.rt, opts.agent);
        const lease_seconds = durationOption('--lease', opts.lease);
        const p = projectContext(ctx.rt);
        const res = await call(
          p.api.POST('/api/tasks/{id}/heartbeat', {
            params: { path: { id }, query: { project_id: p.projectId } },
            body: { agent, lease_seconds },
          }),
          p.url,
        );
        return { value: { task_number: res.data.task_number, lease_expires_at: res.data.lease_expires_at } };
      }),
    );
}
