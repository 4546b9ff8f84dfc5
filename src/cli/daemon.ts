/** Starting, finding and stopping the background server of a data dir (`cpk server start|stop`). */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { dataDirLocked } from '../shared/data-dir-lock.js';
import { SERVER_NODE_ARGS } from '../shared/defaults.js';
import { serverFiles, type ServerInfo } from '../shared/data-dir.js';
import { client, type Runtime } from './context.js';
import { CliError, EXIT } from './output.js';
import { SERVER_ENTRY, type ServerStart } from './server-entry.js';
import { liveServerInfo, processAlive } from './server-info.js';

export type DaemonStart =
  | { status: 'started'; info: ServerInfo; log: string }
  | { status: 'already_running'; info: ServerInfo };

export type DaemonStop = { status: 'not_running' } | { status: 'stopped' | 'killed'; pid: number };

const START_TIMEOUT_MS = 15_000;
const STOP_TIMEOUT_MS = 10_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Start the server of `options.dataDir` as a detached process logging to server.log, and wait until
 * it answers /health. A server already running there (or one a concurrent start won) is reported.
 */
export async function startDaemon(rt: Runtime, options: ServerStart): Promise<DaemonStart> {
  const dir = options.dataDir;
  const running = liveServerInfo(dir);
  if (running) return { status: 'already_running', info: running };

  const files = serverFiles(dir);
  mkdirSync(dir, { recursive: true });
  const logStart = existsSync(files.log) ? statSync(files.log).size : 0;
  const logFd = openSync(files.log, 'a');
  const args = [SERVER_ENTRY, '--port', String(options.port), '--host', options.host, '--data-dir', dir];
  const child = spawn(process.execPath, [...SERVER_NODE_ARGS, ...args], {
    detached: true,
    stdio: ['ignore', logFd, logFd],
    // Secrets through the environment, not the command line (which any user can read in `ps`).
    env: {
      ...rt.env,
      ...(options.token ? { CPK_TOKEN: options.token } : {}),
      ...(options.database ? { CPK_DATABASE_URL: options.database } : {}),
    },
  });
  closeSync(logFd);
  let exited: number | null = null;
  child.once('exit', (code) => {
    exited = code ?? 1;
  });
  child.unref();

  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (exited !== null) {
      // Another `cpk server start` won the race for this data dir: report its server once it answers.
      if (dataDirLocked(dir)) {
        const other = await answeringServer(rt, dir, deadline);
        if (other) return { status: 'already_running', info: other };
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
    const info = liveServerInfo(dir);
    if (info && info.pid === child.pid && (await answersHealth(rt, info))) {
      return { status: 'started', info, log: files.log };
    }
    await sleep(50);
  }
  throw new CliError(EXIT.failed, 'start_failed', `Server did not answer within 15 s; see ${files.log}`);
}

/** SIGTERM the data dir's server and wait until its process is gone; SIGKILL it past the deadline. */
export async function stopDaemon(dir: string): Promise<DaemonStop> {
  const pid = readPid(dir) ?? liveServerInfo(dir)?.pid;
  if (!pid) return { status: 'not_running' };
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + STOP_TIMEOUT_MS;
  while (processAlive(pid) && Date.now() < deadline) await sleep(25);
  if (processAlive(pid)) {
    process.kill(pid, 'SIGKILL');
    while (processAlive(pid)) await sleep(25);
    return { status: 'killed', pid };
  }
  return { status: 'stopped', pid };
}

function readPid(dir: string): number | undefined {
  try {
    const pid = Number(readFileSync(serverFiles(dir).pid, 'utf8').trim());
    return processAlive(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}

async function answersHealth(rt: Runtime, info: ServerInfo): Promise<boolean> {
  const health = await client(rt, info.url)
    .GET('/health')
    .catch(() => undefined);
  return health?.data?.status === 'ok';
}

/** The data dir's server once its server.json names a live process that answers /health; undefined past the deadline. */
async function answeringServer(rt: Runtime, dir: string, deadline: number): Promise<ServerInfo | undefined> {
  while (Date.now() < deadline) {
    const info = liveServerInfo(dir);
    if (info && (await answersHealth(rt, info))) return info;
    await sleep(50);
  }
  return undefined;
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
