import type { Command } from 'commander';
import { once } from 'node:events';
import { createWriteStream, renameSync, rmSync, type WriteStream } from 'node:fs';
import { resolve } from 'node:path';
import { serverOf, streamCall, streamingClient } from '../archive-client.js';
import { act, type CommandContext } from '../command.js';
import { CliError, EXIT } from '../output.js';

const HELP = `
The archive is JSON Lines (format codepakt-archive, version 1, described in docs/archive-format.md):
a header with the project and its settings, then every agent, task, doc and event, then a trailer
with the counts. \`cpk import FILE\` recreates the project on any server. With --out, the file appears
only once the whole archive has arrived; a transfer cut short leaves nothing and exits 1.`;

interface TrailerCounts {
  agents: number;
  tasks: number;
  docs: number;
  events: number;
}

export function registerExportCommand(program: Command, ctx: CommandContext): void {
  program
    .command('export')
    .description('Write the whole project (settings, agents, tasks, docs, the event log) as a JSON Lines archive')
    .option('-o, --out <file>', 'write the archive to this file (default: standard output)')
    .option('--project <id>', "export this project of the server (default: this folder's)")
    .addHelpText('after', HELP)
    .action(
      act(ctx, async (opts: { out?: string; project?: string }) => {
        const { url, config } = serverOf(ctx.rt, opts.project === undefined);
        const projectId = opts.project ?? config?.project_id ?? '';
        const api = streamingClient(ctx.rt, url);
        const body = await streamCall(
          api.GET('/api/projects/{id}/export', { params: { path: { id: projectId } }, parseAs: 'stream' }),
          url,
        );
        const sink = opts.out === undefined ? stdoutSink() : fileSink(resolve(ctx.rt.cwd, opts.out));
        const tail = new Tail();
        try {
          const reader = (body as unknown as ReadableStream<Uint8Array>).getReader();
          for (;;) {
            const { done, value } = await reader.read().catch((err: unknown) => {
              throw new CliError(
                EXIT.failed,
                'export_interrupted',
                `The archive stopped arriving after ${tail.bytes} bytes (${(err as Error).message}); nothing usable was written`,
              );
            });
            if (done) break;
            tail.push(value);
            await sink.write(value);
          }
          const counts = tail.trailerCounts();
          await sink.finish();
          if (opts.out === undefined) return undefined;
          return { value: { file: sink.file, project_id: projectId, bytes: tail.bytes, ...counts } };
        } catch (err) {
          sink.abort();
          throw err;
        }
      }),
    );
}

interface Sink {
  file?: string;
  write(chunk: Uint8Array): Promise<void>;
  finish(): Promise<void>;
  abort(): void;
}

function stdoutSink(): Sink {
  return {
    async write(chunk) {
      if (!process.stdout.write(chunk)) await once(process.stdout, 'drain');
    },
    async finish() {},
    abort() {},
  };
}

/** Written beside the file under another name, renamed over it once whole. */
function fileSink(file: string): Sink {
  const partial = `${file}.partial-${process.pid}`;
  let out: WriteStream | undefined;
  const opened = () => (out ??= createWriteStream(partial, { flags: 'w', mode: 0o600 }));
  return {
    file,
    async write(chunk) {
      const s = opened();
      if (!s.write(chunk)) await once(s, 'drain');
    },
    async finish() {
      const s = opened();
      await new Promise<void>((done, fail) => {
        s.once('error', fail);
        s.end(() => done());
      });
      renameSync(partial, file);
    },
    abort() {
      out?.destroy();
      rmSync(partial, { force: true });
    },
  };
}

/** The last bytes of the stream: its last line must be the trailer, or the archive was cut short. */
class Tail {
  bytes = 0;
  private last = Buffer.alloc(0);

  push(chunk: Uint8Array): void {
    this.bytes += chunk.length;
    const joined = Buffer.concat([this.last, chunk]);
    this.last = joined.length > 65_536 ? joined.subarray(joined.length - 65_536) : joined;
  }

  trailerCounts(): TrailerCounts {
    const text = this.last.toString('utf8');
    const line = text.endsWith('\n') ? text.slice(text.lastIndexOf('\n', text.length - 2) + 1, -1) : '';
    let parsed: { kind?: unknown; counts?: TrailerCounts } | undefined;
    try {
      parsed = JSON.parse(line) as typeof parsed;
    } catch {
      parsed = undefined;
    }
    if (parsed?.kind !== 'trailer' || !parsed.counts)
      throw new CliError(
        EXIT.failed,
        'export_interrupted',
        `The archive ended after ${this.bytes} bytes without its trailer line: it was cut short; nothing usable was written`,
      );
    return parsed.counts;
  }
}
