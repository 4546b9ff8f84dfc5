import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { systemClock } from '../../../src/core/clock.js';
import { SqliteCatalog } from '../../../src/db/sqlite/catalog.js';
import { VERSION } from '../../../src/version.js';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { removeTempDirs, tempDir } from '../../helpers/temp.js';

afterAll(removeTempDirs);

let t: TestApp;
afterEach(() => t?.close());

describe('projects API through the typed client', () => {
  it('registers a folder (201), creating its database, and the registry file in the data dir', async () => {
    t = createTestApp();
    const path = tempDir('cpk-project-');
    const res = await t.api.POST('/api/projects', { body: { name: 'alpha', path } });
    expect(res.response.status).toBe(201);
    const project = res.data!.data;
    expect(project).toMatchObject({ name: 'alpha', path, settings: { lease_seconds: 3600, max_attempts: 3 } });
    expect(project.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Date(project.created_at).toISOString()).toBe(project.created_at);
    expect(existsSync(join(path, '.codepakt', 'data.db'))).toBe(true);
    const registry = JSON.parse(readFileSync(join(t.dataDir, 'projects.json'), 'utf8')) as {
      id: string;
      path: string;
    }[];
    expect(registry).toEqual([expect.objectContaining({ id: project.id, path })]);
  });

  it('re-registering the same path answers 200 with the same project', async () => {
    t = createTestApp();
    const path = tempDir('cpk-project-');
    const first = await t.api.POST('/api/projects', { body: { name: 'alpha', path } });
    const again = await t.api.POST('/api/projects', { body: { name: 'renamed-on-second-call', path } });
    expect(first.response.status).toBe(201);
    expect(again.response.status).toBe(200);
    expect(again.data!.data.id).toBe(first.data!.data.id);
    expect(again.data!.data.name).toBe('alpha');
    // The same folder written with a trailing slash or a `..` detour is still the same project.
    const detour = await t.api.POST('/api/projects', { body: { name: 'x', path: `${path}/sub/../` } });
    expect(detour.response.status).toBe(200);
    expect(detour.data!.data.id).toBe(first.data!.data.id);
  });

  it('a folder already holding a project database keeps its project after the registry is lost', async () => {
    t = createTestApp();
    const path = tempDir('cpk-project-');
    const first = await t.api.POST('/api/projects', { body: { name: 'alpha', path } });
    t.close();
    t = createTestApp(); // new data dir: empty registry, same project folder
    const again = await t.api.POST('/api/projects', { body: { name: 'beta', path } });
    expect(again.response.status).toBe(200);
    expect(again.data!.data.id).toBe(first.data!.data.id);
  });

  it('lists every registered project', async () => {
    t = createTestApp();
    const empty = await t.api.GET('/api/projects');
    expect(empty.data!.data).toEqual([]);
    const a = await t.project('a');
    const b = await t.project('b');
    const list = await t.api.GET('/api/projects');
    expect(list.response.status).toBe(200);
    expect(list.data!.data.map((p) => p.id).sort()).toEqual([a.id, b.id].sort());
    expect(list.data!.data.map((p) => p.name).sort()).toEqual(['a', 'b']);
  });

  it('gets one project; an unknown id is 404 project_not_found', async () => {
    t = createTestApp();
    const p = await t.project('alpha');
    const got = await t.api.GET('/api/projects/{id}', { params: { path: { id: p.id } } });
    expect(got.response.status).toBe(200);
    expect(got.data!.data).toMatchObject({ id: p.id, name: 'alpha', path: p.path });

    const missing = await t.api.GET('/api/projects/{id}', { params: { path: { id: 'no-such-project' } } });
    expect(missing.response.status).toBe(404);
    expect(missing.error).toMatchObject({ error: 'project_not_found' });
    expect(missing.error!.message).toContain('no-such-project');

    const patchMissing = await t.api.PATCH('/api/projects/{id}', {
      params: { path: { id: 'no-such-project' } },
      body: { name: 'x' },
    });
    expect(patchMissing.response.status).toBe(404);
    expect(patchMissing.error).toMatchObject({ error: 'project_not_found' });
  });

  it('PATCH changes settings and name, keeps the rest, and persists across a restart', async () => {
    t = createTestApp();
    const p = await t.project('alpha');
    const res = await t.api.PATCH('/api/projects/{id}', {
      params: { path: { id: p.id } },
      body: { settings: { lease_seconds: 2700 } },
    });
    expect(res.response.status).toBe(200);
    expect(res.data!.data.settings).toEqual({ lease_seconds: 2700, max_attempts: 3 });

    const both = await t.api.PATCH('/api/projects/{id}', {
      params: { path: { id: p.id } },
      body: { name: 'beta', settings: { max_attempts: 5 } },
    });
    expect(both.data!.data).toMatchObject({ name: 'beta', settings: { lease_seconds: 2700, max_attempts: 5 } });

    // A fresh catalog over the same data dir reads the registry and the project database back.
    const dataDir = t.dataDir;
    t.close();
    const catalog = new SqliteCatalog(dataDir, systemClock);
    try {
      expect(await catalog.get(p.id)).toMatchObject({
        name: 'beta',
        settings: { lease_seconds: 2700, max_attempts: 5 },
      });
    } finally {
      await catalog.close();
    }
  });

  it.each([
    [{ lease_seconds: 0 }, 'settings.lease_seconds'],
    [{ lease_seconds: -5 }, 'settings.lease_seconds'],
    [{ lease_seconds: 1.5 }, 'settings.lease_seconds'],
    [{ lease_seconds: 8 * 24 * 3600 }, 'settings.lease_seconds'],
    [{ lease_seconds: '60' }, 'settings.lease_seconds'],
    [{ max_attempts: 0 }, 'settings.max_attempts'],
    [{ max_attempts: 101 }, 'settings.max_attempts'],
    [{ max_attempts: null }, 'settings.max_attempts'],
  ])('PATCH settings %j is a 400 naming %s and changes nothing', async (settings, field) => {
    t = createTestApp();
    const p = await t.project('alpha');
    const res = await t.api.PATCH('/api/projects/{id}', {
      params: { path: { id: p.id } },
      body: { settings: settings as never },
    });
    expect(res.response.status).toBe(400);
    expect(res.error).toMatchObject({ error: 'validation_error' });
    expect(res.error!.details?.map((d) => d.path)).toContain(field);
    const after = await t.api.GET('/api/projects/{id}', { params: { path: { id: p.id } } });
    expect(after.data!.data.settings).toEqual({ lease_seconds: 3600, max_attempts: 3 });
  });

  it('a path that does not exist (or is a file) is a 400 naming `path`, and nothing is registered', async () => {
    t = createTestApp();
    const base = tempDir('cpk-project-');
    const missing = await t.api.POST('/api/projects', { body: { name: 'ghost', path: join(base, 'does-not-exist') } });
    expect(missing.response.status).toBe(400);
    expect(missing.error).toMatchObject({ error: 'validation_error', details: [{ path: 'path' }] });
    expect(missing.error!.message).toContain('does-not-exist');
    expect(existsSync(join(base, 'does-not-exist'))).toBe(false);

    mkdirSync(join(base, 'dir'));
    writeFileSync(join(base, 'file.txt'), 'x');
    const file = await t.api.POST('/api/projects', { body: { name: 'file', path: join(base, 'file.txt') } });
    expect(file.response.status).toBe(400);
    expect(file.error!.details?.[0]?.path).toBe('path');

    expect((await t.api.GET('/api/projects')).data!.data).toEqual([]);
  });

  it('GET /health answers status, version and uptime without the data wrapper', async () => {
    t = createTestApp();
    const res = await t.api.GET('/health');
    expect(res.response.status).toBe(200);
    expect(res.data).toEqual({ status: 'ok', version: VERSION, uptime_seconds: expect.any(Number) });
    expect(res.data!.uptime_seconds).toBeGreaterThanOrEqual(0);
    expect(res.response.headers.get('x-request-id')).toBeTruthy();
    expect(res.response.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
