import type { Command } from 'commander';
import { act, type CommandContext } from '../command.js';
import { call, projectContext } from '../context.js';
import { relativeTime, table } from '../output.js';
import { holdsTable } from './files-views.js';

export function registerBoardCommands(program: Command, ctx: CommandContext): void {
  const board = program.command('board').description('Board summary');
  board
    .command('status')
    .description('Counts per status, blocked tasks with reasons, agents, lapsed leases')
    .action(
      act(ctx, async () => {
        const p = projectContext(ctx.rt);
        const res = await call(
          p.api.GET('/api/board/status', { params: { query: { project_id: p.projectId } } }),
          p.url,
        );
        const b = res.data;
        return {
          value: {
            counts: b.counts,
            total: b.total,
            blocked: b.blocked,
            expired_leases: b.expired_leases,
            agents: b.agents.map((a) => ({ name: a.name, status: a.status, current_task: a.current_task })),
            // codepakt 0.2's names, which its agent protocols read from this command.
            by_status: b.by_status,
            blocked_tasks: b.blocked_tasks,
            agent_activity: b.agent_activity.map((a) => ({
              name: a.name,
              status: a.status,
              current_task: a.current_task,
              last_seen: a.last_seen,
            })),
            coordination: b.coordination,
            reservations: b.reservations,
          },
          human: () =>
            [
              `${Object.entries(b.counts)
                .map(([s, n]) => `${s} ${n}`)
                .join('  ')}  (total ${b.total})`,
              b.blocked.length
                ? `\nBlocked:\n${b.blocked.map((t) => `  ${t.task_number} ${t.title}: ${t.blocker_reason ?? ''}`).join('\n')}`
                : '',
              b.expired_leases.length
                ? `\nLapsed leases:\n${b.expired_leases.map((t) => `  ${t.task_number} ${t.assignee ?? ''} lapsed ${relativeTime(t.lease_expires_at)}`).join('\n')}`
                : '',
              b.agents.length
                ? `\nAgents:\n${table(b.agents.map((a) => ({ name: a.name, status: a.status, task: a.current_task ?? '', last_seen: relativeTime(a.last_seen) })))}`
                : '',
              b.reservations.length ? `\nFiles held:\n${holdsTable(b.reservations)}` : '',
            ]
              .filter(Boolean)
              .join('\n'),
        };
      }),
    );
}
