import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, cpk, SERVER, startServer } from '../helpers/processes.js';
import { removeTempDirs, tempDir } from '../helpers/temp.js';

/** Processes this file started, so a failing assertion never leaves a server behind. */
const started = new Set<number>();
afterAll(() => {
  for (const pid of started) if (alive(pid)) process.kill(pid, 'SIGKILL');
  removeTempDirs();
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A data dir and the env that points `cpk server …` at it (and at no token from the machine). */
function isolated() {
  const dataDir = tempDir('cpk-daemon-');
  return { dataDir, env: { CPK_DATA_DIR: dataDir, CPK_TOKEN: '', CPK_PORT: '', CPK_HOST: '', CPK_URL: '' } };
}

describe('cpk server as a daemon', () => {
  it('start → status (real port) → /health → logs → stop leaves no process and no pid/info files', async () => {
    const { dataDir, env } = isolated();
    const start = await cpk(['server', 'start', '--port', '0'], { env });
    expect(start.code, start.stderr).toBe(0);
    const started_ = start.json<{
      status: string;
      pid: number;
      url: string;
      dashboard: string;
      reference: string;
      log: string;
    }>();
    started.add(started_.pid);
    expect(started_.status).toBe('started');
    expect(started_.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(started_.dashboard).toBe(`${started_.url}/`);
    expect(started_.reference).toBe(`${started_.url}/reference`);
    expect(started_.log).toBe(join(dataDir, 'server.log'));
    expect(alive(started_.pid)).toBe(true);
    // The command returned while its server lives on: it is detached, not a child being waited for.
    expect(readFileSync(join(dataDir, 'server.pid'), 'utf8').trim()).toBe(String(started_.pid));

    const status = await cpk(['server', 'status'], { env });
    expect(status.code).toBe(0);
    const s = status.json<{
      status: string;
      pid: number;
      port: number;
      url: string;
      version: string;
      uptime_seconds: number;
    }>();
    expect(s.status).toBe('running');
    expect(s.pid).toBe(started_.pid);
    expect(s.port).toBeGreaterThan(0);
    expect(s.port).not.toBe(41920);
    expect(s.url).toBe(`http://127.0.0.1:${s.port}`);
    expect(s.url).toBe(started_.url);

    const health = await fetch(`${s.url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', version: s.version });

    const human = await cpk(['server', 'status', '--human'], { env });
    expect(human.code).toBe(0);
    expect(human.stdout).toContain(String(s.port));

    const again = await cpk(['server', 'start', '--port', '0'], { env });
    expect(again.code).toBe(0);
    expect(again.json()).toMatchObject({ status: 'already_running', pid: started_.pid });

    const logs = await cpk(['server', 'logs', '-n', '5'], { env });
    expect(logs.code).toBe(0);
    const lines = logs.stdout.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(1);
    expect(lines.length).toBeLessThanOrEqual(5);
    expect(logs.stdout).toContain(`listening on ${s.url}`);
    const one = await cpk(['server', 'logs', '-n', '1'], { env });
    expect(one.stdout.trimEnd().split('\n')).toHaveLength(1);
    const badN = await cpk(['server', 'logs', '-n', 'many'], { env });
    expect(badN.code).toBe(2);
    expect(badN.error().message).toContain('--lines');

    const stop = await cpk(['server', 'stop'], { env });
    expect(stop.code).toBe(0);
    expect(stop.json()).toEqual({ status: 'stopped', pid: started_.pid });
    expect(alive(started_.pid)).toBe(false);
    expect(existsSync(join(dataDir, 'server.pid'))).toBe(false);
    expect(existsSync(join(dataDir, 'server.json'))).toBe(false);
    await expect(fetch(`${s.url}/health`)).rejects.toThrow();
    // The server logged its own clean shutdown.
    expect(readFileSync(join(dataDir, 'server.log'), 'utf8')).toMatch(/SIGTERM received[\s\S]*stopped/);

    const after = await cpk(['server', 'status'], { env });
    expect(after.code).toBe(3);
    expect(after.json()).toEqual({ status: 'stopped' });
    const stopAgain = await cpk(['server', 'stop'], { env });
    expect(stopAgain.code).toBe(0);
    expect(stopAgain.json()).toEqual({ status: 'not_running' });
  });

  it('a stale pid file from a dead server does not count as running', async () => {
    const { dataDir, env } = isolated();
    const first = await cpk(['server', 'start', '--port', '0'], { env });
    const pid = first.json<{ pid: number }>().pid;
    started.add(pid);
    const pidFile = readFileSync(join(dataDir, 'server.pid'), 'utf8');
    const infoFile = readFileSync(join(dataDir, 'server.json'), 'utf8');
    process.kill(pid, 'SIGKILL');
    while (alive(pid)) await new Promise((r) => setTimeout(r, 20));
    // A crash leaves its files behind.
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dataDir, 'server.pid'), pidFile);
    writeFileSync(join(dataDir, 'server.json'), infoFile);

    const status = await cpk(['server', 'status'], { env });
    expect(status.code).toBe(3);
    const restart = await cpk(['server', 'start', '--port', '0'], { env });
    expect(restart.code, restart.stderr).toBe(0);
    const fresh = restart.json<{ status: string; pid: number }>();
    started.add(fresh.pid);
    expect(fresh.status).toBe('started');
    expect(fresh.pid).not.toBe(pid);
    expect((await cpk(['server', 'stop'], { env })).code).toBe(0);
    expect(alive(fresh.pid)).toBe(false);
  });

  it('`server logs` without a log is a clear failure', async () => {
    const { env } = isolated();
    const res = await cpk(['server', 'logs'], { env });
    expect(res.code).toBe(1);
    expect(res.error()).toMatchObject({ error: 'no_log' });
  });

  it('refuses --host 0.0.0.0 without a token, with a clear message and no process left', async () => {
    const { dataDir, env } = isolated();
    const res = await cpk(['server', 'start', '--host', '0.0.0.0', '--port', '0'], { env });
    expect(res.code).not.toBe(0);
    const err = res.error();
    expect(err.error).toBe('start_failed');
    expect(err.message).toMatch(/token/i);
    expect(err.message).toContain('0.0.0.0');
    expect(existsSync(join(dataDir, 'server.pid'))).toBe(false);

    const fg = await cpk(['server', 'start', '--foreground', '--host', '0.0.0.0', '--port', '0'], { env });
    expect(fg.code).not.toBe(0);
    expect(fg.error().message).toMatch(/CPK_TOKEN/);
  });

  it('with a token, a non-loopback bind starts and /api requires the bearer', async () => {
    const { env } = isolated();
    const res = await cpk(['server', 'start', '--host', '0.0.0.0', '--port', '0', '--token', 'tkn'], { env });
    expect(res.code, res.stderr).toBe(0);
    const info = res.json<{ pid: number; url: string }>();
    started.add(info.pid);
    try {
      expect((await fetch(`${info.url}/api/projects`)).status).toBe(401);
      expect((await fetch(`${info.url}/api/projects`, { headers: { authorization: 'Bearer tkn' } })).status).toBe(200);
      expect((await fetch(`${info.url}/health`)).status).toBe(200);
    } finally {
      expect((await cpk(['server', 'stop'], { env })).code).toBe(0);
    }
    expect(alive(info.pid)).toBe(false);
  });

  it('a port already in use fails the start with exit 1 and the reason', async () => {
    const holder = await startServer();
    try {
      const { env } = isolated();
      const res = await cpk(['server', 'start', '--port', String(holder.port)], { env });
      expect(res.code).toBe(1);
      expect(res.error().message).toMatch(/port \d+ on 127\.0\.0\.1 is already in use.*--port/);
    } finally {
      await holder.stop();
    }
  });
});

describe('server process signals', () => {
  it('`cpk server start --foreground` serves until SIGTERM, then exits 0 and cleans up (what `npm start` runs)', async () => {
    const { dataDir, env } = isolated();
    const child = spawn(process.execPath, [CLI, 'server', 'start', '--foreground', '--port', '0'], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    started.add(child.pid!);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    const infoFile = join(dataDir, 'server.json');
    const deadline = Date.now() + 15_000;
    while (!existsSync(infoFile) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const info = JSON.parse(readFileSync(infoFile, 'utf8')) as { pid: number; url: string };
    expect(info.pid).toBe(child.pid); // the CLI process itself serves
    expect((await fetch(`${info.url}/health`)).status).toBe(200);
    expect(stdout).toContain(`listening on ${info.url}`);

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toBe('');
    expect(stdout.trimEnd().split('\n').pop()).toBe('stopped');
    expect(existsSync(join(dataDir, 'server.pid'))).toBe(false);
    expect(existsSync(infoFile)).toBe(false);
  });

  it('SIGTERM makes the server drain, exit 0 and remove its pid and info files', async () => {
    const server = await startServer();
    expect(existsSync(join(server.dataDir, 'server.pid'))).toBe(true);
    expect(await server.stop()).toBe(0);
    expect(alive(server.pid)).toBe(false);
    expect(existsSync(join(server.dataDir, 'server.pid'))).toBe(false);
    expect(existsSync(join(server.dataDir, 'server.json'))).toBe(false);
    expect(server.log()).toContain('SIGTERM received');
  });

  it('SIGINT works the same way', async () => {
    const server = await startServer();
    server.child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => server.child.once('exit', (c) => resolve(c)));
    expect(code).toBe(0);
    expect(existsSync(join(server.dataDir, 'server.pid'))).toBe(false);
  });

  it('the server entry refuses a non-loopback host without a token (non-zero exit, message)', async () => {
    const dataDir = tempDir('cpk-server-');
    const child = spawn(process.execPath, [SERVER, '--host', '0.0.0.0', '--port', '0', '--data-dir', dataDir], {
      env: { ...process.env, CPK_TOKEN: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    expect(code).not.toBe(0);
    expect(output).toMatch(/Refusing to listen on 0\.0\.0\.0 without a token/);
    expect(existsSync(join(dataDir, 'server.pid'))).toBe(false);
  });

  it('the server entry rejects an unknown flag and a bad port', async () => {
    for (const args of [['--bogus'], ['--port', 'http']]) {
      const child = spawn(process.execPath, [SERVER, ...args, '--data-dir', tempDir('cpk-server-')], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stderr.on('data', (d: Buffer) => (output += d.toString()));
      const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
      expect(code, args.join(' ')).not.toBe(0);
      expect(output.length, args.join(' ')).toBeGreaterThan(0);
    }
  });
});
