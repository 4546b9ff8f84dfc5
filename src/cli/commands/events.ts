import type { Command } from 'commander';
import { act, intOption, type CommandContext } from '../command.js';
import { call, projectContext } from '../context.js';
import { relativeTime, table } from '../output.js';
import type { Schemas } from '../../client/index.js';

type Event = Schemas['Event'];

/**
 * `--entity` as people and agents write it: a task number (T-4, t-004) goes to the server as a task
 * reference (it resolves numbers to ids), a doc id is normalised to D-004; anything else is an id as stored.
 */
export function entityQuery(entity: string | undefined): { task_id?: string; entity_id?: string } {
  if (entity === undefined) return {};
  const trimmed = entity.trim();
  if (/^t-\d{1,9}$/i.test(trimmed)) return { task_id: trimmed.toUpperCase() };
  const doc = /^d-(\d{1,9})$/i.exec(trimmed);
  if (doc) return { entity_id: `D-${doc[1]!.replace(/^0+(?=\d)/, '').padStart(3, '0')}` };
  return { entity_id: trimmed };
}

/** What an event is about, the way the board names it: T-004, D-001, the project's name, an agent. */
function subject(e: Event): string {
  const payload = (e.payload ?? {}) as { task_number?: unknown; name?: unknown };
  if (typeof payload.task_number === 'string') return payload.task_number;
  if (e.type.startsWith('project.') && typeof payload.name === 'string') return payload.name;
  return e.entity_id;
}

export function registerEventsCommands(program: Command, ctx: CommandContext): void {
  program
    .command('events')
    .description('The audit log, oldest first (use --after to page), or the latest with --latest')
    .option('--type <type>', 'event type, or a prefix like task.*')
    .option('--entity <id>', 'what it is about: a task (T-004), a doc (D-001), an agent name')
    .option('--actor <name>', 'who did it')
    .option('--after <id>', 'only events after this id')
    .option('--latest', 'newest first: with --limit, the latest events')
    .option('--limit <n>', 'how many (1–1000)', '50')
    .action(
      act(
        ctx,
        async (opts: {
          type?: string;
          entity?: string;
          actor?: string;
          after?: string;
          latest?: boolean;
          limit: string;
        }) => {
          const p = projectContext(ctx.rt);
          const query = {
            project_id: p.projectId,
            type: opts.type,
            ...entityQuery(opts.entity),
            actor: opts.actor,
            after: intOption('--after', opts.after, 0),
            limit: intOption('--limit', opts.limit, 1, 1000),
            order: opts.latest ? ('desc' as const) : ('asc' as const),
          };
          const res = await call(p.api.GET('/api/events', { params: { query } }), p.url);
          return {
            value: res.data,
            human: () =>
              res.data.length === 0
                ? '(no events)'
                : table(
                    res.data.map((e) => ({
                      id: e.id,
                      when: relativeTime(e.created_at),
                      type: e.type,
                      actor: e.actor,
                      about: subject(e),
                    })),
                    ['id', 'when', 'type', 'actor', 'about'],
                  ),
          };
        },
      ),
    );
}
