import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { createClient, type ApiClient } from '../../../src/client/index.js';
import { freePort, startServer, type RunningServer } from '../../helpers/processes.js';
import { removeTempDirs, tempDir } from '../../helpers/temp.js';
import { expectEnvelope, type Envelope } from './http.js';

/** A 4 MiB tmpfs holding the project folder, and a filler file that takes what is left of it. */
let disk: string;
let folder: string;
const filler = () => join(disk, 'filler');
let servers: RunningServer[] = [];

beforeAll(() => {
  disk = tempDir('cpk-disk-');
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', disk]);
  folder = join(disk, 'project');
  mkdirSync(folder);
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  servers = [];
  execFileSync('umount', [disk]);
  removeTempDirs();
});

function fillDisk(): void {
  const fd = openSync(filler(), 'a');
  const chunk = Buffer.alloc(16 * 1024, 1);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (err) {
    expect((err as NodeJS.ErrnoException).code).toBe('ENOSPC');
  } finally {
    closeSync(fd);
  }
}

const freeDisk = () => rmSync(filler(), { force: true });

async function server(dataDir?: string, port?: number): Promise<RunningServer> {
  const s = await startServer({ dataDir, port, env: { CPK_TOKEN: '' } });
  servers.push(s);
  return s;
}

/** Create tasks (each ~15 KB, so the log must grow) until one is refused; returns the titles acknowledged and the refusal. */
async function writeUntilRefused(
  api: ApiClient,
  projectId: string,
  prefix: string,
): Promise<{ kept: string[]; refusal: { status: number; body: Envelope } }> {
  const kept: string[] = [];
  for (let i = 0; i < 400; i++) {
    const title = `${prefix} ${i}`;
    const res = await api.POST('/api/tasks', {
      params: { query: { project_id: projectId } },
      body: { title, description: 'x'.repeat(15_000) },
    });
    if (res.response.status === 201) {
      kept.push(title);
      continue;
    }
    return { kept, refusal: { status: res.response.status, body: res.error as Envelope } };
  }
  throw new Error('the disk never filled');
}

async function titles(api: ApiClient, projectId: string): Promise<string[]> {
  const res = await api.GET('/api/tasks', { params: { query: { project_id: projectId, limit: 1000 } } });
  expect(res.response.status, JSON.stringify(res.error)).toBe(200);
  return res.data!.data.map((t) => t.title);
}

function expectDiskFull(refusal: { status: number; body: Envelope }): void {
  expect(refusal.status, JSON.stringify(refusal.body)).toBe(503);
  expectEnvelope(refusal.body, 'disk_full');
  expect(refusal.body.message).toContain(join(folder, '.codepakt', 'data.db'));
  expect(refusal.body.message).toMatch(/full/);
  expect(refusal.body.message).toMatch(/nothing was written/);
  expect(refusal.body.message).toMatch(/free space/i);
  // Not the advice for a damaged file.
  expect(refusal.body.message).not.toMatch(/damaged|backup|cpk init/);
}

describe('a full disk under a project', () => {
  it('says the disk is full and nothing was written; reads go on; writes resume once space is freed, without a restart', async () => {
    const s = await server();
    const api = createClient(s.url);
    const created = await api.POST('/api/projects', { body: { name: 'full', path: folder } });
    expect(created.response.status, JSON.stringify(created.error)).toBe(201);
    const projectId = created.data!.data.id;
    expect(
      (await api.POST('/api/tasks', { params: { query: { project_id: projectId } }, body: { title: 'before' } }))
        .response.status,
    ).toBe(201);

    fillDisk();
    const { kept, refusal } = await writeUntilRefused(api, projectId, 'while full');
    expectDiskFull(refusal);
    // Every other kind of write says the same, and none is a 500.
    const doc = await api.POST('/api/docs', {
      params: { query: { project_id: projectId } },
      body: { type: 'learning', title: 'big', body: 'y'.repeat(200_000) },
    });
    expect(doc.response.status).toBe(503);
    expectEnvelope(doc.error as Envelope, 'disk_full');
    // Reads keep working, and hold exactly the acknowledged writes.
    expect((await titles(api, projectId)).sort()).toEqual(['before', ...kept].sort());
    expect((await fetch(`${s.url}/health`)).status).toBe(200);
    const listed = await api.GET('/api/projects');
    expect(listed.data!.data.find((p) => p.id === projectId)?.unavailable).toBeUndefined();

    freeDisk();
    const after = await api.POST('/api/tasks', {
      params: { query: { project_id: projectId } },
      body: { title: 'after freeing', description: 'x'.repeat(15_000) },
    });
    expect(after.response.status, JSON.stringify(after.error)).toBe(201);
    expect(await titles(api, projectId)).toContain('after freeing');
    expect(s.log()).not.toMatch(/internal_error/);
    await s.stop();
    servers = servers.filter((x) => x !== s);
  });

  it('a server stopped while the disk is full (its closing checkpoint fails) restarts able to read, then to write once space is freed', async () => {
    freeDisk();
    const port = await freePort();
    const dataDir = tempDir('cpk-disk-data-');
    const s = await server(dataDir, port);
    const api = createClient(s.url);
    const projectId = (await api.POST('/api/projects', { body: { name: 'full2', path: folder } })).data!.data.id;
    const before = await titles(api, projectId);

    fillDisk();
    const { kept, refusal } = await writeUntilRefused(api, projectId, 'before stop');
    expectDiskFull(refusal);
    expect(await s.stop()).toBe(0);
    servers = servers.filter((x) => x !== s);

    // Still full at the next start: reads work, writes say the disk is full.
    const again = await server(dataDir, port);
    const api2 = createClient(again.url);
    expect((await titles(api2, projectId)).sort()).toEqual([...before, ...kept].sort());
    const batch = Array.from({ length: 40 }, (_, i) => ({ title: `still full ${i}`, description: 'x'.repeat(15_000) }));
    const refused = await api2.POST('/api/tasks', { params: { query: { project_id: projectId } }, body: batch });
    expectDiskFull({ status: refused.response.status, body: refused.error as Envelope });

    freeDisk();
    const after = await api2.POST('/api/tasks', {
      params: { query: { project_id: projectId } },
      body: { title: 'after restart', description: 'x'.repeat(15_000) },
    });
    expect(after.response.status, JSON.stringify(after.error)).toBe(201);
    const all = await titles(api2, projectId);
    expect(all).toContain('after restart');
    expect(all.filter((t) => t.startsWith('still full'))).toEqual([]);
    expect(await again.stop()).toBe(0);
    servers = servers.filter((x) => x !== again);

    // And the file is whole: a clean start, a full check, everything there.
    const third = await server(dataDir, port);
    const api3 = createClient(third.url);
    const check = await api3.POST('/api/projects/{id}/check', { params: { path: { id: projectId } } });
    expect(check.data?.data.ok, JSON.stringify(check.data ?? check.error)).toBe(true);
    expect((await titles(api3, projectId)).sort()).toEqual([...before, ...kept, 'after restart'].sort());
  });
});
