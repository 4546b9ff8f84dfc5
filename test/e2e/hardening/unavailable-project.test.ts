import { afterAll, describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createClient, type ApiClient } from '../../../src/client/index.js';
import { cpk, initProject, SERVER, startServer, type RunningServer } from '../../helpers/processes.js';
import { removeTempDirs, tempDir } from '../../helpers/temp.js';
import { expectEnvelope, runNode, type Envelope } from './http.js';

const servers: RunningServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  removeTempDirs();
});

async function server(dataDir?: string): Promise<RunningServer> {
  const s = await startServer({ dataDir, env: { CPK_TOKEN: '' } });
  servers.push(s);
  return s;
}

interface Project {
  cwd: string;
  env: NodeJS.ProcessEnv;
  projectId: string;
}

/** Two projects on one server, each with a task. */
async function twoProjects(s: RunningServer): Promise<{ a: Project; b: Project; api: ApiClient }> {
  const a = await initProject(s, 'alpha');
  const b = await initProject(s, 'beta');
  for (const p of [a, b]) expect((await cpk(['task', 'add', '--title', `work of ${p.projectId}`], p)).code).toBe(0);
  return { a, b, api: createClient(s.url) };
}

const dbFile = (p: Project) => join(p.cwd, '.codepakt', 'data.db');

async function expectUnavailable(api: ApiClient, p: Project, because: RegExp): Promise<void> {
  const q = { project_id: p.projectId };
  const list = await api.GET('/api/tasks', { params: { query: q } });
  expect(list.response.status).toBe(503);
  expectEnvelope(list.error as Envelope, 'project_unavailable');
  expect((list.error as Envelope).message).toMatch(because);
  const add = await api.POST('/api/tasks', { params: { query: q }, body: { title: 'lost write?' } });
  expect(add.response.status).toBe(503);
  expectEnvelope(add.error as Envelope, 'project_unavailable');
  const one = await api.GET('/api/projects/{id}', { params: { path: { id: p.projectId } } });
  expect(one.response.status).toBe(503);
}

/** The other project keeps working: read, write, pick up. */
async function expectWorking(api: ApiClient, p: Project): Promise<void> {
  const q = { project_id: p.projectId };
  expect((await api.POST('/api/tasks', { params: { query: q }, body: { title: 'still fine' } })).response.status).toBe(
    201,
  );
  expect(
    (await api.POST('/api/tasks/pickup', { params: { query: q }, body: { agent: 'steady' } })).response.status,
  ).toBe(200);
  const list = await api.GET('/api/tasks', { params: { query: q } });
  expect(list.data!.data.map((t) => t.title)).toContain('still fine');
  const cli = await cpk(['board', 'status'], p);
  expect(cli.code, cli.stderr).toBe(0);
}

describe('a project whose folder or database went away', () => {
  it('folder deleted under a running server that had its database open: 503 for it, the others keep working, nothing recreated', async () => {
    const s = await server();
    const { a, b, api } = await twoProjects(s);
    rmSync(a.cwd, { recursive: true, force: true });

    await expectUnavailable(api, a, /deleted|missing|no longer/i);
    await expectWorking(api, b);
    // The server must not resurrect an empty project where the folder was.
    expect(existsSync(a.cwd)).toBe(false);
    expect((await fetch(`${s.url}/health`)).status).toBe(200);

    // The list still answers, naming what is wrong with the missing one.
    const projects = await api.GET('/api/projects');
    expect(projects.response.status).toBe(200);
    const listed = new Map(projects.data!.data.map((p) => [p.id, p]));
    expect(listed.get(b.projectId)?.unavailable).toBeUndefined();
    expect(listed.get(a.projectId)?.unavailable).toMatch(/deleted|missing|no longer/i);

    // Re-creating the folder and running init again gives a working (fresh) project there.
    mkdirSync(a.cwd);
    const again = await cpk(['init', '--name', 'alpha-again'], { cwd: a.cwd, env: a.env });
    expect(again.code, again.stderr).toBe(0);
    const fresh = again.json<{ project_id: string }>().project_id;
    const list = await api.GET('/api/tasks', { params: { query: { project_id: fresh } } });
    expect(list.response.status).toBe(200);
    expect(list.data!.data).toEqual([]);
    expect(s.child.exitCode).toBeNull();
  });

  it('folder deleted, and the first request after is a write: refused with 503 before it is acknowledged, every kind of write', async () => {
    const s = await server();
    const { a, b, api } = await twoProjects(s);
    const task = (await api.GET('/api/tasks', { params: { query: { project_id: a.projectId } } })).data!.data[0]!;
    rmSync(a.cwd, { recursive: true, force: true });
    const q = { project_id: a.projectId };
    // Writes skip the stat in front of them; the check beside the WAL flush must catch each one.
    const created = await api.POST('/api/tasks', { params: { query: q }, body: { title: 'into a deleted file?' } });
    expect(created.response.status).toBe(503);
    expectEnvelope(created.error as Envelope, 'project_unavailable');
    expect((created.error as Envelope).message).toMatch(/deleted|no longer/i);
    const writes = [
      () => api.POST('/api/tasks/pickup', { params: { query: q }, body: { agent: 'late' } }),
      () => api.POST('/api/tasks/{id}/notes', { params: { query: q, path: { id: task.id } }, body: { text: 'lost?' } }),
      () => api.POST('/api/docs', { params: { query: q }, body: { type: 'learning', title: 'lost?', body: 'lost?' } }),
    ];
    for (const write of writes) expect((await write()).response.status).toBe(503);
    await expectWorking(api, b);
    expect(existsSync(a.cwd)).toBe(false);
  });

  it('folder deleted while the server was down: 503 after restart, the others keep working', async () => {
    const s = await server();
    const { a, b } = await twoProjects(s);
    expect(await s.stop()).toBe(0);
    rmSync(a.cwd, { recursive: true, force: true });
    const restarted = await server(s.dataDir);
    const api = createClient(restarted.url);
    await expectUnavailable(api, a, /missing|deleted|no longer|does not exist/i);
    await expectWorking(api, { ...b, env: { ...b.env, CPK_URL: restarted.url } });
    expect(existsSync(a.cwd)).toBe(false);
  });

  it('database replaced by garbage (renamed over, as an editor or a sync tool does): 503 naming the file; restoring it brings the project back', async () => {
    const s = await server();
    const { a, b, api } = await twoProjects(s);
    const file = dbFile(a);
    // A consistent one-file copy of the live database (its newest pages may still sit in the WAL).
    const backup = join(tempDir('cpk-backup-'), 'data.db');
    const reader = new Database(file);
    reader.prepare('VACUUM INTO ?').run(backup);
    reader.close();
    // The replacement arrives without the old write-ahead log, as a copied or synced file would.
    const tmp = `${file}.garbage`;
    writeFileSync(tmp, Buffer.from('this is not an SQLite database, just bytes '.repeat(200)));
    for (const suffix of ['-wal', '-shm']) rmSync(file + suffix, { force: true });
    renameSync(tmp, file);

    await expectUnavailable(api, a, /not a database|cannot open|unreadable|damaged/i);
    await expectWorking(api, b);

    copyFileSync(backup, `${file}.restored`);
    for (const suffix of ['-wal', '-shm']) rmSync(file + suffix, { force: true });
    renameSync(`${file}.restored`, file);
    const back = await api.GET('/api/tasks', { params: { query: { project_id: a.projectId } } });
    expect(back.response.status, JSON.stringify(back.error)).toBe(200);
    expect(back.data!.data.map((t) => t.title)).toEqual([`work of ${a.projectId}`]);
  });

  it('database overwritten in place with garbage (`cat junk > data.db`): never a 500, the server lives, a restart reports it', async () => {
    const s = await server();
    const { a, b, api } = await twoProjects(s);
    const file = dbFile(a);
    // Same inode, new bytes. SQLite may go on serving from its cache and write-ahead log (that cannot be
    // noticed cheaply per request); whatever it answers must be a result or the envelope, never a 500.
    writeFileSync(file, Buffer.alloc(64 * 1024, 0x5a));
    const q = { project_id: a.projectId };
    const answers = async (api_: ApiClient) => {
      for (let i = 0; i < 5; i++) {
        const res = await api_.POST('/api/tasks', { params: { query: q }, body: { title: `write ${i}` } });
        expect([201, 503], JSON.stringify(res.error)).toContain(res.response.status);
        if (res.response.status === 503) expectEnvelope(res.error as Envelope, 'project_unavailable');
        const read = await api_.GET('/api/tasks', { params: { query: q } });
        expect([200, 503], JSON.stringify(read.error)).toContain(read.response.status);
      }
    };
    await answers(api);
    await expectWorking(api, b);
    expect(s.child.exitCode).toBeNull();

    // Closing checkpoints the log over the garbage; whatever the file holds now, a fresh server says so clearly.
    expect(await s.stop()).toBe(0);
    rmSync(file, { force: true });
    writeFileSync(file, Buffer.alloc(64 * 1024, 0x5a));
    const restarted = await server(s.dataDir);
    const api2 = createClient(restarted.url);
    await expectUnavailable(api2, a, /damaged|not an SQLite database/i);
    await expectWorking(api2, { ...b, env: { ...b.env, CPK_URL: restarted.url } });
  });

  it('an unreadable project registry stops the server from starting, with a message naming the file', async () => {
    const dataDir = tempDir('cpk-registry-');
    writeFileSync(join(dataDir, 'projects.json'), '{"not": "a list"');
    const res = await runNode([SERVER, '--port', '0', '--data-dir', dataDir], { CPK_TOKEN: '' });
    expect(res.code).toBe(1);
    expect(res.output).toContain(join(dataDir, 'projects.json'));
    expect(res.output).not.toMatch(/\n\s+at /);
    // Nothing was overwritten: the user can still repair it.
    expect(readFileSync(join(dataDir, 'projects.json'), 'utf8')).toBe('{"not": "a list"');
  });
});
