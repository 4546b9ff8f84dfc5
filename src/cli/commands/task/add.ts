import type { Command } from 'commander';
import { act, type CommandContext } from '../../command.js';
import { call, optionalAgent, projectContext } from '../../context.js';
import { CliError, EXIT } from '../../output.js';
import { taskTable, taskText } from '../../task-views.js';
import { readBatch } from './batch.js';
import { fieldOptions, fieldsFromOptions, status, type FieldOptions, type NewTask, type Task } from './shared.js';

export function registerAdd(task: Command, ctx: CommandContext): void {
  fieldOptions(task.command('add').description('Add a task (or many with --batch file.json)'), 'add')
    .option('-s, --status <open|backlog>', 'initial status (default open; backlog while dependencies are unmet)')
    .option(
      '--batch <file>',
      'JSON array of snake_case task objects (- reads standard input), created in one transaction',
    )
    .option('-a, --agent <name>', 'who adds the task (default CPK_AGENT, else "human")')
    .action(
      act(ctx, async (opts: FieldOptions & { batch?: string }) => {
        const p = projectContext(ctx.rt);
        const actor = optionalAgent(ctx.rt, opts.agent);
        if (opts.batch !== undefined) {
          if (opts.title !== undefined)
            throw new CliError(EXIT.usage, 'usage', 'Use either --batch or --title, not both');
          const body = readBatch(opts.batch, ctx.rt.cwd);
          const res = await call(
            p.api.POST('/api/tasks', { params: { query: { project_id: p.projectId, actor } }, body }),
            p.url,
          );
          const tasks = (Array.isArray(res.data) ? res.data : [res.data]) as Task[];
          return {
            value: {
              created: tasks.length,
              tasks: tasks.map((t) => ({ task_number: t.task_number, title: t.title, status: t.status })),
            },
            human: () => taskTable(tasks),
          };
        }
        if (!opts.title) throw new CliError(EXIT.usage, 'usage', 'task add needs --title (or --batch file.json)');
        const body: NewTask = {
          ...fieldsFromOptions(opts),
          title: opts.title,
          status: status<'open' | 'backlog'>(opts.status, ['open', 'backlog']),
        };
        const res = await call(
          p.api.POST('/api/tasks', { params: { query: { project_id: p.projectId, actor } }, body }),
          p.url,
        );
        const t = res.data as Task;
        return {
          value: {
            id: t.id,
            task_number: t.task_number,
            title: t.title,
            status: t.status,
            priority: t.priority,
            depends_on: t.depends_on,
          },
          human: () => taskText(t),
        };
      }),
    );
}
