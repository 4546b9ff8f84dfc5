import { afterAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpk, ROOT, SERVER, startServer, type RunningServer } from '../../helpers/processes.js';
import { removeTempDirs, tempDir } from '../../helpers/temp.js';
import { runNode } from './http.js';

const servers: RunningServer[] = [];
const pids = new Set<number>();
afterAll(async () => {
  await Promise.all(servers.map((s) => s.kill()));
  for (const pid of pids) if (alive(pid)) process.kill(pid, 'SIGKILL');
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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const NO_MACHINE_ENV = { CPK_TOKEN: '', CPK_HOST: '', CPK_PORT: '', CPK_URL: '' };

async function server(dataDir?: string): Promise<RunningServer> {
  const s = await startServer({ dataDir, env: NO_MACHINE_ENV });
  servers.push(s);
  return s;
}

function serverJson(dataDir: string): { pid: number; port: number; url: string } {
  return JSON.parse(readFileSync(join(dataDir, 'server.json'), 'utf8')) as { pid: number; port: number; url: string };
}

/** Live server processes started on this data dir, whoever started them. */
function serversOn(dataDir: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let args: string[];
    try {
      args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
    } catch {
      continue;
    }
    if (args.some((a) => a.endsWith('server.js')) && args.includes(dataDir)) found.push(Number(entry));
  }
  return found;
}

async function registerProject(s: RunningServer, name: string): Promise<string> {
  const res = await fetch(`${s.url}/api/projects`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, path: tempDir('cpk-proj-') }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { data: { id: string } }).data.id;
}

async function projectIds(s: RunningServer): Promise<string[]> {
  const res = await fetch(`${s.url}/api/projects`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { data: { id: string }[] }).data.map((p) => p.id).sort();
}

describe('one data dir, one server', () => {
  it('a second server on the same data dir exits non-zero naming the running one’s pid and port; the first keeps its files and projects', async () => {
    const first = await server();
    const project = await registerProject(first, 'kept');
    const infoBefore = readFileSync(join(first.dataDir, 'server.json'), 'utf8');
    const pidBefore = readFileSync(join(first.dataDir, 'server.pid'), 'utf8');

    const second = await runNode([SERVER, '--port', '0', '--data-dir', first.dataDir], NO_MACHINE_ENV);
    expect(second.code, second.output).not.toBe(0);
    expect(second.code).not.toBeNull();
    expect(second.output).toContain(`pid ${first.pid}`);
    expect(second.output).toContain(`port ${first.port}`);
    expect(second.output).toContain(first.dataDir);
    expect(second.output).not.toMatch(/\n\s+at /);

    // The refused one never announced itself, so its exit took nothing of the first's away.
    expect(readFileSync(join(first.dataDir, 'server.json'), 'utf8')).toBe(infoBefore);
    expect(readFileSync(join(first.dataDir, 'server.pid'), 'utf8')).toBe(pidBefore);
    expect((await fetch(`${first.url}/health`)).status).toBe(200);
    expect(await projectIds(first)).toEqual([project]);
    expect(serversOn(first.dataDir)).toEqual([first.pid]);
  });

  it('stopping a refused server (SIGTERM while it is being refused) leaves the running one’s server.json alone', async () => {
    const first = await server();
    const infoBefore = readFileSync(join(first.dataDir, 'server.json'), 'utf8');
    const child: ChildProcess = spawn(process.execPath, [SERVER, '--port', '0', '--data-dir', first.dataDir], {
      env: { ...process.env, ...NO_MACHINE_ENV },
      stdio: 'ignore',
    });
    pids.add(child.pid!);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await sleep(150);
    child.kill('SIGTERM');
    await exited;
    expect(readFileSync(join(first.dataDir, 'server.json'), 'utf8')).toBe(infoBefore);
    expect(serverJson(first.dataDir).pid).toBe(first.pid);
    expect((await fetch(`${first.url}/health`)).status).toBe(200);

    // `cpk server stop` stops the running one, the one its files name.
    const env = { ...NO_MACHINE_ENV, CPK_DATA_DIR: first.dataDir };
    const stop = await cpk(['server', 'stop'], { env });
    expect(stop.code, stop.stderr).toBe(0);
    expect(stop.json()).toMatchObject({ status: 'stopped', pid: first.pid });
    expect(alive(first.pid)).toBe(false);
  });

  it('after kill -9 of the holder the lock is gone with it: a new server starts on the data dir and serves its projects', async () => {
    const first = await server();
    const project = await registerProject(first, 'survives');
    await first.kill();
    expect(first.child.signalCode).toBe('SIGKILL');
    const next = await server(first.dataDir);
    expect(next.pid).not.toBe(first.pid);
    expect(serverJson(first.dataDir).pid).toBe(next.pid);
    expect(await projectIds(next)).toEqual([project]);
    // And it, in turn, holds the data dir.
    const third = await runNode([SERVER, '--port', '0', '--data-dir', first.dataDir], NO_MACHINE_ENV);
    expect(third.code).not.toBe(0);
    expect(third.output).toContain(`pid ${next.pid}`);
  });

  it('a damaged lock file (random bytes, a stray journal) does not keep the server out, and the lock still holds', async () => {
    const dataDir = tempDir('cpk-damaged-lock-');
    writeFileSync(join(dataDir, 'server.lock'), randomBytes(5000));
    writeFileSync(join(dataDir, 'server.lock-journal'), randomBytes(300));
    const s = await server(dataDir);
    expect((await fetch(`${s.url}/health`)).status).toBe(200);
    const second = await runNode([SERVER, '--port', '0', '--data-dir', dataDir], NO_MACHINE_ENV);
    expect(second.code).not.toBe(0);
    expect(second.output).toContain(`pid ${s.pid}`);
  });

  it('a data dir whose lock cannot be created: the server exits 1 saying why', async () => {
    const dataDir = tempDir('cpk-lock-dir-');
    mkdirSync(join(dataDir, 'server.lock'));
    const res = await runNode([SERVER, '--port', '0', '--data-dir', dataDir], NO_MACHINE_ENV);
    expect(res.code).toBe(1);
    expect(res.output).toContain(`Cannot lock the data dir ${dataDir}`);
    expect(res.output).not.toMatch(/\n\s+at /);
  });

  it('a holder that has not announced itself yet: the refusal says it is still starting', async () => {
    const dataDir = tempDir('cpk-locked-');
    // Holds the lock the way a server does, and never writes server.json.
    const holder = spawn(
      process.execPath,
      [
        '-e',
        `const D = require('better-sqlite3'); const db = new D(process.argv[1]); db.pragma('locking_mode = EXCLUSIVE');
         db.exec('BEGIN EXCLUSIVE; CREATE TABLE IF NOT EXISTS holder (pid INTEGER NOT NULL, since TEXT NOT NULL); DELETE FROM holder; COMMIT');
         console.log('held'); setInterval(() => {}, 1000);`,
        join(dataDir, 'server.lock'),
      ],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    pids.add(holder.pid!);
    await new Promise<void>((resolve) => holder.stdout!.once('data', () => resolve()));
    try {
      const refused = await runNode([SERVER, '--port', '0', '--data-dir', dataDir], NO_MACHINE_ENV);
      expect(refused.code, refused.output).not.toBe(0);
      expect(refused.output).toContain('still starting');
      expect(refused.output).toContain(dataDir);

      const foreground = await cpk(['server', 'start', '--foreground', '--port', '0'], {
        env: { ...NO_MACHINE_ENV, CPK_DATA_DIR: dataDir },
      });
      expect(foreground.code).toBe(1);
      expect(foreground.error()).toMatchObject({ error: 'start_failed' });
      expect(foreground.error().message).toContain('still starting');
    } finally {
      holder.kill('SIGKILL');
    }
  });

  it('`cpk server start --foreground` on a held data dir exits 1 naming the running server', async () => {
    const first = await server();
    const res = await cpk(['server', 'start', '--foreground', '--port', '0'], {
      env: { ...NO_MACHINE_ENV, CPK_DATA_DIR: first.dataDir },
    });
    expect(res.code).toBe(1);
    const err = res.error();
    expect(err.error).toBe('start_failed');
    expect(err.message).toContain(`pid ${first.pid}`);
    expect(err.message).toContain(`port ${first.port}`);
    expect(serverJson(first.dataDir).pid).toBe(first.pid);
  });

  it('`cpk server start` run three times at the same moment: one starts, the others report it, never two servers', {
    timeout: 120_000,
  }, async () => {
    for (let round = 0; round < 2; round++) {
      const dataDir = tempDir('cpk-race-');
      const env = { ...NO_MACHINE_ENV, CPK_DATA_DIR: dataDir };
      const results = await Promise.all([0, 1, 2].map(() => cpk(['server', 'start', '--port', '0'], { env })));
      for (const r of results) {
        expect(r.code, r.stderr).toBe(0);
        pids.add(r.json<{ pid: number }>().pid);
      }
      const outcomes = results.map((r) => r.json<{ status: string; pid: number; url: string }>());
      expect(outcomes.map((o) => o.status).sort(), JSON.stringify(outcomes)).toEqual([
        'already_running',
        'already_running',
        'started',
      ]);
      const winner = outcomes.find((o) => o.status === 'started')!;
      for (const o of outcomes) expect(o).toMatchObject({ pid: winner.pid, url: winner.url });
      expect(serverJson(dataDir).pid).toBe(winner.pid);
      expect(serversOn(dataDir)).toEqual([winner.pid]);

      const stop = await cpk(['server', 'stop'], { env });
      expect(stop.json()).toMatchObject({ status: 'stopped', pid: winner.pid });
      expect(serversOn(dataDir)).toEqual([]);
    }
  });
});
