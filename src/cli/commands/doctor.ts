import type { Command } from 'commander';
import { act, type CommandContext } from '../command.js';
import { call, projectContext, silenceMs } from '../context.js';
import { EXIT } from '../output.js';

/** A full check of a large database reads every page and index: give it minutes, not the usual 30 s. */
const CHECK_SILENCE_MS = 10 * 60 * 1000;

export function registerDoctorCommand(program: Command, ctx: CommandContext): void {
  program
    .command('doctor')
    .description("Check the project's database for damage (a full integrity check); exits 1 when damage is found")
    .action(
      act(ctx, async () => {
        const p = projectContext(ctx.rt, Math.max(silenceMs(ctx.rt), CHECK_SILENCE_MS));
        const res = await call(
          p.api.POST('/api/projects/{id}/check', { params: { path: { id: p.projectId } } }),
          p.url,
        );
        const r = res.data;
        return {
          value: r,
          exit: r.ok ? EXIT.ok : EXIT.failed,
          human: () =>
            r.ok
              ? `${r.file}: no damage found (${r.kind}, ${r.duration_ms} ms)`
              : `${r.file}: ${r.inconclusive ? 'could not be checked' : 'DAMAGED'}\n${r.problems.map((line) => `  ${line}`).join('\n')}`,
        };
      }),
    );
}
