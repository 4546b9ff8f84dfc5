import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../../src/client/index.js';
import { board } from '../../helpers/board.js';
import { createDatabase, testCluster } from '../../helpers/postgres.js';
import { cpk, initProject, type RunningServer, startServer } from '../../helpers/processes.js';
import { removeTempDirs, tempDir } from '../../helpers/temp.js';
import { fillProject, lines, readText, withoutProjectId } from './archive-helpers.js';

/**
 * A SQLite project moved into a server over PostgreSQL and back out, through real servers and real
 * `cpk`: the same archive at every step (tasks, docs, events, numbering), all or nothing on the way in.
 */
const TASKS = 1000;

describe.skipIf(!testCluster())('export and import between SQLite and PostgreSQL', () => {
  let db: { url: string; drop(): Promise<void> };
  let lite: RunningServer;
  let pg: RunningServer;
  let back: RunningServer;
  let project: { cwd: string; env: NodeJS.ProcessEnv; projectId: string };
  let work: string;
  let first: string;
  const on = (s: RunningServer, args: string[]) =>
    cpk(args, { cwd: work, env: { CPK_URL: s.url, CPK_DATA_DIR: s.dataDir } });

  beforeAll(async () => {
    db = await createDatabase(testCluster()!, 'archive_pg');
    [lite, pg, back] = await Promise.all([startServer(), startServer({ args: ['--database', db.url] }), startServer()]);
    project = await initProject(lite, 'moving');
    await fillProject(lite.url, project.projectId, TASKS);
    work = tempDir('cpk-archive-pg-');
    const out = await cpk(['export', '--out', join(work, 'sqlite.jsonl')], { cwd: project.cwd, env: project.env });
    expect(out.code, out.stderr).toBe(0);
    first = readText(join(work, 'sqlite.jsonl'));
  }, 120_000);
  afterAll(async () => {
    await Promise.all([lite?.stop(), pg?.stop(), back?.stop()]);
    await db?.drop();
    removeTempDirs();
  });

  it('imported into PostgreSQL keeps its id, and exported from there is the same archive, byte for byte', async () => {
    const imported = await on(pg, ['import', join(work, 'sqlite.jsonl')]);
    expect(imported.code, imported.stderr).toBe(0);
    const counts = (lines(first).at(-1) as { counts: Record<string, number> }).counts;
    expect(imported.json()).toMatchObject({ id: project.projectId, name: 'moving', kind: 'hosted', imported: counts });
    const out = await on(pg, ['export', '--project', project.projectId, '--out', join(work, 'pg.jsonl')]);
    expect(out.code, out.stderr).toBe(0);
    expect(readText(join(work, 'pg.jsonl'))).toBe(first);

    // Read through the API, tasks, docs and the log are the same on both servers.
    const q = { project_id: project.projectId };
    for (const id of ['T-002', 'T-003', 'T-011', 'T-023', 'T-100', 'T-200', `T-${TASKS}`]) {
      const [a, b] = await Promise.all(
        [lite, pg].map(
          async (s) =>
            (await createClient(s.url).GET('/api/tasks/{id}', { params: { path: { id }, query: q } })).data?.data,
        ),
      );
      expect(b).toEqual(a);
    }
    const [docsA, docsB] = await Promise.all(
      [lite, pg].map(async (s) => (await createClient(s.url).GET('/api/docs', { params: { query: q } })).data?.data),
    );
    expect(docsB).toEqual(docsA);
    const [logA, logB] = await Promise.all(
      [lite, pg].map(
        async (s) =>
          (await createClient(s.url).GET('/api/events', { params: { query: { ...q, limit: 1000 } } })).data?.data,
      ),
    );
    expect(logB).toEqual(logA);
    const [boardA, boardB] = await Promise.all(
      [lite, pg].map(
        async (s) => (await createClient(s.url).GET('/api/board/status', { params: { query: q } })).data?.data,
      ),
    );
    expect(boardB?.counts).toEqual(boardA?.counts);
    // The store's own checks pass on what the import wrote (gapless log, pending dependency counts).
    const check = await createClient(pg.url).POST('/api/projects/{id}/check', {
      params: { path: { id: project.projectId } },
    });
    expect(check.data?.data, JSON.stringify(check.error)).toMatchObject({ ok: true, problems: [] });
  });

  it('numbering, the log and the pickup order go on where they were, on PostgreSQL', async () => {
    const api = createClient(pg.url);
    const b = board(api, project.projectId);
    const latest = (
      await api.GET('/api/events', { params: { query: { project_id: project.projectId, order: 'desc', limit: 1 } } })
    ).data!.data[0]!;
    const task = await b.add({ title: 'made after the move' });
    expect(task.task_number).toBe(`T-${TASKS + 1}`);
    const doc = await api.POST('/api/docs', {
      params: { query: b.q },
      body: { type: 'reference', title: 'After', body: 'x' },
    });
    expect(doc.data?.data.id).toBe('D-004');
    expect(await b.events({ after: latest.id })).toEqual([
      expect.objectContaining({ id: latest.id + 1, type: 'task.created', entity_id: task.id }),
      expect.objectContaining({ id: latest.id + 2, type: 'doc.created' }),
    ]);
    // The same task comes first on both stores: P0, dependencies met, oldest.
    const [onLite, onPg] = await Promise.all(
      [lite, pg].map(
        async (s) =>
          board(createClient(s.url), project.projectId).ok(
            await board(createClient(s.url), project.projectId).pickup('newcomer'),
          ).data.task_number,
      ),
    );
    expect(onPg).toBe(onLite);
  });

  it('exported from PostgreSQL and imported into SQLite again is the same project', async () => {
    const out = await on(pg, ['export', '--project', project.projectId, '--out', join(work, 'pg2.jsonl')]);
    expect(out.code, out.stderr).toBe(0);
    const imported = await on(back, ['import', join(work, 'pg2.jsonl')]);
    expect(imported.code, imported.stderr).toBe(0);
    const again = await on(back, ['export', '--project', project.projectId, '--out', join(work, 'back.jsonl')]);
    expect(again.code, again.stderr).toBe(0);
    expect(readText(join(work, 'back.jsonl'))).toBe(readText(join(work, 'pg2.jsonl')));
  });

  it('an id the database has is refused with 409; --new-id makes a copy; a folder is refused naming into_folder', async () => {
    const again = await on(pg, ['import', join(work, 'sqlite.jsonl')]);
    expect(again.code).toBe(1);
    expect(again.error()).toMatchObject({ error: 'conflict' });
    expect(again.error().message).toContain(project.projectId);
    const copy = await on(pg, ['import', join(work, 'sqlite.jsonl'), '--new-id']);
    expect(copy.code, copy.stderr).toBe(0);
    const copyId = copy.json<{ id: string }>().id;
    const out = await on(pg, ['export', '--project', copyId]);
    expect(withoutProjectId(out.stdout)).toBe(withoutProjectId(first));
    const folder = await on(pg, ['import', join(work, 'sqlite.jsonl'), '--new-id', '--into-folder', tempDir('cpk-f-')]);
    expect(folder.code).toBe(1);
    expect(folder.error().message).toContain('into_folder');
  });

  it('a damaged or cut-short archive leaves no project behind, on any replica', async () => {
    const projects = async () =>
      ((await createClient(pg.url).GET('/api/projects')).data?.data ?? []).map((p) => p.id).sort();
    const before = await projects();
    const all = first.trimEnd().split('\n');
    const cases: [string, string[]][] = [
      ['cut short', all.slice(0, -200)],
      [
        'duplicate task id',
        all.map((l, i) => (i === 600 ? l.replace(/"id":"[^"]+"/, all[500]!.match(/"id":"[^"]+"/)![0]) : l)),
      ],
      ['NUL in a title', all.map((l, i) => (i === 700 ? l.replace(/"title":"/, '"title":"\\u0000') : l))],
    ];
    for (const [what, text] of cases) {
      const file = join(work, `bad-${what.replace(/ /g, '-')}.jsonl`);
      writeFileSync(file, `${text.join('\n')}\n`);
      const res = await on(pg, ['import', file, '--new-id']);
      expect(res.code, what).toBe(1);
      expect(res.error().error, what).toBe('validation_error');
      expect(res.error().message, what).toMatch(/line \d+/);
      expect(await projects(), what).toEqual(before);
    }
  });
});
