import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createClient } from '../../../src/client/index.js';
import { cpk, initProject, startServer, type RunningServer } from '../../helpers/processes.js';
import { removeTempDirs, tempDir } from '../../helpers/temp.js';
import { board } from '../../helpers/board.js';
import { fillProject, hostedFolders, lines, readText, withoutProjectId } from './archive-helpers.js';

/** Export → import on another server (another data dir) → export: the same archive, over real processes. */

const TASKS = 2000;
let a: RunningServer;
let b: RunningServer;
let project: { cwd: string; env: NodeJS.ProcessEnv; projectId: string };
let work: string;
let first: string;

beforeAll(async () => {
  [a, b] = await Promise.all([startServer(), startServer()]);
  project = await initProject(a, 'roundtrip');
  await fillProject(a.url, project.projectId, TASKS);
  work = tempDir('cpk-archive-');
  const out = await cpk(['export', '--out', join(work, 'a.jsonl')], { cwd: project.cwd, env: project.env });
  expect(out.code, out.stderr).toBe(0);
  first = readText(join(work, 'a.jsonl'));
}, 120_000);
afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  removeTempDirs();
});

const onB = (args: string[]) => cpk(args, { cwd: work, env: { CPK_URL: b.url, CPK_DATA_DIR: b.dataDir } });

describe('an archive of a busy project', () => {
  it('holds every record, in order, with a trailer that counts them', async () => {
    const out = await cpk(['export', '--out', join(work, 'again.jsonl')], { cwd: project.cwd, env: project.env });
    expect(out.json()).toMatchObject({ project_id: project.projectId, tasks: TASKS, docs: 3 });
    const records = lines(first);
    const kinds = records.map((r) => r.kind);
    expect(kinds[0]).toBe('header');
    expect(kinds.at(-1)).toBe('trailer');
    expect(kinds.filter((k) => k === 'task')).toHaveLength(TASKS);
    const trailer = records.at(-1) as { counts: Record<string, number> };
    expect(trailer.counts).toEqual({
      agents: kinds.filter((k) => k === 'agent').length,
      tasks: TASKS,
      docs: 3,
      events: kinds.filter((k) => k === 'event').length,
    });
    expect(records[0]).toEqual({
      kind: 'header',
      format: 'codepakt-archive',
      version: 1,
      project: {
        id: project.projectId,
        name: 'roundtrip',
        created_at: expect.any(String),
        settings: { lease_seconds: 1800, max_attempts: 5 },
        next_task_number: TASKS + 1,
        next_doc_number: 4,
      },
    });
    const statuses = new Set(records.filter((r) => r.kind === 'task').map((r) => r.status));
    expect([...statuses].sort()).toEqual(['backlog', 'blocked', 'cancelled', 'done', 'in-progress', 'open', 'review']);
    const t2 = records.find((r) => r.task_number === 'T-002');
    expect(t2).toMatchObject({ depends_on: [`T-${TASKS}`], deps_met: false });
    // Exported twice from an unchanged project: the same bytes (no export time in the data).
    expect(readText(join(work, 'again.jsonl'))).toBe(first);
  });

  it('imported into another server keeps its id, and exported there is the same archive', async () => {
    const imported = await onB(['import', join(work, 'a.jsonl')]);
    expect(imported.code, imported.stderr).toBe(0);
    const counts = (lines(first).at(-1) as { counts: Record<string, number> }).counts;
    expect(imported.json()).toMatchObject({
      id: project.projectId,
      name: 'roundtrip',
      kind: 'hosted',
      imported: counts,
      next: `cpk init --join ${project.projectId}`,
    });
    const out = await onB(['export', '--project', project.projectId, '--out', join(work, 'b.jsonl')]);
    expect(out.code, out.stderr).toBe(0);
    expect(readText(join(work, 'b.jsonl'))).toBe(first);

    // Tasks read through the API are the same on both servers, field by field.
    for (const id of ['T-002', 'T-003', 'T-011', 'T-023', 'T-100', `T-${TASKS}`]) {
      const [onA, onBTask] = await Promise.all(
        [a, b].map(
          async (s) =>
            (
              await createClient(s.url).GET('/api/tasks/{id}', {
                params: { path: { id }, query: { project_id: project.projectId } },
              })
            ).data?.data,
        ),
      );
      expect(onBTask).toEqual(onA);
    }
  });

  it('numbering, the log and the board go on where they were on the new server', async () => {
    const api = createClient(b.url);
    const bb = board(api, project.projectId);
    const before = await bb.events({ limit: 1, after: 0 });
    const latest = (
      await api.GET('/api/events', { params: { query: { project_id: project.projectId, order: 'desc', limit: 1 } } })
    ).data!.data[0]!;
    const task = await bb.add({ title: 'made after the move' });
    expect(task.task_number).toBe(`T-${TASKS + 1}`);
    const doc = await api.POST('/api/docs', {
      params: { query: bb.q },
      body: { type: 'reference', title: 'After the move', body: 'x' },
    });
    expect(doc.data?.data.id).toBe('D-004');
    const created = await bb.events({ type: 'task.created', after: latest.id });
    expect(created).toEqual([expect.objectContaining({ id: latest.id + 1, entity_id: task.id })]);
    expect(before[0]?.type).toBe('project.created');
    // The pickup order is the board's: an open P0 task with its dependencies met, oldest first.
    const picked = bb.ok(await bb.pickup('newcomer')).data;
    expect(picked.priority).toBe('P0');
    expect((await bb.list({ status: 'review' })).data.length).toBeGreaterThan(0);
  });

  it('imported again under a new id, or into a folder, is the same archive apart from the id', async () => {
    const copy = await onB(['import', join(work, 'a.jsonl'), '--new-id']);
    expect(copy.code, copy.stderr).toBe(0);
    const copyId = copy.json<{ id: string }>().id;
    expect(copyId).not.toBe(project.projectId);
    const out = await onB(['export', '--project', copyId]);
    expect(out.code, out.stderr).toBe(0);
    expect(JSON.parse(out.stdout.split('\n')[0]!).project.id).toBe(copyId);
    expect(withoutProjectId(out.stdout)).toBe(withoutProjectId(first));

    const folder = tempDir('cpk-archive-folder-');
    const intoFolder = await onB(['import', join(work, 'a.jsonl'), '--new-id', '--into-folder', folder]);
    expect(intoFolder.code, intoFolder.stderr).toBe(0);
    const placed = intoFolder.json<{ id: string; kind: string; path: string }>();
    expect(placed).toMatchObject({ kind: 'folder', path: folder });
    // The database in place, and nothing else of the import.
    expect(readdirSync(join(folder, '.codepakt')).filter((f) => !f.startsWith('data.db'))).toEqual([]);
    expect(existsSync(join(folder, '.codepakt', 'data.db'))).toBe(true);
    const fromFolder = await onB(['export', '--project', placed.id]);
    expect(withoutProjectId(fromFolder.stdout)).toBe(withoutProjectId(first));
    // cpk init in the folder keeps the imported project.
    const init = await cpk(['init'], { cwd: folder, env: { CPK_URL: b.url, CPK_DATA_DIR: b.dataDir } });
    expect(init.code, init.stderr).toBe(0);
    expect(init.json()).toMatchObject({ project_id: placed.id, created: false });

    // Hosted projects of B: the first import and the copy, and no leftover of any import.
    expect(hostedFolders(b.dataDir)).toEqual([project.projectId, copyId].sort());
    expect(existsSync(join(b.dataDir, 'projects', copyId, 'data.db'))).toBe(true);
  });

  it('a client that goes away mid-export costs nothing: the server goes on, and the next export is whole', async () => {
    const abort = new AbortController();
    const res = await fetch(`${a.url}/api/projects/${project.projectId}/export`, { signal: abort.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
    const reader = res.body!.getReader();
    const { value } = await reader.read();
    expect(new TextDecoder().decode(value).startsWith('{"kind":"header"')).toBe(true);
    abort.abort();
    await reader.cancel().catch(() => undefined);
    const again = await cpk(['export'], { cwd: project.cwd, env: project.env });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toBe(first);
    const missing = await cpk(['export', '--project', 'no-such-project'], { cwd: project.cwd, env: project.env });
    expect(missing.code).toBe(1);
    expect(missing.error()).toMatchObject({ error: 'project_not_found' });
  });

  it('an id the server has already is refused with 409 naming it, and nothing changes', async () => {
    const before = hostedFolders(b.dataDir);
    const again = await onB(['import', join(work, 'a.jsonl')]);
    expect(again.code).toBe(1);
    expect(again.error()).toMatchObject({ error: 'conflict' });
    expect(again.error().message).toContain(project.projectId);
    expect(again.error().message).toContain('--new-id');
    expect(hostedFolders(b.dataDir)).toEqual(before);
  });
});
