import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { systemClock } from '../../../src/core/clock.js';
import { SqliteCatalog } from '../../../src/db/sqlite/catalog.js';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { removeTempDirs, tempDir } from '../../helpers/temp.js';

afterAll(removeTempDirs);

let t: TestApp;
afterEach(() => t?.close());

const q = (project_id: string) => ({ params: { query: { project_id } } });

describe('POST /api/projects without a path: a hosted project', () => {
  it('is made (201) with its database under the data dir, listed, opened and checked like a folder project', async () => {
    t = createTestApp();
    const res = await t.api.POST('/api/projects', { body: { name: 'cloud' } });
    expect(res.response.status).toBe(201);
    const p = res.data!.data;
    expect(p).toMatchObject({ name: 'cloud', kind: 'hosted', path: null, settings: { lease_seconds: 3600 } });
    expect(p.notice).toBeUndefined();
    const file = join(t.dataDir, 'projects', p.id, 'data.db');
    expect(existsSync(file)).toBe(true);
    expect(JSON.parse(readFileSync(join(t.dataDir, 'projects.json'), 'utf8'))).toEqual([
      { id: p.id, name: 'cloud', kind: 'hosted', path: null, created_at: p.created_at },
    ]);

    await t.api.POST('/api/tasks', { ...q(p.id), body: { title: 'held by the server' } });
    expect((await t.api.GET('/api/tasks', q(p.id))).data?.data.map((x) => x.title)).toEqual(['held by the server']);
    expect((await t.api.GET('/api/projects')).data?.data).toEqual([
      expect.objectContaining({ id: p.id, kind: 'hosted' }),
    ]);
    const patched = await t.api.PATCH('/api/projects/{id}', {
      params: { path: { id: p.id } },
      body: { name: 'cloud-2', settings: { lease_seconds: 60 } },
    });
    expect(patched.data?.data).toMatchObject({ name: 'cloud-2', kind: 'hosted', settings: { lease_seconds: 60 } });
    const check = await t.api.POST('/api/projects/{id}/check', { params: { path: { id: p.id } } });
    expect(check.data?.data).toMatchObject({ ok: true, file });
    const board = await t.api.GET('/api/board/status', q(p.id));
    expect(board.data?.data.coordination).toMatchObject({ stale: false, file_version: null });

    // Another catalog on the same data dir (a restart) serves it with its data.
    t.close();
    const again = new SqliteCatalog(t.dataDir, systemClock);
    try {
      expect(await again.get(p.id)).toMatchObject({ name: 'cloud-2', kind: 'hosted', path: null });
      const store = await again.open(p.id);
      expect((await store.getSettings()).lease_seconds).toBe(60);
    } finally {
      await again.close();
    }
  });

  it('each call makes a new one; the catalog refuses a taken or unsafe id', async () => {
    t = createTestApp();
    const a = await t.api.POST('/api/projects', { body: { name: 'same' } });
    const b = await t.api.POST('/api/projects', { body: { name: 'same' } });
    expect(a.data!.data.id).not.toBe(b.data!.data.id);
    const made = await t.catalog.createHosted({ name: 'carried', id: 'carried-over-1' });
    expect(made).toMatchObject({ created: true, project: { id: 'carried-over-1', kind: 'hosted' } });
    await expect(t.catalog.createHosted({ name: 'again', id: 'carried-over-1' })).rejects.toMatchObject({
      code: 'conflict',
      message: 'A project with id carried-over-1 exists already',
    });
    await expect(t.catalog.createHosted({ name: 'x', id: '../escape' })).rejects.toMatchObject({
      code: 'validation_error',
      details: [{ path: 'id' }],
    });
    expect(existsSync(join(t.dataDir, 'escape'))).toBe(false);
  });

  it('a damaged hosted database is found like a folder one: 503 naming its file, the check reporting it', async () => {
    t = createTestApp();
    const p = (await t.api.POST('/api/projects', { body: { name: 'fragile' } })).data!.data;
    t.close();
    const file = join(t.dataDir, 'projects', p.id, 'data.db');
    writeFileSync(file, 'this is not a database, it is a text file long enough to be read as one page'.repeat(100));
    const catalog = new SqliteCatalog(t.dataDir, systemClock);
    try {
      await expect(catalog.get(p.id)).rejects.toMatchObject({ code: 'project_unavailable' });
      await expect(catalog.get(p.id)).rejects.toThrow(file);
      const listed = await catalog.list();
      expect(listed[0]).toMatchObject({ id: p.id, kind: 'hosted', unavailable: expect.stringContaining(file) });
      const check = await catalog.check(p.id);
      expect(check).toMatchObject({ ok: false, file });
    } finally {
      await catalog.close();
    }
  });
});

describe('POST /api/projects with a path not on the server', () => {
  it('answers 400 as before; with if_path_missing "hosted" it makes a hosted project and says why', async () => {
    t = createTestApp();
    const missing = join(tempDir('cpk-remote-'), 'on-another-machine');
    const refused = await t.api.POST('/api/projects', { body: { name: 'r', path: missing } });
    expect(refused.response.status).toBe(400);
    expect(refused.error).toMatchObject({ error: 'validation_error', details: [{ path: 'path' }] });
    expect(refused.error?.message).toContain(`${missing} does not exist`);

    const res = await t.api.POST('/api/projects', { body: { name: 'r', path: missing, if_path_missing: 'hosted' } });
    expect(res.response.status).toBe(201);
    expect(res.data!.data).toMatchObject({ kind: 'hosted', path: null, name: 'r' });
    expect(res.data!.data.notice).toBe(
      `${missing} does not exist on the server: made a hosted project, its data kept by the server`,
    );
    expect(existsSync(missing)).toBe(false);
    // Only a missing folder falls back: a path that exists but cannot hold a project is still refused.
    const file = join(tempDir('cpk-remote-'), 'file.txt');
    writeFileSync(file, 'x');
    const notDir = await t.api.POST('/api/projects', { body: { name: 'f', path: file, if_path_missing: 'hosted' } });
    expect(notDir.response.status).toBe(400);
  });

  it("a probe the server cannot see: the folder at that path is not the caller's (400, or hosted)", async () => {
    t = createTestApp();
    const folder = tempDir('cpk-same-path-');
    const probe = '.probe-1234';
    const refused = await t.api.POST('/api/projects', { body: { name: 'p', path: folder, probe } });
    expect(refused.response.status).toBe(400);
    expect(refused.error?.message).toContain(`${folder} is not the caller's folder`);
    expect(existsSync(join(folder, '.codepakt'))).toBe(false);

    const hosted = await t.api.POST('/api/projects', {
      body: { name: 'p', path: folder, probe, if_path_missing: 'hosted' },
    });
    expect(hosted.data!.data).toMatchObject({ kind: 'hosted', notice: expect.stringContaining("not the caller's") });
    expect(existsSync(join(folder, '.codepakt'))).toBe(false);

    mkdirSync(join(folder, '.codepakt'));
    writeFileSync(join(folder, '.codepakt', probe), '');
    const seen = await t.api.POST('/api/projects', { body: { name: 'p', path: folder, probe } });
    expect(seen.response.status).toBe(201);
    expect(seen.data!.data).toMatchObject({ kind: 'folder', path: folder });
  });

  it('field errors name the field: options that need a path, a contradiction, a probe that is a path', async () => {
    t = createTestApp();
    const path = tempDir('cpk-fields-');
    for (const [body, field] of [
      [{ name: 'x', project_id: 'p' }, 'project_id'],
      [{ name: 'x', if_path_missing: 'hosted' }, 'if_path_missing'],
      [{ name: 'x', probe: '.p' }, 'probe'],
      [{ name: 'x', path, project_id: 'p', if_path_missing: 'hosted' }, 'if_path_missing'],
      [{ name: 'x', path, probe: '../../etc/passwd' }, 'probe'],
      [{ name: 'x', path, if_path_missing: 'sometimes' }, 'if_path_missing'],
      [{ path }, 'name'],
    ] as const) {
      const res = await t.api.POST('/api/projects', { body: body as never });
      expect(res.response.status, JSON.stringify(body)).toBe(400);
      expect(res.error?.details?.map((d) => d.path)).toContain(field);
    }
    expect((await t.api.GET('/api/projects')).data?.data).toEqual([]);
  });
});

describe('POST /api/projects with project_id: re-attach a folder, never fork', () => {
  it("registers the folder holding the project's database after the registry is lost, keeping its board", async () => {
    t = createTestApp();
    const p = await t.project('kept');
    await t.api.POST('/api/tasks', { ...q(p.id), body: { title: 'survives' } });
    t.close();
    t = createTestApp();
    const res = await t.api.POST('/api/projects', { body: { name: 'other-name', path: p.path, project_id: p.id } });
    expect(res.response.status).toBe(200);
    expect(res.data!.data).toMatchObject({ id: p.id, name: 'kept', kind: 'folder', path: p.path });
    expect((await t.api.GET('/api/tasks', q(p.id))).data?.data.map((x) => x.title)).toEqual(['survives']);
    // Again: the same answer.
    const again = await t.api.POST('/api/projects', { body: { name: 'x', path: p.path, project_id: p.id } });
    expect(again.response.status).toBe(200);
    expect(again.data!.data.id).toBe(p.id);
  });

  it('a moved folder takes its project along', async () => {
    t = createTestApp();
    const p = await t.project('mover');
    const moved = join(tempDir(), 'moved');
    renameSync(p.path, moved);
    const res = await t.api.POST('/api/projects', { body: { name: 'mover', path: moved, project_id: p.id } });
    expect(res.data!.data).toMatchObject({ id: p.id, path: moved });
    expect((await t.api.GET('/api/projects')).data?.data).toHaveLength(1);
  });

  it('409, with nothing made, for a folder without a database, another project, or a copy', async () => {
    t = createTestApp();
    const p = await t.project('one');
    const other = await t.project('two');
    const empty = tempDir('cpk-empty-');
    const conflict = async (path: string, id: string, message: RegExp) => {
      const res = await t.api.POST('/api/projects', { body: { name: 'x', path, project_id: id } });
      expect(res.response.status).toBe(409);
      expect(res.error).toMatchObject({ error: 'conflict' });
      expect(res.error?.message).toMatch(message);
    };
    await conflict(empty, p.id, /holds no project database/);
    expect(existsSync(join(empty, '.codepakt', 'data.db'))).toBe(false);
    await conflict(other.path, p.id, new RegExp(`is the folder of project two \\(${other.id}\\), not of ${p.id}`));
    await conflict(p.path, 'unknown-id', /is the folder of project one/);

    const copy = join(tempDir(), 'copy');
    cpSync(p.path, copy, { recursive: true });
    await conflict(copy, p.id, /holds a copy of project/);
    const unknownDb = join(tempDir(), 'copy-of-two');
    cpSync(other.path, unknownDb, { recursive: true });
    await conflict(unknownDb, p.id, new RegExp(`The database in .* is project ${other.id}, not project ${p.id}`));
    expect((await t.api.GET('/api/projects')).data?.data.map((x) => x.id).sort()).toEqual([p.id, other.id].sort());
  });
});
