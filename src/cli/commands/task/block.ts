import type { Command } from 'commander';
import { act, type CommandContext } from '../../command.js';
import { call, projectContext, requireAgent } from '../../context.js';
import { CliError, EXIT } from '../../output.js';
import { brief } from './shared.js';

export function registerBlock(task: Command, ctx: CommandContext): void {
  task
    .command('block')
    .description('Block a task, with the reason')
    .argument('<id>', 'task number or id')
    .option('-r, --reason <text>', 'why it is blocked (required)')
    .option('-a, --agent <name>', 'agent name (default CPK_AGENT)')
    .action(
      act(ctx, async (id: string, opts: { reason?: string; agent?: string }) => {
        const agent = requireAgent(ctx.rt, opts.agent);
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
