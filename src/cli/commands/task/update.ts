import type { Command } from 'commander';
import { act, type CommandContext } from '../../command.js';
import { call, optionalAgent, projectContext } from '../../context.js';
import { CliError, EXIT } from '../../output.js';
import { taskText } from '../../task-views.js';
import { fieldOptions, fieldsFromOptions, status, STATUSES, type FieldOptions, type TaskPatch } from './shared.js';

export function registerUpdate(task: Command, ctx: CommandContext): void {
  fieldOptions(
    task
      .command('update')
      .description('Change any field of a task, including its status (the human override)')
      .argument('<id>', 'task number or id'),
    'update',
  )
    .option('-s, --status <status>', `set any status: ${STATUSES.join(', ')}`)
    // -a is the assignee, as in codepakt 0.2; who makes the change has only the long flag.
    .option('-a, --assignee <agent>', 'set the assignee ("" clears it)')
    .option('--agent <name>', 'who makes the change (default CPK_AGENT, else "human")')
    .action(
      act(ctx, async (id: string, opts: FieldOptions & { assignee?: string }) => {
        const p = projectContext(ctx.rt);
        const body: TaskPatch = {
          ...fieldsFromOptions(opts),
          title: opts.title,
          epic: opts.epic === undefined ? undefined : opts.epic === '' ? null : opts.epic,
          status: status<NonNullable<TaskPatch['status']>>(opts.status, STATUSES),
          assignee: opts.assignee === undefined ? undefined : opts.assignee === '' ? null : opts.assignee,
          actor: optionalAgent(ctx.rt, opts.agent),
        };
        if (Object.entries(body).every(([k, v]) => v === undefined || k === 'actor'))
          throw new CliError(
            EXIT.usage,
            'usage',
            'task update needs at least one field to change (see cpk task update --help)',
          );
        const res = await call(
          p.api.PATCH('/api/tasks/{id}', { params: { path: { id }, query: { project_id: p.projectId } }, body }),
          p.url,
        );
        return { value: res.data, human: () => taskText(res.data) };
      }),
    );
}
