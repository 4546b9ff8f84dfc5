import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createClient } from '../../../src/client/index.js';
import { cpk, startServer, type RunningServer } from '../../helpers/processes.js';
import { removeTempDirs, tempDir } from '../../helpers/temp.js';
import { LegacyDb, legacyFolder, legacyIso } from './legacy-db.js';
import { databaseSnapshot, folderSnapshot } from './snapshot.js';
import { LIVE, buildSchema3 } from './schema3-project.js';

let server: RunningServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
  removeTempDirs();
});

// Each folder gets its own id: one server serves them side by side.
const SCHEMA2 = '33333333-3333-4333-8333-333333333333';
// A config naming a project the server already serves elsewhere joins that board: failures need their own.
const SCHEMA9 = '44444444-4444-4444-8444-444444444444';
const BROKEN = '55555555-5555-4555-8555-555555555555';
const envFor = () => ({
  CPK_URL: server.url,
  CPK_DATA_DIR: server.dataDir,
  CPK_PORT: '',
  CPK_TOKEN: '',
  CPK_AGENT: '',
});

describe('migration of a codepakt 0.2 (schema 3) project', () => {
  it('keeps statuses, dependencies, docs and history, and the board works on it', async () => {
    const cwd = tempDir('cpk-schema3-');
    const ids = buildSchema3(cwd);
    const env = envFor();
    const before = Date.now();
    const init = await cpk(['init'], { cwd, env });
    expect(init.code, init.stderr).toBe(0);
    expect(init.json<{ project_id: string }>().project_id).toBe(LIVE);

    const api = createClient(server.url);
    const q = { project_id: LIVE };
    const tasks = (await api.GET('/api/tasks', { params: { query: { ...q, limit: 100 } } })).data!.data;
    const byNumber = Object.fromEntries(tasks.map((t) => [t.task_number, t]));
    expect(Object.keys(byNumber).sort()).toEqual([
      'T-001',
      'T-002',
      'T-003',
      'T-004',
      'T-005',
      'T-006',
      'T-007',
      'T-008',
      'T-010',
    ]);
    for (const [number, id] of Object.entries(ids)) expect(byNumber[number]?.id).toBe(id);
    expect(Object.fromEntries(tasks.map((t) => [t.task_number, t.status]))).toEqual({
      'T-001': 'done',
      'T-002': 'review',
      'T-003': 'in-progress',
      'T-004': 'blocked',
      'T-005': 'open',
      'T-006': 'backlog',
      'T-007': 'open',
      'T-008': 'open',
      'T-010': 'open',
    });
    expect(byNumber['T-001']).toMatchObject({
      priority: 'P0',
      epic: 'Setup',
      verify: 'npm test',
      acceptance_criteria: ['migrations run'],
      context_refs: ['D-001', 'docs/schema.md'],
      attempts: 1,
      completed_at: '2026-02-01T11:00:00.000Z',
    });
    expect(byNumber['T-001']!.notes).toEqual([
      { author: 'claude', text: 'Added tables.', created_at: '2026-02-01T10:45:00.000Z' },
    ]);
    expect(byNumber['T-002']!.notes).toEqual([
      { author: 'codex', text: 'Routes stubbed.', created_at: '2026-02-01T12:00:00.000Z' },
    ]);
    expect(byNumber['T-004']).toMatchObject({ blocker_reason: 'Waiting for hardware', attempts: 0 });
    expect(byNumber['T-006']).toMatchObject({ depends_on: ['T-003'], deps_met: false });
    expect(byNumber['T-007']).toMatchObject({ depends_on: ['T-002'], deps_met: true });
    expect(byNumber['T-008']).toMatchObject({ depends_on: [], deps_met: true });
    expect(byNumber['T-010']!.description).toBe('');
    // The task still claimed gets a whole lease from the migration, not an instant expiry.
    const lease = Date.parse(byNumber['T-003']!.lease_expires_at!);
    expect(lease).toBeGreaterThanOrEqual(before + 3600_000 - 5_000);
    expect(lease).toBeLessThanOrEqual(Date.now() + 3600_000);
    expect(byNumber['T-003']).toMatchObject({ assignee: 'codex', attempts: 1 });

    const docs = (await api.GET('/api/docs', { params: { query: q } })).data!.data;
    expect(docs.map((d) => [d.id, d.title, d.type, d.section, d.tags])).toEqual([
      ['D-001', 'PRD', 'reference', null, ['prd', 'requirements']],
      ['D-002', 'Use Postgres', 'decision', 'storage', ['db']],
      ['D-003', 'Flaky barcode test', 'learning', null, []],
    ]);
    expect(docs[1]!.updated_at).toBe('2026-02-02T08:00:00.000Z');
    expect(
      (await api.GET('/api/docs/search', { params: { query: { ...q, q: 'warehouse' } } })).data!.data.map((d) => d.id),
    ).toEqual(['D-001']);

    const events = (await api.GET('/api/events', { params: { query: { ...q, limit: 1000 } } })).data!.data;
    const migrated = events.find((e) => e.type === 'project.migrated')!;
    expect(migrated.payload).toMatchObject({
      from_schema_version: 3,
      tasks: 9,
      docs: 3,
      events: 19,
      agents: 3,
      other_project_rows: 4,
      dropped_dependencies: ['T-008 → T-099'],
    });
    expect(events.filter((e) => e.type === 'legacy.task_reassigned')).toMatchObject([
      { entity_id: ids['T-004'], actor: 'human', payload: { to: 'gemini', task_number: 'T-004' } },
    ]);
    expect(events.filter((e) => e.type === 'legacy.board_cleaned')).toMatchObject([
      { entity_id: LIVE, payload: { detail: 'not json' } },
    ]);
    expect(
      events.filter((e) => e.type === 'task.done').map((e) => (e.payload as { task_number: string }).task_number),
    ).toEqual(['T-001', 'T-002']);
    expect(events.filter((e) => e.type === 'task.approved')).toMatchObject([
      { entity_id: ids['T-001'], payload: { reviewed_by: 'human' } },
    ]);
    const times = events.map((e) => e.created_at);
    expect(times.slice(0, -1)).toEqual([...times.slice(0, -1)].sort());
    expect(events[0]).toMatchObject({ type: 'project.created', created_at: legacyIso('2026-02-01 09:00:00') });

    // Nothing of the older project id came along.
    expect(tasks.some((t) => t.title === 'Old task')).toBe(false);
    expect(docs.some((d) => d.title === 'Old doc')).toBe(false);
    const agents = (await api.GET('/api/agents', { params: { query: q } })).data!.data;
    expect(agents.map((a) => [a.name, a.status, a.current_task])).toEqual([
      ['claude', 'idle', null],
      ['codex', 'working', 'T-003'],
      ['gemini', 'idle', null],
    ]);

    // A second init changes nothing.
    const dbFile = join(cwd, '.codepakt', 'data.db');
    const dbBefore = databaseSnapshot(dbFile);
    const filesBefore = folderSnapshot(cwd);
    expect((await cpk(['init'], { cwd, env })).code).toBe(0);
    expect(databaseSnapshot(dbFile)).toEqual(dbBefore);
    expect(folderSnapshot(cwd)).toEqual(filesBefore);

    // The board runs on the migrated data: pickup order, dependency resolution, numbering.
    const pick = async (agent: string) => cpk(['task', 'pickup', '--agent', agent], { cwd, env });
    expect((await pick('a1')).json<{ task_number: string }>().task_number).toBe('T-007'); // P0, deps met via review
    expect((await pick('a2')).json<{ task_number: string }>().task_number).toBe('T-005');
    const done = await cpk(['task', 'done', 'T-003', '--agent', 'codex', '--notes', 'endpoint done'], { cwd, env });
    expect(done.code, done.stderr).toBe(0);
    const t6 = (await api.GET('/api/tasks/{id}', { params: { path: { id: 'T-006' }, query: q } })).data!.data;
    expect(t6).toMatchObject({ status: 'open', deps_met: true });
    expect(
      (await cpk(['task', 'add', '--title', 'Next'], { cwd, env })).json<{ task_number: string }>().task_number,
    ).toBe('T-012');
    expect(
      (await cpk(['docs', 'write', '--type', 'learning', '--title', 'n', '--body', 'b'], { cwd, env })).json<{
        id: string;
      }>().id,
    ).toBe('D-004');
  });
});

describe('migration of a codepakt 0.1 (schema 2) project', () => {
  it('tells 0.1.0 task_done completions from approvals by their order', async () => {
    const cwd = tempDir('cpk-schema2-');
    const legacy = new LegacyDb(legacyFolder(cwd, SCHEMA2, '0.1.1'), 2);
    const a = legacy.task(SCHEMA2, {
      number: 1,
      title: 'A',
      status: 'done',
      assignee: 'codex',
      notes: ['first pass', 'fixed after review'],
      created_at: '2026-03-01 10:00:00',
      updated_at: '2026-03-01 12:00:00',
    });
    const b = legacy.task(SCHEMA2, {
      number: 2,
      title: 'B',
      status: 'review',
      assignee: 'claude',
      notes: ['orphan note'],
      created_at: '2026-03-01 10:00:01',
      updated_at: '2026-03-01 11:00:00',
    });
    legacy.meta('next_task_number', '3');
    const ev = (task: string, action: string, at: string, agent: string | null, detail?: unknown) =>
      legacy.event(SCHEMA2, { task_id: task, agent, action, detail, at });
    ev(a, 'task_pickup', '2026-03-01 10:01:00', 'codex');
    ev(a, 'task_done', '2026-03-01 10:30:00', 'codex', { notes: 'first pass' });
    ev(a, 'task_done', '2026-03-01 10:40:00', null); // approval
    ev(a, 'task_pickup', '2026-03-01 11:00:00', 'claude');
    ev(a, 'task_done', '2026-03-01 11:30:00', 'claude', { notes: 'fixed after review' });
    ev(a, 'task_done', '2026-03-01 12:00:00', 'codex'); // approval by another agent
    ev(b, 'task_pickup', '2026-03-01 10:05:00', 'claude');
    ev(b, 'task_done', '2026-03-01 11:00:00', 'claude');
    legacy.close();

    const init = await cpk(['init'], { cwd, env: envFor() });
    expect(init.code, init.stderr).toBe(0);
    const api = createClient(server.url);
    const q = { project_id: SCHEMA2 };
    const events = (await api.GET('/api/events', { params: { query: { ...q, limit: 100 } } })).data!.data.filter((e) =>
      e.type.startsWith('task.'),
    );
    expect(events.map((e) => `${(e.payload as { task_number: string }).task_number} ${e.type} ${e.actor}`)).toEqual([
      'T-001 task.pickup codex',
      'T-002 task.pickup claude',
      'T-001 task.done codex',
      'T-001 task.approved system',
      'T-001 task.pickup claude',
      'T-002 task.done claude',
      'T-001 task.done claude',
      'T-001 task.approved codex',
    ]);
    const t1 = (await api.GET('/api/tasks/{id}', { params: { path: { id: 'T-001' }, query: q } })).data!.data;
    expect(t1.notes.map((n) => [n.author, n.text, n.created_at])).toEqual([
      ['codex', 'first pass', '2026-03-01T10:30:00.000Z'],
      ['claude', 'fixed after review', '2026-03-01T11:30:00.000Z'],
    ]);
    expect(t1.attempts).toBe(2);
    const t2 = (await api.GET('/api/tasks/{id}', { params: { path: { id: 'T-002' }, query: q } })).data!.data;
    // A note no event carried is credited to the assignee at the task's last update.
    expect(t2.notes).toEqual([{ author: 'claude', text: 'orphan note', created_at: '2026-03-01T11:00:00.000Z' }]);
  });
});

describe('migration failures', () => {
  it('refuses an unknown codepakt schema version with a clear 4xx and leaves the file alone', async () => {
    const cwd = tempDir('cpk-schema9-');
    const legacy = new LegacyDb(legacyFolder(cwd, SCHEMA9), 9);
    legacy.task(SCHEMA9, { number: 1, title: 'A', created_at: '2026-03-01 10:00:00' });
    legacy.close();
    const res = await cpk(['init'], { cwd, env: envFor() });
    expect(res.code).toBe(1);
    expect(res.error()).toMatchObject({ error: 'validation_error' });
    expect(res.error().message).toMatch(
      /schema version 9; only versions 2 \(codepakt 0\.1\) and 3 \(codepakt 0\.2\) can be migrated/,
    );
    const db = new Database(join(cwd, '.codepakt', 'data.db'), { readonly: true });
    expect(db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM tasks').get()?.n).toBe(1);
    db.close();
    expect(readdirSync(join(cwd, '.codepakt')).some((f) => f.startsWith('data.db.bak-'))).toBe(false);
  });

  it('a database that cannot be converted is rolled back whole; the error names the backup', async () => {
    const cwd = tempDir('cpk-broken-');
    const legacy = new LegacyDb(legacyFolder(cwd, BROKEN), 3);
    legacy.task(BROKEN, { number: 1, title: 'Fine', created_at: '2026-03-01 10:00:00' });
    legacy.db.prepare("UPDATE tasks SET task_number = 'TASK-ONE'").run();
    legacy.close();
    const dbFile = join(cwd, '.codepakt', 'data.db');
    const res = await cpk(['init'], { cwd, env: envFor() });
    expect(res.code).toBe(1);
    expect(res.error().message).toMatch(
      /failed and changed nothing \(a copy is at .*data\.db\.bak-.*\): task .* has an unreadable task number "TASK-ONE"/,
    );
    const db = new Database(dbFile, { readonly: true });
    expect(db.prepare<[], { version: number }>('SELECT version FROM schema_version').get()?.version).toBe(3);
    expect(
      db
        .prepare<[], { n: number }>(
          "SELECT COUNT(*) AS n FROM sqlite_master WHERE name IN ('meta', 'task_deps', 'docs_fts')",
        )
        .get()?.n,
    ).toBe(0);
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    db.close();
    expect(existsSync(join(cwd, '.codepakt', 'config.json'))).toBe(true);
  });
});
