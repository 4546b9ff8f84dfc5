/** Child processes the bench measures: the built server, the Hono ceiling, and their memory. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { SERVER_NODE_ARGS } from '../../src/shared/defaults.js';

export interface Running {
  url: string;
  pid: number;
  child: ChildProcess;
  stop(): Promise<void>;
  log(): string;
}

function watch(child: ChildProcess): { log: () => string; exited: Promise<void> } {
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return { log: () => output, exited };
}

function stopper(child: ChildProcess, exited: Promise<void>): () => Promise<void> {
  return async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
}

/** The built server on a free loopback port; ready once it has written `<dataDir>/server.json`. */
export async function startBuiltServer(
  serverJs: string,
  dataDir: string,
  nodeArgs: readonly string[] = SERVER_NODE_ARGS,
  serverArgs: string[] = [],
  env: NodeJS.ProcessEnv = process.env,
): Promise<Running> {
  const child = spawn(
    process.execPath,
    [...nodeArgs, serverJs, '--port', '0', '--host', '127.0.0.1', '--data-dir', dataDir, ...serverArgs],
    {
      env: { ...env, CPK_TOKEN: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const { log, exited } = watch(child);
  const infoFile = join(dataDir, 'server.json');
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early (${child.exitCode}): ${log()}`);
    if (existsSync(infoFile)) {
      const info = JSON.parse(readFileSync(infoFile, 'utf8')) as { pid: number; url: string };
      if (info.pid === child.pid) return { url: info.url, pid: info.pid, child, stop: stopper(child, exited), log };
    }
    if (Date.now() > deadline) throw new Error(`server did not start: ${log()}`);
    await sleep(20);
  }
}

/** A script that prints `listening <port>` once bound (the Hono ceiling). */
export async function startScript(args: string[]): Promise<Running> {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const { log, exited } = watch(child);
  const deadline = Date.now() + 20_000;
  for (;;) {
    const m = /listening (\d+)/.exec(log());
    if (m) return { url: `http://127.0.0.1:${m[1]}`, pid: child.pid ?? 0, child, stop: stopper(child, exited), log };
    if (child.exitCode !== null) throw new Error(`${args.join(' ')} exited early (${child.exitCode}): ${log()}`);
    if (Date.now() > deadline) throw new Error(`${args.join(' ')} did not start: ${log()}`);
    await sleep(20);
  }
}

/** Resident set and its peak, in bytes, from /proc (Linux). */
export function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
  return { rss: kib('VmRSS'), peak: kib('VmHWM') };
}
