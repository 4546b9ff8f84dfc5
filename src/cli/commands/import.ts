import type { Command } from 'commander';
import { createReadStream, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { Readable } from 'node:stream';
import { serverOf, streamCall, streamingClient } from '../archive-client.js';
import { act, type CommandContext } from '../command.js';
import { CliError, EXIT } from '../output.js';

const HELP = `
The project keeps its id (agents configured for it find it on the new server), its task and doc numbers,
every field and timestamp and the whole event log; numbering continues where it was. An id the server
has already is refused (exit 1, "conflict"): --new-id imports a copy under a new id. A damaged or foreign
archive is refused naming its line and field, and nothing is left on the server.
Afterwards: \`cpk init --join <id>\` in any folder (hosted), or \`cpk init\` in the folder (--into-folder).
FILE - reads the archive from standard input.`;

interface ImportOptions {
  hosted?: boolean;
  intoFolder?: string;
  newId?: boolean;
}

export function registerImportCommand(program: Command, ctx: CommandContext): void {
  program
    .command('import <file>')
    .description('Recreate a project from an archive written by `cpk export`, on this server')
    .option('--hosted', 'make it a hosted project, its data kept by the server (the default)')
    .option(
      '--into-folder <path>',
      'make it a folder project in this folder of the server machine (holding no project)',
    )
    .option('--new-id', "give it a new id (a copy beside the original) instead of the archive's")
    .addHelpText('after', HELP)
    .action(
      act(ctx, async (file: string, opts: ImportOptions) => {
        if (opts.hosted && opts.intoFolder !== undefined)
          throw new CliError(EXIT.usage, 'usage', '--hosted and --into-folder name two places: pass one');
        const { url } = serverOf(ctx.rt, false);
        const api = streamingClient(ctx.rt, url);
        const into = opts.intoFolder === undefined ? undefined : resolve(ctx.rt.cwd, opts.intoFolder);
        const body = Readable.toWeb(open(ctx.rt.cwd, file));
        const query = {
          ...(into === undefined ? {} : { into_folder: into }),
          ...(opts.newId ? { new_id: 'true' as const } : {}),
        };
        const data = await streamCall(
          api.POST('/api/projects/import', {
            params: { query },
            // The file's stream as it is: openapi-fetch hands the body to fetch unchanged.
            body: body as unknown as string,
            bodySerializer: (b: unknown) => b as string,
            headers: { 'Content-Type': 'application/x-ndjson' },
            // Node's fetch sends a stream body only when told the request is half duplex.
            ...({ duplex: 'half' } as object),
          }),
          url,
        );
        const project = data.data;
        const next =
          project.kind === 'hosted' ? `cpk init --join ${project.id}` : `cpk init (in ${project.path ?? 'the folder'})`;
        return {
          value: { ...project, next },
          human: () =>
            `Imported ${project.name} (${project.id}): ${project.imported.tasks} tasks, ${project.imported.docs} docs, ${project.imported.events} events, ${project.imported.agents} agents, ${project.kind === 'hosted' ? 'hosted' : `in ${project.path}`}.\nNext: ${next}`,
        };
      }),
    );
}

function open(cwd: string, file: string): Readable {
  if (file === '-') return process.stdin;
  const path = resolve(cwd, file);
  let isFile: boolean;
  try {
    isFile = statSync(path).isFile();
  } catch (err) {
    throw new CliError(
      EXIT.failed,
      'file_unreadable',
      `${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
  if (!isFile) throw new CliError(EXIT.failed, 'file_unreadable', `${path} is not a file`);
  return createReadStream(path, { highWaterMark: 256 * 1024 });
}
