import { afterAll, describe, expect, it } from 'vitest';
import { cpk, startServer } from './helpers/processes.js';
import { createTestApp } from './helpers/app.js';
import { removeTempDirs, tempDir } from './helpers/temp.js';

afterAll(removeTempDirs);

describe('harness', () => {
  it('registers a project in-process through the typed client', async () => {
    const t = createTestApp();
    const p = await t.project('alpha');
    const res = await t.api.GET('/api/projects/{id}', { params: { path: { id: p.id } } });
    expect(res.data?.data.name).toBe('alpha');
    t.close();
  });

  it('runs cpk init twice against a real server and keeps the project', async () => {
    const server = await startServer();
    const cwd = tempDir();
    const env = { CPK_URL: server.url };
    const first = await cpk(['init'], { cwd, env });
    const second = await cpk(['init'], { cwd, env });
    expect(first.code).toBe(0);
    expect(second.json().project_id).toBe(first.json().project_id);
    expect(await server.stop()).toBe(0);
  });
});
