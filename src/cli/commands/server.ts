import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { dataDir, serverFiles } from '../../shared/data-dir.js';
import { DEFAULT_HOST, DEFAULT_PORT } from '../../shared/defaults.js';
import { act, intOption, type CommandContext } from '../command.js';
import { call, client } from '../context.js';
import { startDaemon, stopDaemon } from '../daemon.js';
import { CliError, EXIT } from '../output.js';
import { loadServer } from '../server-entry.js';
import { liveServerInfo } from '../server-info.js';
import { followLog, lastLines } from '../server-log.js';
import { registerServerTokenCommands } from './server-token.js';

interface StartOptions {
  port?: string;
  host?: string;
  token?: string;
  foreground?: boolean;
  data?: string;
  database?: string;
}

export function registerServerCommands(program: Command, ctx: CommandContext): void {
  const server = program
    .command('server')
    .description('Start, stop and inspect the local codepakt server; manage its tokens');

  server
    .command('start')
    .description('Start the server in the background (pid and log in the data dir) and wait until it answers')
    .option('-p, --port <port>', `port to listen on (default CPK_PORT or ${DEFAULT_PORT}; 0 picks a free one)`)
    .option('-d, --data <dir>', 'data dir for this server (default CPK_DATA_DIR or ~/.codepakt)')
    .option('--host <host>', `address to bind (default ${DEFAULT_HOST}; anything else requires a token)`)
    .option('--token <token>', 'bearer token required on /api (default CPK_TOKEN)')
    .option(
      '--database <url>',
      'keep every project in this PostgreSQL database, which several servers may share (default CPK_DATABASE_URL; else SQLite)',
    )
    .option('--foreground', 'run in this process until SIGTERM/SIGINT (for service managers)')
    .action(
      act(ctx, async (opts: StartOptions) => {
        const { rt } = ctx;
        // An empty environment variable counts as unset (`CPK_HOST= cpk server start`).
        const options = {
          port: intOption('--port', opts.port ?? (rt.env.CPK_PORT || String(DEFAULT_PORT)), 0, 65535) ?? DEFAULT_PORT,
          host: opts.host ?? (rt.env.CPK_HOST || DEFAULT_HOST),
          token: opts.token ?? (rt.env.CPK_TOKEN || undefined),
          dataDir: opts.data ? resolve(rt.cwd, opts.data) : dataDir(rt.env),
          database: opts.database ?? (rt.env.CPK_DATABASE_URL || undefined),
        };

        if (opts.foreground) {
          try {
            // The server logs its own lifecycle; nothing more to print when it stops.
            ctx.exitCode = (await loadServer().runServer(options)) === 0 ? EXIT.ok : EXIT.failed;
            return undefined;
          } catch (err) {
            throw new CliError(EXIT.failed, 'start_failed', (err as Error).message);
          }
        }

        const started = await startDaemon(rt, options);
        const { info } = started;
        if (started.status === 'already_running')
          return { value: { status: 'already_running', pid: info.pid, url: info.url, dashboard: `${info.url}/` } };
        return {
          value: {
            status: 'started',
            pid: info.pid,
            url: info.url,
            dashboard: `${info.url}/`,
            reference: `${info.url}/reference`,
            log: started.log,
          },
          human: () =>
            `codepakt server running (pid ${info.pid})\nDashboard: ${info.url}/\nAPI reference: ${info.url}/reference\nLog: ${started.log}`,
        };
      }),
    );

  server
    .command('stop')
    .description('Stop the background server and wait until its process is gone')
    .action(act(ctx, async () => ({ value: await stopDaemon(dataDir(ctx.rt.env)) })));

  server
    .command('status')
    .description('Whether the server runs, where, and its version and uptime (exit 3 when it does not)')
    .action(
      act(ctx, async () => {
        const info = liveServerInfo(dataDir(ctx.rt.env));
        if (!info) return { value: { status: 'stopped' }, exit: EXIT.unreachable };
        const health = await call(client(ctx.rt, info.url).GET('/health'), info.url);
        return {
          value: {
            status: 'running',
            pid: info.pid,
            url: info.url,
            port: info.port,
            host: info.host,
            version: health.version,
            uptime_seconds: health.uptime_seconds,
            dashboard: `${info.url}/`,
          },
        };
      }),
    );

  server
    .command('logs')
    .description('Print the end of the server log; -f keeps following it')
    .option('-n, --lines <n>', 'number of lines', '50')
    .option('-f, --follow', 'keep printing new lines until interrupted')
    .action(
      act(ctx, async (opts: { lines: string; follow?: boolean }) => {
        const file = serverFiles(dataDir(ctx.rt.env)).log;
        const n = intOption('--lines', opts.lines, 0, 1_000_000) ?? 50;
        if (!existsSync(file)) throw new CliError(EXIT.failed, 'no_log', `No server log at ${file}`);
        const text = lastLines(file, n);
        if (text) ctx.rt.io.out(`${text}\n`);
        if (!opts.follow) return undefined;
        await followLog(file, (chunk) => ctx.rt.io.out(chunk));
        return undefined;
      }),
    );

  registerServerTokenCommands(server, ctx);
}
