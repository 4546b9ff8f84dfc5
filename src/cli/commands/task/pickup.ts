import type { Command } from 'commander';
import { act, durationOption, intOption, type CommandContext } from '../../command.js';
import { call, projectContext, silenceMs } from '../../context.js';
import { actingAgent } from '../../acting-agent.js';
import { pickupView, taskText } from '../../task-views.js';
import { skippedText } from '../files-views.js';

export function registerPickup(task: Command, ctx: CommandContext): void {
  task
    .command('pickup')
    .description('Claim the next task (highest priority, dependencies met, oldest first); exit 4 when none')
    .option('-a, --agent <name>', 'agent name (default CPK_AGENT, else the agent CPK_TOKEN is bound to)')
    .option('--id <task>', 'claim this task, or fail saying why')
    .option('--lease <duration>', 'lease for this pickup: 90s, 45m, 2h (default: project setting)')
    .option('--wait <seconds>', 'wait up to this many seconds (max 300) for a task to become available')
    .option('--explain', 'also list the tasks passed over because another agent holds their files')
    .action(
      act(ctx, async (opts: { agent?: string; id?: string; lease?: string; wait?: string; explain?: boolean }) => {
        const agent = actingAgent(ctx.rt, opts.agent);
        const lease_seconds = durationOption('--lease', opts.lease);
        const wait = intOption('--wait', opts.wait, 0, 300);
        const p = projectContext(ctx.rt, silenceMs(ctx.rt) + (wait ?? 0) * 1000);
        const res = await call(
          p.api.POST('/api/tasks/pickup', {
            params: { query: { project_id: p.projectId, task_id: opts.id, wait } },
            body: { agent, lease_seconds, explain: opts.explain },
          }),
          p.url,
        );
        const skipped = res.skipped ?? [];
        if (!opts.explain) return { value: pickupView(res.data), human: () => taskText(res.data) };
        return {
          value: { ...pickupView(res.data), skipped },
          human: () => `${taskText(res.data)}${skipped.length ? `\n\nPassed over:\n${skippedText(skipped)}` : ''}`,
        };
      }),
    );
}
