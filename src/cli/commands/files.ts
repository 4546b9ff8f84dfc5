import type { Command } from 'commander';
import { act, durationOption, type CommandContext } from '../command.js';
import { call, projectContext } from '../context.js';
import { actingAgent } from '../acting-agent.js';
import { CliError, EXIT } from '../output.js';
import { holdsTable } from './files-views.js';

/** `cpk files reserve|release|list`: ad-hoc file reservations, for work outside a task. */
export function registerFilesCommands(program: Command, ctx: CommandContext): void {
  const files = program
    .command('files')
    .description("Reserve files outside a task; see who holds what (a task's files are reserved by its pickup)");
  files
    .command('reserve')
    .description('Reserve files (path globs) for this agent; refused naming the holder when another agent holds any')
    .argument('<glob...>', 'path globs from the repository root: src/api/**, docs/*.md (docs/files.md)')
    .option('-a, --agent <name>', 'agent name (default CPK_AGENT, else the agent CPK_TOKEN is bound to)')
    .option('--ttl <duration>', "how long it holds: 90s, 45m, 2h (default: the project's lease length)")
    .option('--shared', 'shared: other agents may hold the same files shared too (default exclusive)')
    .action(
      act(ctx, async (globs: string[], opts: { agent?: string; ttl?: string; shared?: boolean }) => {
        const agent = actingAgent(ctx.rt, opts.agent);
        const ttl_seconds = durationOption('--ttl', opts.ttl);
        const p = projectContext(ctx.rt);
        const res = await call(
          p.api.POST('/api/files/reservations', {
            params: { query: { project_id: p.projectId } },
            body: { agent, files: globs, ttl_seconds, shared: opts.shared },
          }),
          p.url,
        );
        const r = res.data;
        return {
          value: { id: r.id, files: r.files, shared: r.shared || undefined, expires_at: r.expires_at },
          human: () => `${r.id}: ${r.files.join(', ')} reserved for ${r.agent} until ${r.expires_at}`,
        };
      }),
    );
  files
    .command('release')
    .description("Release this agent's reservations: those naming the globs given, those with --id, or all")
    .argument('[glob...]', 'release the reservations that name any of these globs')
    .option('-a, --agent <name>', 'agent name (default CPK_AGENT, else the agent CPK_TOKEN is bound to)')
    .option('--id <id...>', 'release these reservations (R-1 …)')
    .action(
      act(ctx, async (globs: string[], opts: { agent?: string; id?: string[] }) => {
        const agent = actingAgent(ctx.rt, opts.agent);
        for (const id of opts.id ?? [])
          if (!/^R-\d+$/i.test(id))
            throw new CliError(EXIT.usage, 'invalid_option', `--id must name reservations like R-1, got "${id}"`);
        const p = projectContext(ctx.rt);
        const res = await call(
          p.api.POST('/api/files/release', {
            params: { query: { project_id: p.projectId } },
            body: { agent, ids: opts.id, files: globs.length > 0 ? globs : undefined },
          }),
          p.url,
        );
        const released = res.data.map((r) => ({ id: r.id, files: r.files }));
        return {
          value: { released },
          human: () =>
            released.length
              ? released.map((r) => `released ${r.id}: ${r.files.join(', ')}`).join('\n')
              : 'nothing to release',
        };
      }),
    );
  files
    .command('list')
    .description('Files held now: live claims of in-progress tasks and ad-hoc reservations, with holders and ends')
    .action(
      act(ctx, async () => {
        const p = projectContext(ctx.rt);
        const res = await call(
          p.api.GET('/api/files/reservations', { params: { query: { project_id: p.projectId } } }),
          p.url,
        );
        return { value: res.data, human: () => holdsTable(res.data) };
      }),
    );
}
