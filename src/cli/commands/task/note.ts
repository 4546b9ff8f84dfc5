import type { Command } from 'commander';
import { act, type CommandContext } from '../../command.js';
import { call, optionalAgent, projectContext } from '../../context.js';

export function registerNote(task: Command, ctx: CommandContext): void {
  task
    .command('note')
    .description('Append a note to a task')
    .argument('<id>', 'task number or id')
    .argument('<text...>', 'the note')
    .option('-a, --agent <name>', 'author (default CPK_AGENT, else "human")')
    .action(
      act(ctx, async (id: string, words: string[], opts: { agent?: string }) => {
        const p = projectContext(ctx.rt);
        const author = optionalAgent(ctx.rt, opts.agent);
        const res = await call(
          p.api.POST('/api/tasks/{id}/notes', {
            params: { path: { id }, query: { project_id: p.projectId } },
            body: { text: words.join(' '), author },
          }),
          p.url,
        );
        return { value: { task_number: res.data.task_number, notes: res.data.notes.length } };
      }),
    );
}
