import type { Command } from 'commander';
import { act, intOption, type CommandContext } from '../command.js';
import { call, projectContext } from '../context.js';
import { table } from '../output.js';

export function registerEventsCommands(program: Command, ctx: CommandContext): void {
  program
    .command('events')
    .description('The audit log, oldest first (use --after to page)')
    .option('--type <type>', 'event type, or a prefix like task.*')
    .option('--entity <id>', 'entity id (task id, doc id, agent name)')
    .option('--actor <name>', 'who did it')
    .option('--after <id>', 'only events after this id')
    .option('--limit <n>', 'how many (1–1000)', '50')
    .action(
      act(ctx, async (opts: { type?: string; entity?: string; actor?: string; after?: string; limit: string }) => {
        const p = projectContext(ctx.rt);
        const res = await call(
          p.api.GET('/api/events', {
            params: { query: { project_id: p.projectId, type: opts.type, entity_id: opts.entity, actor: opts.actor, after: intOption('--after', opts.after, 0), limit: intOption('--limit', opts.limit, 1, 1000) } },
          }),
          p.url,
        );
        return {
          value: res.data,
          human: () =>
            res.data.length === 0
              ? '(no events)'
              : table(res.data.map((e) => ({ id: e.id, at: e.created_at, type: e.type, actor: e.actor, task: (e.payload as { task_number?: string } | null)?.task_number ?? e.entity_id }))),
        };
      }),
    );
}
