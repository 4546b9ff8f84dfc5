import type { Command } from 'commander';
import { act, type CommandContext } from '../../command.js';
import { call, optionalAgent, projectContext } from '../../context.js';
import { CliError, EXIT } from '../../output.js';
import { brief } from './shared.js';

/** `task reject` and `task cancel`: a state change that needs a reason. */
export function registerReasonCommand(
  task: Command,
  ctx: CommandContext,
  name: 'reject' | 'cancel',
  description: string,
): void {
  task
    .command(name)
    .description(description)
    .argument('<id>', 'task number or id')
    .option('-r, --reason <text>', 'why (required)')
    .option('-a, --agent <name>', 'who does it (default CPK_AGENT, else "human")')
    .action(
      act(ctx, async (id: string, opts: { reason?: string; agent?: string }) => {
        if (!opts.reason?.trim()) throw new CliError(EXIT.usage, 'usage', `task ${name} needs --reason "<why>"`);
        const p = projectContext(ctx.rt);
        const agent = optionalAgent(ctx.rt, opts.agent);
        const params = { path: { id }, query: { project_id: p.projectId } };
        const body = { reason: opts.reason, agent };
        const res = await call(
          name === 'reject'
            ? p.api.POST('/api/tasks/{id}/reject', { params, body })
            : p.api.POST('/api/tasks/{id}/cancel', { params, body }),
          p.url,
        );
        return { value: brief(res.data), human: () => `${res.data.task_number} is now ${res.data.status}` };
      }),
    );
}

export const registerReject = (task: Command, ctx: CommandContext) =>
  registerReasonCommand(
    task,
    ctx,
    'reject',
    'Send a task in review back to its implementer (→ in-progress), the reason as a note',
  );
export const registerCancel = (task: Command, ctx: CommandContext) =>
  registerReasonCommand(
    task,
    ctx,
    'cancel',
    'Cancel a task (kept in the log, off the task list; its dependents stop waiting on it)',
  );
