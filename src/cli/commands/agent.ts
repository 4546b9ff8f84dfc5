import type { Command } from 'commander';
import { act, type CommandContext } from '../command.js';
import { call, projectContext } from '../context.js';
import { relativeTime, table } from '../output.js';

export function registerAgentCommands(program: Command, ctx: CommandContext): void {
  const agent = program.command('agent').description('Agents working on this project');
  agent
    .command('list')
    .description('Each agent: working or idle, current task, lease, last seen')
    .action(
      act(ctx, async () => {
        const p = projectContext(ctx.rt);
        const res = await call(p.api.GET('/api/agents', { params: { query: { project_id: p.projectId } } }), p.url);
        return {
          value: res.data.map((a) => ({
            name: a.name,
            status: a.status,
            current_task: a.current_task,
            lease_expires_at: a.lease_expires_at,
            last_seen: a.last_seen,
          })),
          human: () =>
            res.data.length === 0
              ? '(no agents yet)'
              : table(
                  res.data.map((a) => ({
                    name: a.name,
                    status: a.status,
                    task: a.current_task ?? '',
                    lease: a.lease_expires_at ? `ends ${relativeTime(a.lease_expires_at)}` : '',
                    last_seen: relativeTime(a.last_seen),
                  })),
                  ['name', 'status', 'task', 'lease', 'last_seen'],
                ),
        };
      }),
    );
}
