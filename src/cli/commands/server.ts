import type { Command } from 'commander';
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, statSync, watch } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { act, intOption, type CommandContext } from '../command.js';
import { call, client } from '../context.js';
import { CliError, EXIT } from '../output.js';
import { dataDir, DEFAULT_HOST, serverFiles, type ServerInfo } from '../../server/data-dir.js';
import { dataDirLocked } from '../../server/data-dir-lock.js';
import { resolve } from 'node:path';

const SERVER_ENTRY = fileURLToPath(new URL('./server.js', import.meta.url));

interface StartOptions {
  port?: string;
  host?: string;
  token?: string;
  foreground?: boolean;
  data?: string;
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readInfo(dir: string): ServerInfo | undefined {
  try {
    const info = JSON.parse(readFileSync(serverFiles(dir).info, 'utf8')) as ServerInfo;
    return processAlive(info.pid) ? info : undefined;
  } catch {
    return undefined;
  }
}

function readPid(dir: string): number | undefined {
  try {
    const pid = Number(readFileSync(serverFiles(dir).pid, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 && processAlive(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function lastLines(file: string, n: number): string {
  if (!existsSync(file)) return '';
  const lines = readFileSync(file, 'utf8').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.slice(-n).join('\n');
}

/** Why a server died while starting, from what it logged this time: its error line if it threw, else its last lines. */
function startupFailure(file: string, from: number): string {
  let text = '';
  try {
    const fd = openSync(file, 'r');
    const size = statSync(file).size;
    const buf = Buffer.alloc(Math.max(0, size - from));
    readSync(fd, buf, 0, buf.length, from);
    closeSync(fd);
    text = buf.toString('utf8');
  } catch {
    return 'no output';
  }
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return lines.find((l) => /^[A-Za-z]*Error\b/.test(l)) ?? (lines.slice(-3).join(' | ') || 'no output');
}

/** The data dir's server once its server.json names a live process that answers /health; undefined past the deadline. */
async function answeringServer(
  rt: CommandContext['rt'],
  dir: string,
  deadline: number,
): Promise<ServerInfo | undefined> {
  while (Date.now() < deadline) {
    const info = readInfo(dir);
    if (info) {
      const health = await client(rt, info.url)
        .GET('/health')
        .catch(() => undefined);
      if (health?.data?.status === 'ok') return info;
    }
    await sleep(50);
  }
  return undefined;
}

export function registerServerCommands(program: Command, ctx: CommandContext): void {
  const server = program.command('server').description('Start, stop and inspect the local codepakt server');

  server
    .command('start')
    .description('Start the server in the background (pid and log in the data dir) and wait until it answers')
    .option('-p, --port <port>', 'port to listen on (default CPK_PORT or 41920; 0 picks a free one)')
    .option('-d, --data <dir>', 'data dir for this server (default CPK_DATA_DIR or ~/.codepakt)')
    .option('--host <host>', `address to bind (default ${DEFAULT_HOST}; anything else requires a token)`)
    .option('--token <token>', 'bearer token required on /api (default CPK_TOKEN)')
    .option('--foreground', 'run in this process until SIGTERM/SIGINT (for service managers)')
    .action(
      act(ctx, async (opts: StartOptions) => {
        const { rt } = ctx;
        const dir = opts.data ? resolve(rt.cwd, opts.data) : dataDir(rt.env);
        // An empty environment variable counts as unset (`CPK_HOST= cpk server start`).
        const port = intOption('--port', opts.port ?? (rt.env.CPK_PORT || '41920'), 0, 65535) ?? 41920;
        const host = opts.host ?? (rt.env.CPK_HOST || DEFAULT_HOST);
        const token = opts.token ?? (rt.env.CPK_TOKEN || undefined);
        const options = { port, host, token, dataDir: dir };

        if (opts.foreground) {
          // The server bundle is CommonJS, like this one (dist/package.json); require, not import(),
          // because the CLI bundle runs from V8's code cache (src/cli/bin.ts), which keeps no import() hook.
          const mod = createRequire(import.meta.url)(SERVER_ENTRY) as {
            runServer: (o: typeof options) => Promise<number>;
          };
          try {
            // The server logs its own lifecycle; nothing more to print when it stops.
            ctx.exitCode = (await mod.runServer(options)) === 0 ? EXIT.ok : EXIT.failed;
            return undefined;
          } catch (err) {
            throw new CliError(EXIT.failed, 'start_failed', (err as Error).message);
          }
        }

        const alreadyRunning = (running: ServerInfo) => ({
          value: { status: 'already_running', pid: running.pid, url: running.url, dashboard: `${running.url}/` },
        });
        const running = readInfo(dir);
        if (running) return alreadyRunning(running);

        const files = serverFiles(dir);
        mkdirSync(dir, { recursive: true });
        const logStart = existsSync(files.log) ? statSync(files.log).size : 0;
        const logFd = openSync(files.log, 'a');
        const args = [SERVER_ENTRY, '--port', String(port), '--host', host, '--data-dir', dir];
        const child = spawn(process.execPath, args, {
          detached: true,
          stdio: ['ignore', logFd, logFd],
          env: { ...rt.env, ...(token ? { CPK_TOKEN: token } : {}) },
        });
        closeSync(logFd);
        let exited: number | null = null;
        child.once('exit', (code) => (exited = code ?? 1));
        child.unref();

        const deadline = Date.now() + 15_000;
        while (Date.now() < deadline) {
          if (exited !== null) {
            // Another `cpk server start` won the race for this data dir: report its server once it answers.
            if (dataDirLocked(dir)) {
              const other = await answeringServer(rt, dir, deadline);
              if (other) return alreadyRunning(other);
              throw new CliError(
                EXIT.failed,
                'start_failed',
                `Another server holds the data dir ${dir} but did not answer within 15 s; see ${files.log}`,
              );
            }
            throw new CliError(
              EXIT.failed,
              'start_failed',
              `Server exited with code ${exited}: ${startupFailure(files.log, logStart)}`,
            );
          }
          const info = readInfo(dir);
          if (info && info.pid === child.pid) {
            const api = client(rt, info.url);
            const health = await api.GET('/health').catch(() => undefined);
            if (health?.data?.status === 'ok') {
              return {
                value: {
                  status: 'started',
                  pid: info.pid,
                  url: info.url,
                  dashboard: `${info.url}/`,
                  reference: `${info.url}/reference`,
                  log: files.log,
                },
                human: () =>
                  `codepakt server running (pid ${info.pid})\nDashboard: ${info.url}/\nAPI reference: ${info.url}/reference\nLog: ${files.log}`,
              };
            }
          }
          await sleep(50);
        }
        throw new CliError(EXIT.failed, 'start_failed', `Server did not answer within 15 s; see ${files.log}`);
      }),
    );

  server
    .command('stop')
    .description('Stop the background server and wait until its process is gone')
    .action(
      act(ctx, async () => {
        const dir = dataDir(ctx.rt.env);
        const pid = readPid(dir) ?? readInfo(dir)?.pid;
        if (!pid) return { value: { status: 'not_running' } };
        process.kill(pid, 'SIGTERM');
        const deadline = Date.now() + 10_000;
        while (processAlive(pid) && Date.now() < deadline) await sleep(25);
        if (processAlive(pid)) {
          process.kill(pid, 'SIGKILL');
          while (processAlive(pid)) await sleep(25);
          return { value: { status: 'killed', pid } };
        }
        return { value: { status: 'stopped', pid } };
      }),
    );

  server
    .command('status')
    .description('Whether the server runs, where, and its version and uptime (exit 3 when it does not)')
    .action(
      act(ctx, async () => {
        const dir = dataDir(ctx.rt.env);
        const info = readInfo(dir);
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
        await follow(file, (chunk) => ctx.rt.io.out(chunk));
        return undefined;
      }),
    );
}

/** Print what is appended to `file` until SIGINT/SIGTERM. */
function follow(file: string, write: (text: string) => void): Promise<void> {
  return new Promise((resolve) => {
    let offset = statSync(file).size;
    const pump = () => {
      const size = statSync(file).size;
      if (size < offset) offset = 0;
      if (size === offset) return;
      const fd = openSync(file, 'r');
      const buf = Buffer.alloc(size - offset);
      readSync(fd, buf, 0, buf.length, offset);
      closeSync(fd);
      offset = size;
      write(buf.toString('utf8'));
    };
    const watcher = watch(file, pump);
    const timer = setInterval(pump, 500);
    const stop = () => {
      watcher.close();
      clearInterval(timer);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
