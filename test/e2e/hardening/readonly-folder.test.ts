import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createClient } from '../../../src/client/index.js';
import { cpk, freePort, initProject, startServer, type RunningServer } from '../../helpers/processes.js';
import { removeTempDirs } from '../../helpers/temp.js';
import { expectEnvelope, type Envelope } from './http.js';

const mounts: string[] = [];
const servers: RunningServer[] = [];

afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  for (const m of mounts.reverse()) execFileSync('umount', [m]);
  removeTempDirs();
});

async function server(dataDir?: string, port?: number): Promise<RunningServer> {
  const s = await startServer({ dataDir, port, env: { CPK_TOKEN: '' } });
  servers.push(s);
  return s;
}

function mountReadOnly(dir: string): void {
  execFileSync('mount', ['--bind', dir, dir]);
  mounts.push(dir);
  execFileSync('mount', ['-o', 'remount,ro,bind', dir]);
}

describe('a project folder that became read-only (a read-only mount), server restarted', () => {
  it('reads work; writes answer 503 saying the folder is read-only; nothing is written; a full check still runs', async () => {
    const port = await freePort();
    const first = await server(undefined, port);
    const p = await initProject(first, 'frozen');
    expect((await cpk(['task', 'add', '--title', 'written before'], p)).code).toBe(0);
    expect((await cpk(['docs', 'write', '--type', 'learning', '--title', 'a note', '--body', 'kept'], p)).code).toBe(0);
    expect(await first.stop()).toBe(0);
    servers.splice(servers.indexOf(first), 1);

    mountReadOnly(p.cwd);
    const s = await server(first.dataDir, port);
    const api = createClient(s.url);
    const q = { project_id: p.projectId };

    // Reads: tasks, one task, docs, search, board, events, the project itself, and the CLI.
    const list = await api.GET('/api/tasks', { params: { query: q } });
    expect(list.response.status, JSON.stringify(list.error)).toBe(200);
    expect(list.data!.data.map((t) => t.title)).toEqual(['written before']);
    const task = list.data!.data[0]!;
    expect(
      (await api.GET('/api/tasks/{id}', { params: { query: q, path: { id: task.task_number } } })).response.status,
    ).toBe(200);
    expect((await api.GET('/api/docs', { params: { query: q } })).response.status).toBe(200);
    expect((await api.GET('/api/docs/search', { params: { query: { ...q, q: 'kept' } } })).data?.data.length).toBe(1);
    expect((await api.GET('/api/events', { params: { query: q } })).response.status).toBe(200);
    const project = await api.GET('/api/projects/{id}', { params: { path: { id: p.projectId } } });
    expect(project.response.status, JSON.stringify(project.error)).toBe(200);
    const listed = await api.GET('/api/projects');
    expect(listed.data!.data.find((x) => x.id === p.projectId)?.unavailable).toBeUndefined();
    const board = await cpk(['board', 'status'], { cwd: p.cwd, env: { ...p.env, CPK_URL: s.url } });
    expect(board.code, board.stderr).toBe(0);
    expect(board.json<{ total: number }>().total).toBe(1);

    // Writes: each kind refused with a 503 naming the folder, not "migrating … failed".
    const folder = join(p.cwd, '.codepakt');
    const writes = [
      () => api.POST('/api/tasks', { params: { query: q }, body: { title: 'lost?' } }),
      () => api.POST('/api/tasks/pickup', { params: { query: q }, body: { agent: 'a' } }),
      () => api.POST('/api/tasks/{id}/notes', { params: { query: q, path: { id: task.id } }, body: { text: 'lost?' } }),
      () => api.POST('/api/docs', { params: { query: q }, body: { type: 'learning', title: 'lost?', body: 'lost?' } }),
      () => api.PATCH('/api/projects/{id}', { params: { path: { id: p.projectId } }, body: { name: 'renamed' } }),
    ];
    for (const write of writes) {
      const res = await write();
      expect(res.response.status, JSON.stringify(res.error)).toBe(503);
      const body = res.error as Envelope;
      expectEnvelope(body, 'project_unavailable');
      expect(body.message).toContain(folder);
      expect(body.message).toMatch(/read-only/);
      expect(body.message).not.toMatch(/migrat/);
    }
    const add = await cpk(['task', 'add', '--title', 'lost?'], { cwd: p.cwd, env: { ...p.env, CPK_URL: s.url } });
    expect(add.code).toBe(1);
    expect(add.error().message).toMatch(/read-only/);
    expect((await api.GET('/api/tasks', { params: { query: q } })).data!.data.map((t) => t.title)).toEqual([
      'written before',
    ]);

    // The on-demand check runs on the read-only file too.
    const doctor = await cpk(['doctor'], { cwd: p.cwd, env: { ...p.env, CPK_URL: s.url } });
    expect(doctor.code, doctor.stdout + doctor.stderr).toBe(0);
    expect(doctor.json<{ ok: boolean }>().ok).toBe(true);

    // Nothing was created in the read-only folder, and the server is healthy.
    expect(existsSync(join(folder, 'data.db-wal'))).toBe(false);
    expect(JSON.parse(readFileSync(join(folder, 'config.json'), 'utf8')).project_id).toBe(p.projectId);
    expect((await fetch(`${s.url}/health`)).status).toBe(200);
  });
});
