import type { Command } from 'commander';
import { act, intOption, type CommandContext } from '../../command.js';
import { call, projectContext } from '../../context.js';
import { rowView, taskTable } from '../../task-views.js';
import { commaList, status, STATUSES } from './shared.js';

export function registerList(task: Command, ctx: CommandContext): void {
  task
    .command('list')
    .description('List tasks in board order (P0 first, then oldest)')
    .option(
      '-s, --status <status>',
      `filter by status (comma-separated: ${STATUSES.join(', ')}; default all but cancelled)`,
    )
    .option('-a, --assignee <agent>', 'filter by assignee')
    .option('-e, --epic <epic>', 'filter by epic')
    .option('--tag <tag>', 'filter by tag')
    .option('-l, --limit <n>', 'page size (1–1000)', '100')
    .option('--cursor <cursor>', 'continue after a previous page')
    .action(
      act(
        ctx,
        async (opts: {
          status?: string;
          assignee?: string;
          epic?: string;
          tag?: string;
          limit: string;
          cursor?: string;
        }) => {
          const p = projectContext(ctx.rt);
          if (opts.status) for (const s of commaList(opts.status)) status(s, STATUSES);
          const res = await call(
            p.api.GET('/api/tasks', {
              params: {
                query: {
                  project_id: p.projectId,
                  status: opts.status,
                  assignee: opts.assignee,
                  epic: opts.epic,
                  tag: opts.tag,
                  limit: intOption('--limit', opts.limit, 1, 1000),
                  cursor: opts.cursor,
                },
              },
            }),
            p.url,
          );
          if (res.next_cursor) ctx.rt.io.err(`note: more tasks; continue with --cursor ${res.next_cursor}\n`);
          return { value: res.data.map(rowView), human: () => taskTable(res.data) };
        },
      ),
    );
}
