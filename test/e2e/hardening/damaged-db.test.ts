import { afterAll, describe, expect, it } from 'vitest';
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createClient, type ApiClient } from '../../../src/client/index.js';
import { cpk, freePort, initProject, startServer, type RunningServer } from '../../helpers/processes.js';
import { removeTempDirs, tempDir } from '../../helpers/temp.js';
import { expectEnvelope, type Envelope } from './http.js';

const servers: RunningServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  removeTempDirs();
});

async function server(dataDir?: string, port?: number): Promise<RunningServer> {
  const s = await startServer({ dataDir, port, env: { CPK_TOKEN: '' } });
  servers.push(s);
  return s;
}

interface Project {
  cwd: string;
  env: NodeJS.ProcessEnv;
  projectId: string;
}

const dbFile = (p: Project) => join(p.cwd, '.codepakt', 'data.db');
const TASKS = 600;

async function seed(api: ApiClient, p: Project): Promise<void> {
  for (let i = 0; i < TASKS; i += 100) {
    const batch = Array.from({ length: 100 }, (_, j) => ({
      title: `task ${i + j}`,
      description: `about task ${i + j} `.repeat(30),
    }));
    const res = await api.POST('/api/tasks', { params: { query: { project_id: p.projectId } }, body: batch });
    expect(res.response.status, JSON.stringify(res.error)).toBe(201);
  }
}

/** A consistent one-file copy of the live database. */
function backup(file: string): string {
  const copy = join(tempDir('cpk-backup-'), 'data.db');
  const db = new Database(file);
  db.prepare('VACUUM INTO ?').run(copy);
  db.close();
  return copy;
}

/**
 * Overwrite 4 KiB at the start of a leaf page of the tasks table, in the file itself (first moving
 * every page out of the write-ahead log), then make a harmless commit from another connection so the
 * server drops its page cache and reads the damaged page from the disk, as it would after a while.
 */
function damageTasksPage(file: string): void {
  const db = new Database(file);
  db.pragma('wal_checkpoint(TRUNCATE)');
  const leaves = db
    .prepare<[], { pgoffset: number }>(
      "SELECT pgoffset FROM dbstat WHERE name = 'tasks' AND pagetype = 'leaf' ORDER BY pageno",
    )
    .all();
  expect(leaves.length).toBeGreaterThan(10);
  const target = leaves[Math.floor(leaves.length / 2)]!;
  const fd = openSync(file, 'r+');
  writeSync(fd, randomBytes(4096), 0, 4096, target.pgoffset);
  fsyncSync(fd);
  closeSync(fd);
  const version = db.pragma('user_version', { simple: true }) as number;
  db.pragma(`user_version = ${version}`);
  db.close();
}

function expectNamesDamage(body: Envelope, file: string): void {
  expectEnvelope(body, 'project_unavailable');
  expect(body.message).toContain(file);
  expect(body.message).toMatch(/damaged|malformed|not an SQLite database/i);
}

async function expectStopped(api: ApiClient, p: Project): Promise<void> {
  const q = { project_id: p.projectId };
  const file = dbFile(p);
  for (let i = 0; i < 15; i++) {
    const res = await api.POST('/api/tasks', { params: { query: q }, body: { title: `after damage ${i}` } });
    expect(res.response.status, JSON.stringify(res.error)).toBe(503);
    expectNamesDamage(res.error as Envelope, file);
  }
  const read = await api.GET('/api/tasks', { params: { query: { ...q, limit: 5 } } });
  expect(read.response.status).toBe(503);
  expectNamesDamage(read.error as Envelope, file);
  const one = await api.GET('/api/projects/{id}', { params: { path: { id: p.projectId } } });
  expect(one.response.status).toBe(503);
  const listed = await api.GET('/api/projects');
  expect(listed.response.status).toBe(200);
  const entry = listed.data!.data.find((x) => x.id === p.projectId);
  expect(entry?.unavailable).toContain(file);
  expect(entry?.unavailable).toMatch(/damaged/);
}

async function expectFine(api: ApiClient, p: Project): Promise<void> {
  const q = { project_id: p.projectId };
  expect((await api.POST('/api/tasks', { params: { query: q }, body: { title: 'still fine' } })).response.status).toBe(
    201,
  );
  expect((await api.GET('/api/tasks', { params: { query: q } })).response.status).toBe(200);
  const listed = await api.GET('/api/projects');
  expect(listed.data!.data.find((x) => x.id === p.projectId)?.unavailable).toBeUndefined();
}

describe('a partly damaged project database', () => {
  it('the first SQLITE_CORRUPT makes the project unavailable, naming the file, stops its writes, and lists the reason; a restart notices; cpk doctor reports it; restoring brings it back', async () => {
    const port = await freePort();
    const s = await server(undefined, port);
    const api = createClient(s.url);
    const a = await initProject(s, 'damaged');
    const b = await initProject(s, 'healthy');
    await seed(api, a);
    const copy = backup(dbFile(a));

    damageTasksPage(dbFile(a));
    // A read that reaches the damaged page.
    const read = await api.GET('/api/tasks', { params: { query: { project_id: a.projectId, limit: 1000 } } });
    expect(read.response.status, JSON.stringify(read.error)).toBe(503);
    expectNamesDamage(read.error as Envelope, dbFile(a));
    await expectStopped(api, a);
    await expectFine(api, b);

    const doctor = await cpk(['doctor'], { cwd: a.cwd, env: a.env });
    expect(doctor.code, doctor.stderr).toBe(1);
    const report = doctor.json<{ ok: boolean; kind: string; file: string; problems: string[] }>();
    expect(report).toMatchObject({ ok: false, kind: 'integrity_check', file: dbFile(a) });
    expect(report.problems.length).toBeGreaterThan(0);
    const healthy = await cpk(['doctor'], { cwd: b.cwd, env: b.env });
    expect(healthy.code, healthy.stderr).toBe(0);
    // Compact output leaves out empty fields: no problems listed.
    expect(healthy.json()).toMatchObject({ ok: true, kind: 'integrity_check', file: dbFile(b) });
    expect(healthy.json().problems).toBeUndefined();

    // A restart notices at once: the check run on opening finds the damage before any write is taken.
    expect(await s.stop()).toBe(0);
    servers.splice(servers.indexOf(s), 1);
    const again = await server(s.dataDir, port);
    const api2 = createClient(again.url);
    await expectStopped(api2, a);
    await expectFine(api2, b);

    // Restored from the backup (a new file in its place): served again, with its tasks.
    const file = dbFile(a);
    for (const suffix of ['-wal', '-shm']) rmSync(file + suffix, { force: true });
    renameSync(copy, file);
    const back = await api2.GET('/api/tasks', { params: { query: { project_id: a.projectId, limit: 1000 } } });
    expect(back.response.status, JSON.stringify(back.error)).toBe(200);
    expect(back.data!.data.length).toBe(TASKS);
    expect(
      (
        await api2.POST('/api/tasks', {
          params: { query: { project_id: a.projectId } },
          body: { title: 'after restore' },
        })
      ).response.status,
    ).toBe(201);
    expect((await cpk(['doctor'], { cwd: a.cwd, env: { ...a.env, CPK_URL: again.url } })).code).toBe(0);
  });

  it('damage found at start-up before any request touches it: listed as unavailable, no write taken', async () => {
    const port = await freePort();
    const s = await server(undefined, port);
    const api = createClient(s.url);
    const a = await initProject(s, 'damaged-at-rest');
    await seed(api, a);
    expect(await s.stop()).toBe(0);
    servers.splice(servers.indexOf(s), 1);
    damageTasksPage(dbFile(a));

    const again = await server(s.dataDir, port);
    const api2 = createClient(again.url);
    // The first request is a write: it waits for the open-time check, which refuses it.
    const write = await api2.POST('/api/tasks', {
      params: { query: { project_id: a.projectId } },
      body: { title: 'into damage?' },
    });
    expect(write.response.status, JSON.stringify(write.error)).toBe(503);
    expectNamesDamage(write.error as Envelope, dbFile(a));
    expect((write.error as Envelope).message).toMatch(/quick_check/);
    await expectStopped(api2, a);
    const db = new Database(dbFile(a), { readonly: true });
    // (The tasks table itself cannot be read; the append-only log says whether a task was created.)
    expect(db.prepare("SELECT COUNT(*) AS n FROM events WHERE payload LIKE '%into damage%'").get()).toEqual({ n: 0 });
    db.close();
  });

  it('a non-SQLite file written over data.db in place (same inode) answers 503 naming the file at once, for a read and for a write', async () => {
    const s = await server();
    const api = createClient(s.url);
    const r = await initProject(s, 'overwritten-read');
    const w = await initProject(s, 'overwritten-write');
    for (const p of [r, w]) expect((await cpk(['task', 'add', '--title', 'x'], p)).code).toBe(0);

    for (const p of [r, w]) writeFileSync(dbFile(p), Buffer.alloc(64 * 1024, 0x5a));
    const read = await api.GET('/api/tasks', { params: { query: { project_id: r.projectId } } });
    expect(read.response.status, JSON.stringify(read.data)).toBe(503);
    expectNamesDamage(read.error as Envelope, dbFile(r));
    const write = await api.POST('/api/tasks', {
      params: { query: { project_id: w.projectId } },
      body: { title: 'into garbage?' },
    });
    expect(write.response.status, JSON.stringify(write.data)).toBe(503);
    expectEnvelope(write.error as Envelope, 'project_unavailable');
    expect((write.error as Envelope).message).toContain(dbFile(w));
    expect((write.error as Envelope).message).toMatch(/not an SQLite database/);
    for (const p of [r, w]) {
      const listed = (await api.GET('/api/projects')).data!.data.find((x) => x.id === p.projectId);
      expect(listed?.unavailable).toContain(dbFile(p));
    }
    expect(s.child.exitCode).toBeNull();
  });
});
