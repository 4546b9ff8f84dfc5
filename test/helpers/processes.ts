import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SERVER_NODE_ARGS } from '../../src/shared/defaults.js';
import { tempDir } from './temp.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CLI = join(ROOT, 'dist/cli.js');
export const SERVER = join(ROOT, 'dist/server.js');

export interface RunningServer {
  url: string;
  port: number;
  pid: number;
  dataDir: string;
  child: ChildProcess;
  /** SIGTERM and wait for exit; resolves with the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL and wait. */
  kill(): Promise<void>;
  log(): string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A TCP port that was free a moment ago (for restarting a server on the same port). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Start the built server with its own data dir; resolves once /health answers. On a free port unless
 * `port` is given (restart tests reuse one port and one data dir).
 */
export async function startServer(
  options: {
    dataDir?: string;
    args?: string[];
    env?: NodeJS.ProcessEnv;
    port?: number;
    /** How long it may take to answer (default 15 s; many servers starting at once take longer). */
    timeoutMs?: number;
  } = {},
): Promise<RunningServer> {
  const dataDir = options.dataDir ?? tempDir('cpk-server-');
  let output = '';
  const child = spawn(
    process.execPath,
    [
      ...SERVER_NODE_ARGS,
      SERVER,
      '--port',
      String(options.port ?? 0),
      '--data-dir',
      dataDir,
      ...(await backendArgs(dataDir, options)),
      ...(options.args ?? []),
    ],
    {
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  let asked = false;
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code, signal) => {
      // A server that dies by itself fails its test with "cannot reach the server": say why here.
      if (!asked && started && code !== 0)
        console.error(`server ${child.pid} exited by itself (${signal ?? code}):\n${output}`);
      resolve(code);
    }),
  );
  let started = false;
  const infoFile = join(dataDir, 'server.json');
  const deadline = Date.now() + (options.timeoutMs ?? 15_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early (${child.exitCode}): ${output}`);
    if (existsSync(infoFile)) {
      const info = JSON.parse(readFileSync(infoFile, 'utf8')) as { pid: number; port: number; url: string };
      if (info.pid === child.pid) {
        started = true;
        return {
          url: info.url,
          port: info.port,
          pid: info.pid,
          dataDir,
          child,
          stop: async () => {
            asked = true;
            if (child.exitCode === null) child.kill('SIGTERM');
            return exited;
          },
          kill: async () => {
            asked = true;
            if (child.exitCode === null) child.kill('SIGKILL');
            await exited;
          },
          log: () => output,
        };
      }
    }
    if (Date.now() > deadline) throw new Error(`server did not start: ${output}`);
    await sleep(20);
  }
}

/**
 * `--database` to this data dir's database when the suites run over PostgreSQL (CPK_TEST_BACKEND, see
 * backend.ts), unless the test names a database itself.
 */
async function backendArgs(dataDir: string, options: { args?: string[]; env?: NodeJS.ProcessEnv }): Promise<string[]> {
  if (process.env.CPK_TEST_BACKEND !== 'postgres') return [];
  if (options.args?.includes('--database') || options.env?.CPK_DATABASE_URL) return [];
  const { databaseFor } = await import('./backend.js');
  return ['--database', await databaseFor(dataDir)];
}

export interface CpkResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as the one JSON line it must be. */
  json<T = Record<string, unknown>>(): T;
  /** stderr parsed as the one-line JSON error. */
  error(): { error: string; message: string; details?: unknown };
}

/** Run the built `cpk` as a real process. */
export function cpk(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {},
): Promise<CpkResult> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [CLI, ...args],
      { cwd: options.cwd ?? ROOT, env: { ...process.env, CPK_AGENT: '', ...options.env }, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({
          code,
          stdout,
          stderr,
          json: <T>() => {
            const lines = stdout.trim().split('\n');
            if (lines.length !== 1)
              throw new Error(`expected one JSON line, got ${lines.length}: ${stdout}\nstderr: ${stderr}`);
            return JSON.parse(lines[0] ?? '') as T;
          },
          error: () => {
            const lines = stderr
              .trim()
              .split('\n')
              .filter((l) => !l.startsWith('warning'));
            return JSON.parse(lines[lines.length - 1] ?? '{}') as { error: string; message: string };
          },
        });
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}

/** A project folder initialised against a running server; returns env and cwd for further `cpk` calls. */
export async function initProject(
  server: RunningServer,
  name = 'demo',
): Promise<{ cwd: string; env: NodeJS.ProcessEnv; projectId: string }> {
  const cwd = tempDir('cpk-proj-');
  const env = { CPK_URL: server.url, CPK_DATA_DIR: server.dataDir };
  const res = await cpk(['init', '--name', name], { cwd, env });
  if (res.code !== 0) throw new Error(`cpk init failed: ${res.stderr}`);
  return { cwd, env, projectId: res.json<{ project_id: string }>().project_id };
}
