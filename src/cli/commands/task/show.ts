import type { Command } from 'commander';
import { act, type CommandContext } from '../../command.js';
import { call, projectContext } from '../../context.js';
import { taskText } from '../../task-views.js';
import { referencedDocs } from '../docs.js';

export function registerShow(task: Command, ctx: CommandContext): void {
  task
    .command('show')
    .description('Show every field of a task')
    .argument('<id>', 'task number (T-001) or id')
    .action(
      act(ctx, async (id: string) => {
        const p = projectContext(ctx.rt);
        const res = await call(
          p.api.GET('/api/tasks/{id}', { params: { path: { id }, query: { project_id: p.projectId } } }),
          p.url,
        );
        // The titles of the knowledge-base docs the task points at, so an agent knows what to read.
        const context_docs = await referencedDocs(p.api, p.url, p.projectId, res.data.context_refs);
        const docsText = context_docs.length
          ? `\n\nDocs to read:\n${context_docs.map((d) => `  ${d.id}  ${d.title}`).join('\n')}`
          : '';
        return { value: { ...res.data, context_docs }, human: () => taskText(res.data) + docsText };
      }),
    );
}
