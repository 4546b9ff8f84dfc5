import type { Command } from 'commander';
import { act, type CommandContext } from '../../command.js';
import { call, projectContext } from '../../context.js';
import { actingAgent } from '../../acting-agent.js';
import { CliError, EXIT } from '../../output.js';
import { brief } from './shared.js';

export function registerBlock(task: Command, ctx: CommandContext): void {
  task
    .command('block')
    .description('Block a task, with the reason')
    .argument('<id>', 'task number or id')
    .option('-r, --reason <text>', 'why it is blocked (required)')
    .option('-a, --agent <name>', 'agent name (default CPK_AGENT, else the agent CPK_TOKEN is bound to)')
    .action(
      act(ctx, async (id: string, opts: { reason?: string; agent?: string }) => {
        const agent = actingAgent(ctx.rt, opts.agent);
        if (!opts.reason?.trim()) throw new CliError(EXIT.usage, 'usage', 'task block needs --reason "<why>"');
        const p = projectContext(ctx.rt);
        const res = await call(
          p.api.POST('/api/tasks/{id}/block', {
            params: { path: { id }, query: { project_id: p.projectId } },
            body: { reason: opts.reason, agent },
          }),
          p.url,
        );
        return {
          value: brief(res.data),
          human: () => `${res.data.task_number} blocked: ${res.data.blocker_reason ?? ''}`,
        };
      }),
    );
}
